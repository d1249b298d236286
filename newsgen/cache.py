"""The build cache, in a folder outside the output (``cache_dir``).

    state.pickle          parsed articles and editions by file hash
    fragments.sqlite      article HTML by fragment key
    outputs-<id>.marshal  what the last build wrote to one output folder

The cache is trusted like the site's own files (pickle and marshal are not
for data from strangers); it is safe to restore in CI from an earlier run.

Everything is keyed by content hashes, so a stale or foreign cache can
only cost time: a key that does not match is simply a miss."""
from __future__ import annotations

import hashlib
import marshal
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .codeid import CODE_ID
from .errors import Diagnostic

STATE_FORMAT = 2


@dataclass
class CacheState:
    parsed: dict = field(default_factory=dict)      # file key -> (Article | None, diagnostics)
    editions: dict = field(default_factory=dict)    # file key -> (Edition | None, diagnostics)


class BuildCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.state_path = folder / "state.pickle"
        self.fragments_path = folder / "fragments.sqlite"

    def load_state(self) -> CacheState:
        try:
            with open(self.state_path, "rb") as f:
                version, state = pickle.load(f)
            if (version == (STATE_FORMAT, CODE_ID) and isinstance(state, CacheState)
                    and isinstance(getattr(state, "parsed", None), dict)
                    and isinstance(getattr(state, "editions", None), dict)):
                return state
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            pass   # a missing, old or damaged cache is an empty one
        return CacheState()

    def save_state(self, state: CacheState) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.state_path, pickle.dumps(((STATE_FORMAT, CODE_ID), state), protocol=5))

    def manifest_path(self, out: Path) -> Path:
        ident = hashlib.blake2b(str(out.resolve()).encode(), digest_size=8).hexdigest()
        return self.folder / f"outputs-{ident}.marshal"

    def load_manifest(self, out: Path) -> "Manifest":
        try:
            data = marshal.loads(self.manifest_path(out).read_bytes())
            # Whatever code wrote it, its list of files says what may be
            # pruned; its keys and fingerprint include that code's identity,
            # so they simply do not match when the code has changed.
            _code, inputs, diagnostics, files, counts = data
            if isinstance(files, dict):
                return Manifest(inputs, [Diagnostic(*d) for d in diagnostics], files, tuple(counts))
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            pass   # missing, old or damaged: as if there were no last build
        return Manifest()

    def save_manifest(self, out: Path, manifest: "Manifest") -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        diagnostics = [tuple(d.__dict__.values()) for d in manifest.diagnostics]
        data = (CODE_ID, manifest.fingerprint, diagnostics, manifest.files, manifest.counts)
        _write_atomic(self.manifest_path(out), marshal.dumps(data))


@dataclass
class Manifest:
    """What the last build wrote into one output folder, and from what."""
    fingerprint: str = ""                          # of all inputs (see source.fingerprint)
    diagnostics: list = field(default_factory=list)  # its warnings, replayed when nothing changed
    files: dict = field(default_factory=dict)      # output -> (task key, size, mtime_ns)
    counts: tuple = (0, 0)                         # editions, articles


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
