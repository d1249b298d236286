"""YAML with positions: load a mapping and remember the line of every key.

PyYAML's C loader composes the node tree fast; we keep the nodes long
enough to record key lines, refuse duplicate keys (PyYAML silently keeps
the last one) and alias bombs, then construct plain Python values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from newsgen.content.slips import comment_slip, find_slips, quoted, stray_items
from newsgen.errors import Diagnostic, error
from newsgen.i18n import Msg, msg

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# An alias may repeat a large subtree; past this many expanded nodes the
# document is refused instead of being built ("billion laughs").
MAX_EXPANDED_NODES = 100_000


@dataclass
class YamlDoc:
    data: object = None
    lines: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (line, col)
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # key -> line of each list item
    source: dict[str, str] = field(default_factory=dict)  # key -> the text of its line

    def quote_hint(self, key: str) -> Msg | str:
        """How to write ``key``'s line so that YAML reads its value as text."""
        line = self.source.get(key, "")
        _key, sep, value = line.partition(":")
        if not sep or not value.strip():
            return ""
        return msg("put the value in quotes: {line}", line=f"{key}: {quoted(value)}")


def load_yaml(text: str, path: str, first_line: int = 1) -> tuple[YamlDoc, list[Diagnostic]]:
    """Parse ``text`` (which starts at ``first_line`` of ``path``)."""
    offset = first_line - 1
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(data=None), []
        if not isinstance(node, yaml.MappingNode) and (slips := find_slips(text, path, offset)):
            return YamlDoc(), slips  # key：value alone reads as one string
        problems = (
            _check_nodes(node, path, offset)
            or _comments_for_values(node, text, path, offset)
            or stray_items(text, path, offset)
        )
        if problems:
            return YamlDoc(), problems
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        slips = find_slips(text, path, offset)
        if slips:
            return YamlDoc(), slips
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (first_line, 0)
        message = (exc.problem or str(exc)).strip()
        if exc.context and exc.problem:
            message = f"{exc.context.strip()}: {message}"
            if exc.context_mark and exc.context_mark.line != getattr(mark, "line", None):
                message += f" (started at line {exc.context_mark.line + 1 + offset})"
        return YamlDoc(), [error(path, line, col, msg("invalid YAML: {problem}", problem=message))]
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        return YamlDoc(), [error(path, first_line, 0, msg("invalid YAML: {problem}", problem=exc))]
    finally:
        loader.dispose()
    return YamlDoc(data, *_key_positions(node, offset, text.split("\n"))), []


def _key_positions(node, offset: int, text_lines: list[str]):
    lines: dict[str, tuple[int, int]] = {}
    items: dict[str, list[int]] = {}
    source: dict[str, str] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            lines[key] = (key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            source[key] = text_lines[key_node.start_mark.line]
            if isinstance(value_node, yaml.SequenceNode):
                items[key] = [item.start_mark.line + 1 + offset for item in value_node.value]
    return lines, items, source


def _comments_for_values(root, text: str, path: str, offset: int) -> list[Diagnostic]:
    """``title: # 1``: YAML reads an empty title and a comment; an editor
    meant the text. Reported for keys of the top mapping with no value."""
    problems = []
    if isinstance(root, yaml.MappingNode):
        lines = text.split("\n")
        for key_node, value_node in root.value:
            if isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null") and not value_node.value:
                slip = comment_slip(lines[key_node.start_mark.line])
                if slip:
                    problems.append(error(path, key_node.start_mark.line + 1 + offset, *slip))
    return problems


def _check_nodes(root, path: str, offset: int) -> list[Diagnostic]:
    """Duplicate keys in any mapping, and documents that expand too far."""
    problems: list[Diagnostic] = []
    sizes: dict[int, int] = {}

    def size(node) -> int:
        # Memoised on node identity: an alias is the same node object, so
        # the tree is walked once while its expanded size is counted.
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # a recursive alias counts once, not forever
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    line = key_node.start_mark.line + 1 + offset
                    if key_node.value in seen:
                        problems.append(
                            error(
                                path,
                                line,
                                key_node.start_mark.column + 1,
                                msg(
                                    "duplicate key '{key}' (first at line {first})",
                                    key=key_node.value,
                                    first=seen[key_node.value],
                                ),
                            )
                        )
                    seen.setdefault(key_node.value, line)
                total += size(key_node) + size(value_node)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        total = min(total, MAX_EXPANDED_NODES + 1)
        sizes[id(node)] = total
        return total

    if size(root) > MAX_EXPANDED_NODES:
        mark = root.start_mark
        problems.append(
            error(
                path,
                mark.line + 1 + offset,
                0,
                msg("YAML document expands to more than {limit} values (alias bomb?)", limit=MAX_EXPANDED_NODES),
            )
        )
    return problems


def decode_text(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 (a BOM is accepted) with CRLF turned into LF."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [
            error(
                path,
                line,
                0,
                msg("file is not valid UTF-8 (byte offset {start})", start=exc.start),
                msg("save it as UTF-8"),
            )
        ]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [error(path, line, 0, msg("file contains a NUL byte"))]
    return text, []
