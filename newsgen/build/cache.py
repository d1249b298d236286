"""The build cache, in a folder outside the output (``cache_dir``).

    state.pickle                parsed articles and editions by file hash
    fragments.sqlite            article HTML by fragment key
    templates/                  compiled Jinja templates
    sources.marshal             content files by path: stat and hash (a file with the same stat is not read)
    plan.marshal                each edition's planned outputs and keys, by a hash of its inputs (plan_memo.py)
    outputs-<id>-<ino>.marshal  what one generation of an output folder holds
    outputs-<id>-<ino>.dirty    files a build may have added to it since (journal)
    outputs-<id>-<ino>.delta    where it differs from the generation before it (a hint)

<id> hashes the output folder's path, <ino> is the inode number of the
folder that holds the generation (site/ or its standby copy, see
publish.py): it moves with the folder when the two are exchanged, so the
manifest follows its files with nothing written at exchange time. A
journal is written (and flushed) before newsgen changes a folder and
removed once its new manifest is saved: a folder with a journal is
"dirty" and is checked rather than trusted.

The cache is trusted like the site's own files (pickle and marshal are not
for data from strangers); it is safe to restore in CI from an earlier run.

Everything is keyed by content hashes, so a stale or foreign cache can
only cost time: a key that does not match is simply a miss."""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

from newsgen.codeid import CODE_ID
from newsgen.files import inode_of, write_atomic
from newsgen.errors import Diagnostic
from newsgen.publish.publisher import UNKNOWN

STATE_FORMAT = 2


@dataclass
class CacheState:
    parsed: dict = field(default_factory=dict)  # file key -> (Article | None, diagnostics)
    editions: dict = field(default_factory=dict)  # file key -> (Edition | None, diagnostics)


class BuildCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.state_path = folder / "state.pickle"
        self.fragments_path = folder / "fragments.sqlite"
        self.templates_path = folder / "templates"
        self.sources_path = folder / "sources.marshal"
        self.plan_path = folder / "plan.marshal"

    def load_state(self) -> CacheState:
        try:
            with open(self.state_path, "rb") as f:
                version, state = pickle.load(f)
            if (
                version == (STATE_FORMAT, CODE_ID)
                and isinstance(state, CacheState)
                and isinstance(getattr(state, "parsed", None), dict)
                and isinstance(getattr(state, "editions", None), dict)
            ):
                return state
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            pass  # a missing, old or damaged cache is an empty one
        return CacheState()

    def save_state(self, state: CacheState) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.state_path, pickle.dumps(((STATE_FORMAT, CODE_ID), state), protocol=5))

    def load_sources(self) -> dict:
        """Content file -> (stat, digest), as the last build saw them."""
        data = _read_marshal(self.sources_path)
        return data if isinstance(data, dict) else {}

    def save_sources(self, index: dict) -> None:
        self._write_marshal(self.sources_path, index)

    def load_plan(self, header: tuple) -> dict:
        """The plan memo an earlier build left (plan_memo.py), if made by
        this code with this theme (``header``); else an empty one."""
        data = _read_marshal(self.plan_path)
        if isinstance(data, tuple) and len(data) == 2 and data[0] == header and isinstance(data[1], dict):
            return data[1]
        return {}

    def save_plan(self, header: tuple, memo: dict) -> None:
        self._write_marshal(self.plan_path, (header, memo))

    def _write_marshal(self, path: Path, value) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, marshal.dumps(value))

    # ---- manifests: what newsgen wrote into each generation of an output folder

    def links_path(self, out: Path) -> Path:
        return self.folder / f"links-{_folder_ident(out)}.marshal"

    def load_links(self, out: Path) -> dict:
        """Output page -> (links, ids), as the link checker last saw it."""
        data = _read_marshal(self.links_path(out))
        return data if isinstance(data, dict) else {}

    def save_links(self, out: Path, pages: dict) -> None:
        self._write_marshal(self.links_path(out), pages)

    def manifest_path(self, out: Path, inode: int | None = None) -> Path:
        """The manifest of the generation held by the folder with this inode
        number (without one: the single manifest that earlier versions kept)."""
        ident = _folder_ident(out)
        return self.folder / (f"outputs-{ident}.marshal" if inode is None else f"outputs-{ident}-{inode}.marshal")

    def journal_path(self, out: Path, inode: int) -> Path:
        return self.folder / f"outputs-{_folder_ident(out)}-{inode}.dirty"

    def load_manifest(self, out: Path) -> "Manifest":
        """What the output folder (the live generation) holds; an empty
        manifest when there is no folder or nothing is known about it."""
        inode = inode_of(out)
        if inode is None:
            return Manifest()
        manifest = self.load_generation(out, inode)
        if manifest is not None:
            return manifest
        journal = self._read_journal(out, inode)
        if journal:  # a first build killed after its rename: the files it wrote, unverified
            return Manifest(files=dict.fromkeys(journal, UNKNOWN), dirty=True)
        return self._load_legacy(out)

    def load_generation(self, out: Path, inode: int) -> "Manifest | None":
        """The manifest of one generation (by its folder's inode), or None
        when there is none. Files its journal names are added with the
        record UNKNOWN, and the manifest is marked dirty."""
        try:
            data = marshal.loads(self.manifest_path(out, inode).read_bytes())
            tag, _code, inputs, diagnostics, files, counts = data
            if tag != MANIFEST_FORMAT or not isinstance(files, dict):
                return None
            manifest = Manifest(inputs, [Diagnostic(*d) for d in diagnostics], files, tuple(counts))
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            return None  # missing, old or damaged: nothing is known about that folder
        journal = self._read_journal(out, inode)
        if journal is not None:
            manifest.dirty, manifest.fingerprint = True, ""
            for output in journal:
                manifest.files.setdefault(output, UNKNOWN)
        return manifest

    def save_manifest(self, out: Path, manifest: "Manifest") -> None:
        """Record what the output folder (the live generation) now holds:
        durably, then the folder's journal is removed (it is clean)."""
        inode = inode_of(out)
        if inode is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        diagnostics = [tuple(d.__dict__.values()) for d in manifest.diagnostics]
        data = (MANIFEST_FORMAT, CODE_ID, manifest.fingerprint, diagnostics, manifest.files, manifest.counts)
        _write_durable(self.manifest_path(out, inode), marshal.dumps(data))
        self.journal_path(out, inode).unlink(missing_ok=True)
        self.manifest_path(out).unlink(missing_ok=True)  # the old single manifest, if any

    def delta_path(self, out: Path, inode: int) -> Path:
        return self.folder / f"outputs-{_folder_ident(out)}-{inode}.delta"

    def mark_dirty(self, out: Path, inode: int, outputs) -> None:
        """Before changing the folder with this inode: name every file the
        change may add (with those named by an earlier, unfinished change)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        names = set(outputs) | (self._read_journal(out, inode) or set())
        self.delta_path(out, inode).unlink(missing_ok=True)
        _write_durable(self.journal_path(out, inode), marshal.dumps((MANIFEST_FORMAT, sorted(names))))

    def save_delta(self, out: Path, inode: int, predecessor: int, changed) -> None:
        """Record that the folder ``inode``, as it is now, differs from the
        folder ``predecessor``, as its manifest says, exactly at ``changed``
        (a hint: the next build then needs neither to read that manifest nor
        to compare the two)."""
        stamp = self._manifest_stamp(out, predecessor)
        if stamp is not None:
            write_atomic(
                self.delta_path(out, inode), marshal.dumps((MANIFEST_FORMAT, predecessor, stamp, sorted(changed)))
            )

    def standby_delta(self, out: Path, live: int, standby: int) -> set | None:
        """Where the standby differs from site/, if both are as the last
        build left them (clean, unchanged manifests); None otherwise."""
        try:
            tag, predecessor, stamp, changed = marshal.loads(self.delta_path(out, live).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if (
            tag != MANIFEST_FORMAT
            or predecessor != standby
            or stamp != self._manifest_stamp(out, standby)
            or self._manifest_stamp(out, live) is None
        ):
            return None
        return set(changed)

    def _manifest_stamp(self, out: Path, inode: int) -> tuple | None:
        """Identifies a clean generation's manifest as it is now (None: dirty or none)."""
        if self.journal_path(out, inode).exists():
            return None
        try:
            st = os.stat(self.manifest_path(out, inode))
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns, st.st_ino)

    def forget_generations(self, out: Path, keep: set[int]) -> None:
        """Remove the manifests and journals of folders that no longer
        exist, before any new folder is made (inode numbers are reused)."""
        ident = _folder_ident(out)
        pattern = re.compile(rf"\.?outputs-{ident}-(\d+)\.(marshal|dirty|delta)(\.\d+\.tmp)?")
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            match = pattern.fullmatch(entry.name)
            if match and (int(match[1]) not in keep or match[3]):
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass

    def _read_journal(self, out: Path, inode: int) -> set | None:
        try:
            tag, names = marshal.loads(self.journal_path(out, inode).read_bytes())
            return set(names) if tag == MANIFEST_FORMAT else set()
        except FileNotFoundError:
            return None
        except (OSError, EOFError, ValueError, TypeError):
            return set()  # damaged: still dirty

    def _load_legacy(self, out: Path) -> "Manifest":
        try:
            data = marshal.loads(self.manifest_path(out).read_bytes())
            # Whatever code wrote it, its list of files says what may be
            # pruned; its keys and fingerprint include that code's identity,
            # so they simply do not match when the code has changed.
            _code, inputs, diagnostics, files, counts = data
            if isinstance(files, dict):
                return Manifest(inputs, [Diagnostic(*d) for d in diagnostics], files, tuple(counts))
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            pass  # missing, old or damaged: as if there were no last build
        return Manifest()


MANIFEST_FORMAT = "newsgen-generation-1"


@dataclass
class Manifest:
    """What newsgen wrote into one generation of an output folder, and from what."""

    fingerprint: str = ""  # of all inputs (see source.fingerprint)
    diagnostics: list = field(default_factory=list)  # its warnings, replayed when nothing changed
    files: dict = field(default_factory=dict)  # output -> (task key, size, mtime_ns, inode)
    counts: tuple = (0, 0)  # editions, articles
    dirty: bool = False  # a journal names files a killed build may have added


def _read_marshal(path: Path):
    """A value this cache saved, or None when it is missing or damaged (a miss)."""
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _folder_ident(out: Path) -> str:
    return hashlib.blake2b(str(Path(out).resolve()).encode(), digest_size=8).hexdigest()


def _write_durable(path: Path, data: bytes) -> None:
    """Write, flush to disk, rename into place: after a power loss the file
    is the old one or the new one, and the new one is complete. (The rename
    itself is not flushed: journaling file systems commit it before any
    later change, such as the output files the journal speaks of.)"""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
