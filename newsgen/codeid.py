"""The identity of the newsgen code that builds: a hash of its own source
files. Every cache key includes it, so a cache made by other code (another
commit of the same version, restored in CI) is never taken for this one's."""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsgen import __version__

PACKAGE = Path(__file__).resolve().parent

# What never touches a build's output, by folder: editing it must not make
# every site rebuild from scratch. The live preview, the importer and the
# commands around the build (the CLI, scaffolding, what the terminal shows)
# only call the build; everything else can change the bytes it writes.
NOT_OUTPUT = ("preview/", "importer/", "cli.py", "console.py", "progress.py", "scaffold.py", "__main__.py")


def output_modules(package: Path = PACKAGE) -> list[Path]:
    """Every module of ``package`` (subpackages included) that can change
    what a build writes, in a fixed order."""
    modules = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        if not rel.startswith(NOT_OUTPUT) and "__pycache__" not in rel:
            modules.append(path)
    return modules


def code_id(package: Path = PACKAGE) -> str:
    h = hashlib.blake2b(__version__.encode(), digest_size=12)
    for path in output_modules(package):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


CODE_ID = code_id()  # computed once at import: about a millisecond, constant afterwards
