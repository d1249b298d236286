"""pyproject.toml declares what newsgen imports, and imports what it declares."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions

from conftest import REPO

# Declared for what they bring besides a module to import (a program to run, say): none today.
NOT_IMPORTED: set[str] = set()


def imported_distributions() -> set[str]:
    names = set()
    for path in (REPO / "newsgen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    names -= set(sys.stdlib_module_names) | {"newsgen", "__future__"}
    found = packages_distributions()
    return {normal(found[name][0]) for name in names}


def normal(name: str) -> str:
    """A distribution's name as the packaging rules compare them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    text = (REPO / "pyproject.toml").read_text("utf-8")  # (tomllib is not in Python 3.10)
    block = text.split("\ndependencies = [\n", 1)[1].split("\n]", 1)[0]
    specs = re.findall(r'^\s*"([^"]+)"', block, re.M)
    return {normal(re.split(r"[<>=\[ ;]", spec, maxsplit=1)[0]) for spec in specs}


def test_every_imported_distribution_is_declared_and_every_declared_one_is_used():
    imported = imported_distributions()
    assert imported - declared() == set()
    assert declared() - imported - NOT_IMPORTED == set()
    assert "tornado" in declared() and "livereload" not in declared()
