"""The identity of the newsgen code that builds: a hash of its own source
files. Every cache key includes it, so a cache made by other code (another
commit of the same version, restored in CI) is never taken for this one's."""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsgen import __version__

# Modules that never touch a build's output: editing them must not make
# every site rebuild from scratch.
NOT_OUTPUT = {
    "cli.py",
    "serve.py",
    "watch.py",
    "scaffold.py",
    "progress.py",
    "importer.py",
    "importer_parse.py",
    "importer_bylines.py",
    "__main__.py",
}


def _code_id() -> str:
    h = hashlib.blake2b(__version__.encode(), digest_size=12)
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        if path.name not in NOT_OUTPUT:
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


CODE_ID = _code_id()  # computed once at import: about a millisecond, constant afterwards
