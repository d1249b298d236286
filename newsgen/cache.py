"""The build cache, in a folder outside the output (``cache_dir``).

    state.pickle        parsed articles by file hash, fragment facts by body key
    fragments.sqlite    article HTML by body key
    outputs-<id>.json   what the last build wrote to one output folder

Everything is keyed by content hashes, so a stale or foreign cache can
only cost time: a key that does not match is simply a miss."""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__

STATE_FORMAT = 1


@dataclass
class CacheState:
    parsed: dict = field(default_factory=dict)      # file key -> (Article | None, diagnostics)
    fragments: dict = field(default_factory=dict)   # body key -> FragmentInfo


class BuildCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.state_path = folder / "state.pickle"
        self.fragments_path = folder / "fragments.sqlite"

    def load_state(self) -> CacheState:
        try:
            with open(self.state_path, "rb") as f:
                version, state = pickle.load(f)
            if version == (STATE_FORMAT, __version__) and isinstance(state, CacheState):
                return state
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            pass   # a missing, old or damaged cache is an empty one
        return CacheState()

    def save_state(self, state: CacheState) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.state_path, pickle.dumps(((STATE_FORMAT, __version__), state), protocol=5))

    def manifest_path(self, out: Path) -> Path:
        ident = hashlib.blake2b(str(out.resolve()).encode(), digest_size=8).hexdigest()
        return self.folder / f"outputs-{ident}.json"

    def load_manifest(self, out: Path) -> dict[str, list]:
        """Output file -> [task key, size, mtime_ns] as last written."""
        try:
            data = json.loads(self.manifest_path(out).read_text("utf-8"))
            if data.get("version") == __version__ and isinstance(data.get("files"), dict):
                return data["files"]
        except (OSError, ValueError, AttributeError):
            pass
        return {}

    def save_manifest(self, out: Path, files: dict[str, list]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": __version__, "files": files}, ensure_ascii=False, sort_keys=True)
        _write_atomic(self.manifest_path(out), text.encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
