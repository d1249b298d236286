"""The message ids the code uses, and the catalog kept in step with them.

    python -m newsgen.i18n.update      adds every new message id of the
                                        code to zh_CN.po (untranslated),
                                        and reports the ones no code uses

A message id is the first argument, a string literal, of a call to
``msg()``. tests/test_i18n.py checks that each has a translation with the
same ``{fields}``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
CATALOG = Path(__file__).resolve().parent / "zh_CN.po"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: zh_CN\\n"\n'


def message_ids(package: Path = PACKAGE) -> dict[str, str]:
    """msgid -> where it is first used (path:line), over every module."""
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "msg"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{path.relative_to(package.parent)}:{node.lineno}")
    return found


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def update(catalog: Path = CATALOG) -> tuple[list[str], list[str]]:
    """Append the code's new message ids to the catalog; (added, unused)."""
    from newsgen.i18n import read_po

    text = catalog.read_text("utf-8") if catalog.exists() else HEADER
    known = read_po(text)
    listed = set(known) | {line[7:-1] for line in text.splitlines() if line.startswith('msgid "')}
    used = message_ids()
    added = [m for m in used if m not in listed and quote(m)[1:-1] not in listed]
    for msgid in added:
        text += f'\n#: {used[msgid]}\nmsgid {quote(msgid)}\nmsgstr ""\n'
    catalog.write_text(text, "utf-8")
    return added, sorted(set(known) - set(used))


if __name__ == "__main__":
    added, unused = update()
    print(f"{len(added)} message ids added to {CATALOG.name}; unused: {len(unused)}")
    for msgid in unused:
        print(f"  unused: {msgid}")
    sys.exit(0)
