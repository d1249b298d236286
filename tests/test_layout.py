"""The architecture, checked: the layers docs/architecture.md draws, no
import cycle, modules and functions of a readable size, the packages the
wheel ships, and the code identity that every cache key includes."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from newsgen import codeid

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "newsgen"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path) -> set[str]:
    """The newsgen modules a module imports, anywhere in it (an import
    inside a function is still a dependency)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("newsgen")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsgen"):
            assert node.level == 0, f"{path}: relative import"
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return {m for m in found if m != "newsgen"} | ({"newsgen"} if "newsgen" in found else set())


def documented_layers() -> dict[str, int]:
    """Unit (a top-level module or package of newsgen) -> its layer, from
    the table under '## Layers' in docs/architecture.md."""
    text = (REPO / "docs" / "architecture.md").read_text("utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    layers = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].isdigit():
            for unit in re.findall(r"`([a-z0-9_]+)`", cells[1]):
                layers[unit] = int(cells[0])
    return layers


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_unit_of_the_package_has_a_documented_layer():
    layers = documented_layers()
    units = {unit_of(m) for m in MODULES} - {"__init__"}
    assert sorted(units - layers.keys()) == []
    assert sorted(layers.keys() - units) == []


def test_nothing_imports_upward_or_sideways():
    """A module imports its own package and lower layers only."""
    layers = documented_layers() | {"__init__": 0}
    wrong = []
    for module, path in MODULES.items():
        mine = unit_of(module)
        for target in imports_of(path):
            theirs = unit_of(target)
            if theirs != mine and layers[theirs] >= layers[mine]:
                wrong.append(f"{module} imports {target} (layer {layers[theirs]} >= {layers[mine]})")
    assert wrong == []


def test_no_import_cycle():
    graph = {m: {t for t in imports_of(p) if t in MODULES and t != m} for m, p in MODULES.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_every_module_imports_on_its_own():
    """Each module imported first, in a fresh interpreter state: an import
    that works only because another module was imported before fails here."""
    names = [m for m in MODULES if not m.endswith("__main__")]
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'newsgen' or m.startswith('newsgen.')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_modules_and_functions_are_of_a_readable_size():
    too_long = []
    for module, path in MODULES.items():
        source = path.read_text("utf-8")
        if source.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{module}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{module}.{node.name}: {length} lines")
    assert too_long == []


def test_the_wheel_names_every_package():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    on_disk = {module_name(p.parent) for p in PACKAGE.rglob("__init__.py")} | {"newsgen.themes"}
    assert listed == on_disk


@pytest.fixture
def package_copy(tmp_path) -> Path:
    copy = tmp_path / "newsgen"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def test_a_module_that_shapes_the_output_changes_the_code_identity(package_copy):
    before = codeid.code_id(package_copy)
    assert before == codeid.CODE_ID
    append(package_copy / "build" / "plan" / "seo.py", "\n# edited\n")
    after_edit = codeid.code_id(package_copy)
    (package_copy / "render" / "extra.py").write_text("X = 1\n")
    after_new_module = codeid.code_id(package_copy)
    assert len({before, after_edit, after_new_module}) == 3


def test_the_preview_the_importer_and_the_commands_do_not(package_copy):
    before = codeid.code_id(package_copy)
    for rel in ("preview/server.py", "importer/text.py", "cli.py", "console.py", "scaffold.py"):
        append(package_copy / rel, "\n# edited\n")
    assert codeid.code_id(package_copy) == before
