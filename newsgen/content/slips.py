"""The slips editors make in YAML, found line by line with a precise hint.

PyYAML reports a full-width colon one line late ("could not find expected
':'"), a tab as "found character that cannot start any token", and a
headline such as ``title: 会议强调: 抓好…`` as "mapping values are not
allowed here". When a document does not parse (or is not a mapping), each
line is read on its own for the slips below, and those are reported at
the line and column where the editor made them, instead of the parser's
message. Quoting a value is always the fix for a value YAML misreads, so
the hint shows the line as it should be written.
"""

from __future__ import annotations

import re

import yaml

from newsgen.errors import Diagnostic, error
from newsgen.i18n import Msg, msg

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
# key：value, key ：value, key　：value (a full-width colon after a key).
FULL_WIDTH_COLON = re.compile(rf"^( *(?:- +)?)({KEY})[ \u3000]*：")
# key:　value (a full-width space where the half-width one goes).
FULL_WIDTH_SPACE = re.compile(rf"^( *(?:- +)?)({KEY}):\u3000")
KEY_LINE = re.compile(rf"^( *)((?:- +)?)({KEY}):(?: +(.*))?$")
ITEM = re.compile(r"^( *)-(?: |$)")
ANY_ITEM = re.compile(r"^ *-(?: |$)", re.M)
BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*\s*(?:#.*)?$")
# What a value may not start with unless it is quoted (or is really a list
# or mapping written in brackets).
SPECIAL_START = "[{\"'@`*&!%|>"


def find_slips(text: str, path: str, offset: int) -> list[Diagnostic]:
    """Every slip in ``text`` (its first line is line ``offset + 1`` of ``path``)."""
    lines = text.split("\n")
    problems: list[Diagnostic] = []
    block_indent = None  # inside a block scalar (|, >) more indented than this
    for index, line in enumerate(lines):
        number = index + 1 + offset
        indent = len(line) - len(line.lstrip(" \t"))
        if not line.strip() or line.lstrip(" \t").startswith("#"):
            continue
        if block_indent is not None and indent > block_indent:
            continue
        block_indent = None
        slip = _line_slip(lines, index)
        if slip is not None:
            col, message, hint = slip
            problems.append(error(path, number, col, message, hint))
            continue
        match = KEY_LINE.match(line)
        if match and match.group(4) is not None and BLOCK_SCALAR.match(match.group(4)):
            block_indent = len(match.group(1)) + len(match.group(2))
    return problems


def stray_items(text: str, path: str, offset: int) -> list[Diagnostic]:
    """``tags: 时政`` then ``  - 会议``: valid YAML (one text, "时政 - 会议"),
    but an editor meant a list. Checked in documents that parsed."""
    if not ANY_ITEM.search(text):
        return []
    lines = text.split("\n")
    problems = []
    for index, line in enumerate(lines):
        item = ITEM.match(line)
        if item and not _in_list(lines, index, len(item.group(1))):
            slip = _line_slip(lines, index)
            if slip is not None:
                col, message, hint = slip
                problems.append(error(path, index + 1 + offset, col, message, hint))
    return problems


def _line_slip(lines: list[str], index: int) -> tuple[int, Msg, Msg] | None:
    line = lines[index]
    lead = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in lead:
        return (
            lead.index("\t") + 1,
            msg("a tab in the indentation"),
            msg("indent with spaces: YAML does not allow tabs there"),
        )
    match = FULL_WIDTH_COLON.match(line)
    if match:
        return (
            match.end(),
            msg("full-width colon after the key '{key}'", key=match.group(2)),
            msg("“：” is a full-width colon: type a half-width “:”"),
        )
    match = FULL_WIDTH_SPACE.match(line)
    if match:
        return (
            match.end(),
            msg("full-width space after '{key}:'", key=match.group(2)),
            msg("“　” is a full-width space: type a half-width space after the colon"),
        )
    item = ITEM.match(line)
    if item and not _in_list(lines, index, len(item.group(1))):
        return (
            len(item.group(1)) + 1,
            msg("a list item ('- ') outside a list"),
            msg("a list goes under a key with nothing after its colon, e.g. 'tags:' then '  - 时政'"),
        )
    match = KEY_LINE.match(line)
    if match and match.group(4):
        return _value_slip(lines, index, match)
    return None


def _in_list(lines: list[str], index: int, indent: int) -> bool:
    """A '- ' item at ``indent`` continues a list: the line it belongs to
    (the last one before it indented no more) is an item at that indent or
    a key with nothing after its colon."""
    for earlier in reversed(lines[:index]):
        stripped = earlier.strip()
        if not stripped or stripped.startswith("#"):
            continue
        own = len(earlier) - len(earlier.lstrip(" "))
        if own > indent:
            continue
        item = ITEM.match(earlier)
        if item and own == indent:
            return True
        key = KEY_LINE.match(earlier)
        if key is None and not item:
            continue  # the text of a value continued over lines
        value = (key.group(4) or "").split("#")[0].strip() if key else "-"
        return not value or bool(BLOCK_SCALAR.match(value))
    return False


def _value_slip(lines: list[str], index: int, match: re.Match) -> tuple[int, Msg, Msg] | None:
    key, value = match.group(3), match.group(4)
    if _reads(f"{key}: {value}") or _opens_flow(lines, index, value):
        return None
    if value[0] in "[{" and ("]" if value[0] == "[" else "}") not in value:
        return None  # a list or mapping not closed: the parser's message says so
    col = len(lines[index]) - len(value) + 1
    fixed = f"{match.group(1)}{match.group(2)}{key}: {quoted(value)}"
    hint = msg("put the value in quotes: {line}", line=fixed.strip())
    if value[0] in SPECIAL_START:
        return (
            col,
            msg("the value of '{key}' starts with '{char}', which YAML reads as markup", key=key, char=value[0]),
            hint,
        )
    inner = value.find(": ")
    if inner >= 0 or value.endswith(":"):
        inner = inner if inner >= 0 else len(value) - 1
        return col + inner, msg("the value of '{key}' contains ': ', which YAML reads as a new key", key=key), hint
    return col, msg("the value of '{key}' cannot be read as YAML", key=key), hint


def comment_slip(line: str) -> tuple[int, Msg, Msg] | None:
    """``key: # …``: YAML reads what follows '#' as a comment and the value
    as empty. (col, message, hint), or None."""
    match = KEY_LINE.match(line)
    if not match or not (match.group(4) or "").startswith("#"):
        return None
    key, value = match.group(3), match.group(4)
    fixed = f"{key}: {quoted(value)}"
    return (
        len(line) - len(value) + 1,
        msg("the value of '{key}' starts with '#', which YAML reads as a comment", key=key),
        msg("put the value in quotes: {line}", line=fixed),
    )


def quoted(value: str) -> str:
    """``value`` as a YAML quoted scalar: double quotes unless it holds
    one (or a backslash, an escape there), then single quotes."""
    value = value.strip()
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _reads(text: str) -> bool:
    loader = Loader(text)
    try:
        loader.get_single_node()
        return True
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()


def _opens_flow(lines: list[str], index: int, value: str) -> bool:
    """``tags: [时政,`` continued on the next, more indented line."""
    if value[0] not in "[{" or value.count(value[0]) <= value.count("]" if value[0] == "[" else "}"):
        return False
    indent = len(lines[index]) - len(lines[index].lstrip(" "))
    following = next((line for line in lines[index + 1 :] if line.strip()), "")
    return len(following) - len(following.lstrip(" ")) > indent
