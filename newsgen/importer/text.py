"""Reading the raw text of one laid-out page (exported from its PDF, or
pasted from WPS): lines -> headings and paragraphs (``Block``), page-foot
credits and the page header line taken out. ``parse_page`` is pure (text
in, ``ImportedPage`` out); what happens to the blocks after that is
``newsgen.importer.stories``, shared with the PDF reader. The format is
described in docs/import.md.
"""

from __future__ import annotations

from dataclasses import replace

from newsgen.importer.header import is_header_line, read_header
from newsgen.importer.model import COLUMNS, DASH, HEADING, SENTENCE_MARKS, Block, ImportedPage, join_text, squeeze
from newsgen.importer.stories import parse_blocks
from newsgen.newspaper.credits import parse_credit, parse_page_foot, split_opening


def parse_page(text: str, *, keep_punctuation: bool = False) -> ImportedPage:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    top = next((i for i, line in enumerate(lines) if line.strip()), None)
    header: dict[str, object] = {}
    head_credits: tuple[tuple[str, str], ...] = ()
    if top is not None and is_header_line(lines[top]):
        header, head_credits = read_header([lines[top].lstrip("# ")])
        lines[top] = ""  # the header line is the page's, not an article's
    blocks, credits = split_blocks("\n".join(lines))
    page = parse_blocks(blocks, head_credits + credits, keep_punctuation=keep_punctuation)
    return replace(page, header=header or None)


def split_blocks(text: str) -> tuple[list[Block], tuple[tuple[str, str], ...]]:
    """Lines -> headings and paragraphs (runs of non-blank lines). Page-foot
    credits (责任编辑：X) are taken out wherever they stand."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.strip() for line in raw]
    blocks: list[Block] = []
    credits: list[tuple[str, str]] = []
    para: list[tuple[int, str, bool]] = []  # line number, text, ends in a hard break
    for index, line in enumerate(lines):
        heading = HEADING.match(line) or _label(line, lines, index)
        if (not line or heading) and para:
            blocks.append(_paragraph(para))
            para = []
        if heading:
            blocks.append(Block("heading", squeeze(heading.group(2)), index + 1, len(heading.group(1))))
        elif line and (foot := parse_page_foot(line)):
            credits.extend(foot)
        elif (
            line and DASH.match(line) and not para and blocks and blocks[-1].kind == "heading" and lines[index - 1]
        ):  # ——副题 right under the headline
            blocks.append(Block("heading", squeeze(line), index + 1, blocks[-1].level + 1))
        elif line and _continues_heading(blocks, para, lines, index):
            blocks[-1] = replace(blocks[-1], text=f"{blocks[-1].text} {squeeze(line)}")
        elif line:
            para.append((index + 1, line, raw[index].endswith("  ")))
    if para:
        blocks.append(_paragraph(para))
    return blocks, tuple(credits)


def _paragraph(para: list[tuple[int, str, bool]]) -> Block:
    """Lines of a paragraph are one text (the export wraps them) unless the
    line ends in two spaces, Markdown's hard break, which is kept (verse)."""
    text = para[0][1]
    for (_, _, hard), (_, line, _) in zip(para, para[1:], strict=False):
        text = f"{text}  \n{line}" if hard else join_text(text, line)
    return Block("text", text, para[0][0], lines=tuple(line for _, line, _ in para))


def _continues_heading(blocks: list[Block], para: list, lines: list[str], index: int) -> bool:
    """A headline split over two lines where only the first got its '#':
    a short, unpunctuated line right under a heading, alone before a blank."""
    line = lines[index]
    after = lines[index + 1] if index + 1 < len(lines) else ""
    return (
        not para
        and bool(blocks)
        and blocks[-1].kind == "heading"
        and index > 0
        and bool(lines[index - 1])
        and (not after or after.startswith("#"))
        and len(line) <= 20
        and not SENTENCE_MARKS.search(line)
        and not DASH.match(line)
        and parse_credit(line, need_role=True) is None
        and split_opening(line) is None
    )


def _label(line: str, lines: list[str], index: int):
    """短讯 / 【简讯】 on a line of its own labels a column of briefs: read it
    as the heading it is."""
    after = lines[index + 1] if index + 1 < len(lines) else ""
    if line.strip("【】[]■●◆ ") in COLUMNS and not after:
        return HEADING.match(f"## {line.strip('【】[]■●◆ ')}")
    return None
