"""A PDF page's characters -> the blocks the text reader would have made.

Characters -> lines (same row, no wide gap); the header strip above the
top rule and the page foot below the bottom rule set apart; headline lines
(clearly larger than the body) grouped into headlines; every other line
given to the nearest headline, picture or frame above it that covers it,
with no rule between them (a *seed*: one story's start); each seed's lines
read in order, the lines above its columns first, then down each column
and across; lines -> paragraphs by first-line indent and short last
lines, a paragraph cut by a column end joined to its rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsgen.importer.header import DATE, PAGE_NUMBER
from newsgen.importer.model import Block, Box, join_text, squeeze
from newsgen.importer.pdf import Char, RawPage, fold_radicals
from newsgen.importer.pdf_seeds import SUB_RATIO, Line, Seed, distance, make_seeds, order_seeds, page_columns
from newsgen.newspaper.credits import parse_page_foot


@dataclass
class PageLayout:
    blocks: list[Block]
    header: list[str]
    foot: list[str]
    body_size: float


def make_lines(chars: tuple[Char, ...]) -> list[Line]:
    """Characters in content order -> lines: a new line where the row
    changes, the text goes back, or a gap wider than a character opens
    (wider than two across a space)."""
    lines: list[Line] = []
    run: list[Char] = []
    spaced = False
    for char in chars:
        if char.text.isspace():
            spaced = bool(run)
            continue
        if run and not _same_line(run[-1], char, spaced):
            lines.append(_line(run))
            run = []
        if run and spaced:
            run.append(Char(" ", run[-1].box, run[-1].size, False, False, run[-1].cell))
        run.append(char)
        spaced = False
    if run:
        lines.append(_line(run))
    return _mend([line for line in lines if line.text])


def _mend(pieces: list[Line]) -> list[Line]:
    """Pieces of one printed line drawn out of order (a justified line set
    in runs, punctuation from another font subset) joined left to right.
    A row is the pieces about its first one: columns whose baselines step a
    little each are not chained into one."""
    order = {id(piece): index for index, piece in enumerate(pieces)}
    rows: list[list[Line]] = []
    for piece in sorted(pieces, key=lambda p: ((p.cell[1] + p.cell[3]) / 2, p.cell[0])):
        row = next((r for r in reversed(rows[-6:]) if _same_row(r[0], piece)), None)
        if row is None:
            rows.append([piece])
        else:
            row.append(piece)
    mended: list[tuple[int, Line]] = []
    for index, row in enumerate(rows):
        row.sort(key=lambda p: p.cell[0])
        near = [p for r in _rows_about(rows, index, 3 * row[0].size) for p in r]
        first, current = order[id(row[0])], row[0]
        for piece in row[1:]:
            gap = piece.cell[0] - current.cell[2]
            size = max(piece.size, current.size)
            if -0.5 * size < gap < 0.25 * size and not _gutter_between(current, piece, near):
                current = _joined(current, piece, gap)
                first = min(first, order[id(piece)])
            else:
                mended.append((first, current))
                first, current = order[id(piece)], piece
        mended.append((first, current))
    return [line for _, line in sorted(mended, key=lambda item: item[0])]


def _rows_about(rows: list[list[Line]], index: int, reach: float) -> list[list[Line]]:
    """The rows (top to bottom) within ``reach`` above and below row ``index``."""

    def middle(row: list[Line]) -> float:
        return (row[0].cell[1] + row[0].cell[3]) / 2

    here, found = middle(rows[index]), []
    for step in (-1, 1):
        at = index + step
        while 0 <= at < len(rows) and abs(middle(rows[at]) - here) < reach:
            found.append(rows[at])
            at += step
    return found


def _gutter_between(left: Line, right: Line, near: list[Line]) -> bool:
    """None of the lines just above and below in this size runs across the
    seam, and they stop on one side of it and start on the other, or two of
    them end together where the left piece reaches (a column's justified
    edge; the right one may have nothing under it): a gutter, which a line
    hanging its punctuation into came within a point of the next column's
    line. Pieces of one line are joined where the lines about them run on."""
    seam = (left.cell[2] + right.cell[0]) / 2
    size = left.size
    rows = [
        p for p in near if abs(p.size - size) <= 0.05 * size and p.cell[0] < right.cell[2] and p.cell[2] > left.cell[0]
    ]
    if not rows or any(p.cell[0] < seam - 1 and p.cell[2] > seam + 1 for p in rows):
        return False
    ends = sorted((p.cell[2] for p in rows if p.cell[2] <= seam), reverse=True)
    edge = len(ends) >= 2 and ends[0] - ends[1] <= 1 and left.cell[2] >= ends[0] - 1
    return edge or (bool(ends) and any(p.cell[0] >= seam for p in rows))


def _joined(left: Line, right: Line, gap: float) -> Line:
    glue = " " if gap > 0.45 * max(left.size, right.size) else ""  # a space the font does not draw
    box = (left.box[0], min(left.box[1], right.box[1]), right.box[2], max(left.box[3], right.box[3]))
    cell = (left.cell[0], min(left.cell[1], right.cell[1]), right.cell[2], max(left.cell[3], right.cell[3]))
    lead = left.lead + len(glue) + right.lead if left.lead == len(left.text) else left.lead
    text = left.text + glue + right.text
    return Line(text, box, max(left.size, right.size), left.bold and right.bold, cell, min(lead, len(text)))


def _same_row(a: Line, b: Line) -> bool:
    """Pieces of one printed line: on one row and in one size. A line
    hanging its punctuation into the gutter comes within a point or two of
    the next column's, and a brief's title there is only a little larger."""
    size = max(a.size, b.size)
    close = abs((a.cell[1] + a.cell[3]) - (b.cell[1] + b.cell[3])) / 2 < 0.4 * size
    return close and max(a.size, b.size) <= 1.05 * min(a.size, b.size)


def _same_line(last: Char, char: Char, spaced: bool) -> bool:
    size = max(last.size, char.size, 1.0)
    if max(last.size, char.size) > 1.2 * max(min(last.size, char.size), 0.1):
        return False
    row = abs((last.cell[1] + last.cell[3]) - (char.cell[1] + char.cell[3])) / 2 < 0.4 * size
    gap = char.cell[0] - last.cell[2]
    return row and -0.5 * size < gap < (2.5 if spaced else 1.1) * size


def _line(run: list[Char]) -> Line:
    ink = [c for c in run if not c.text.isspace()]
    box = (
        min(c.box[0] for c in ink),
        min(c.box[1] for c in ink),
        max(c.box[2] for c in ink),
        max(c.box[3] for c in ink),
    )
    bold = sum(c.bold for c in ink) * 2 > len(ink)
    text = fold_radicals(squeeze("".join(c.text for c in run)))
    cell = (ink[0].cell[0], min(c.cell[1] for c in ink), ink[-1].cell[2], max(c.cell[3] for c in ink))
    return Line(text, box, max(c.size for c in ink), bold, cell, _bold_lead(run, ink))


def _bold_lead(run: list[Char], ink: list[Char]) -> int:
    """How many characters of the line's text are bold from its start."""
    lead = next((i for i, c in enumerate(ink) if not c.bold), len(ink))
    if lead == len(ink):
        return len(squeeze("".join(c.text for c in run)))
    return len(squeeze("".join(c.text for c in run[: run.index(ink[lead])]))) if lead else 0


def layout(page: RawPage) -> PageLayout:
    lines = make_lines(page.chars)
    top, bottom = _strip_edges(page, lines, body_size(lines))
    header = [line for line in lines if line.box[3] <= top]
    foot = [line for line in lines if line.box[1] >= bottom]
    lines = [line for line in lines if top < line.box[3] and line.box[1] < bottom]
    body = body_size(lines)
    seeds = make_seeds(page, lines, body)
    columns = page_columns(lines, body, page.width)
    blocks: list[Block] = []
    for seed in order_seeds(seeds, body):
        blocks += seed_blocks(seed, body, len(blocks), columns)
    return PageLayout(blocks, [line.text for line in header], [line.text for line in foot], body)


def _strip_edges(page: RawPage, lines: list[Line], body: float) -> tuple[float, float]:
    """The header strip ends at the first long rule near the top with text
    above it, the page foot starts at the last one near the bottom with text
    below it. Without rules: the top lines that carry the date or 第N版, and
    bottom lines in small print or a page-foot credit."""
    long = [r for r in page.rules if r[2] - r[0] > 0.6 * page.width and r[3] - r[1] < 4]
    tops = [r[1] for r in long if r[1] < 0.2 * page.height and any(ln.box[3] <= r[1] for ln in lines)]
    bottoms = [r[3] for r in long if r[3] > 0.85 * page.height and any(ln.box[1] >= r[3] for ln in lines)]
    top = min(tops) if tops else 0.0
    if not tops:
        near = [ln for ln in lines if ln.box[3] < 0.1 * page.height]
        marked = [
            ln.box[3] for ln in near if PAGE_NUMBER.search(ln.text) or DATE.search(ln.text) or parse_page_foot(ln.text)
        ]
        top = max((ln.box[3] for ln in near if marked and ln.box[1] <= max(marked)), default=0.0)
    bottom = max(bottoms) if bottoms else page.height
    if not bottoms:
        low = [ln for ln in lines if ln.box[1] > 0.94 * page.height]
        foot = [ln.box[1] for ln in low if parse_page_foot(ln.text) or ln.size < 0.9 * body]
        bottom = min(foot, default=page.height)
    return top, bottom


def body_size(lines: list[Line]) -> float:
    """The size most characters are set in."""
    weight: dict[float, int] = {}
    for line in lines:
        weight[round(line.size * 2) / 2] = weight.get(round(line.size * 2) / 2, 0) + len(line.text)
    return max(weight, key=lambda s: (weight[s], -s)) if weight else 10.0


def seed_blocks(seed: Seed, body: float, start: int, columns: list[tuple[float, float]]) -> list[Block]:
    blocks: list[Block] = []
    sizes = sorted({round(h.size) for h in seed.heads}, reverse=True)
    for head in sorted(seed.heads, key=lambda h: h.box[1]):
        level = min(3, sizes.index(round(head.size)) + 1)
        blocks.append(Block("heading", head.text, start + len(blocks) + 1, level, (head.text,), (head.box,)))
    if seed.frame and not seed.heads and _set_as_lines(seed.lines, body):
        blocks += _framed(sorted(seed.lines, key=lambda line: line.box[1]), start)
    else:
        blocks += _paragraphs(reading_order(seed.lines, body, columns), body, start + len(blocks))
    if not blocks:
        return []
    extra = tuple(b for b in (seed.picture, seed.frame, seed.span) if b)
    first = blocks[0]
    blocks[0] = Block(first.kind, first.text, first.line, first.level, first.lines, extra + first.boxes, True)
    return blocks


def _set_as_lines(lines: list[Line], body: float) -> bool:
    """A boxed item set as centred lines (the banner), not boxed paragraphs
    (a notice, however short: its lines start at one edge or indented
    from it, and end short at a paragraph's end)."""
    centres = sorted((line.box[0] + line.box[2]) / 2 for line in lines)
    return bool(centres) and centres[-1] - centres[0] <= body


def _framed(lines: list[Line], start: int) -> list[Block]:
    """A boxed item set as lines (社会主义核心价值观 over its twelve words):
    a larger first line is its heading, the rest one block of lines."""
    if not lines:
        return []
    blocks: list[Block] = []
    if len(lines) > 1 and lines[0].size > 1.08 * min(line.size for line in lines[1:]):
        blocks.append(Block("heading", lines[0].text, start + 1, 1, (lines[0].text,), (lines[0].box,)))
        lines = lines[1:]
    text = "  \n".join(line.text for line in lines) if len(lines) > 1 else lines[0].text
    lines_text = tuple(line.text for line in lines)
    blocks.append(Block("text", text, start + len(blocks) + 1, 0, lines_text, tuple(line.box for line in lines)))
    return blocks


def reading_order(lines: list[Line], body: float, page_cols: list[tuple[float, float]]) -> list[tuple[Line, Box]]:
    """(line, its column's box): the lines above the columns first (a
    byline under the headline), then each column top-down, left to right.
    Columns are the page's; a story most of whose lines fit none (a caption
    set across the columns under its photo, its short last line fitting
    one) finds its own."""
    if not lines:
        return []
    homes = {id(line): _home(line.box, page_cols, body) for line in lines}
    if 2 * sum(1 for home in homes.values() if home) < len(lines):
        page_cols = _local_columns(lines)
        homes = {id(line): _home(line.box, page_cols, body) for line in lines}
    start = min((line.box[1] for line in lines if homes[id(line)]), default=0.0)
    used = sorted({homes[id(line)] for line in lines if homes[id(line)]})
    above = sorted((line for line in lines if not homes[id(line)] and line.box[3] <= start + 1), key=_top)
    placed: dict[tuple[float, float], list[Line]] = {c: [] for c in used}
    for line in lines:
        home = homes[id(line)]
        if home is None and line.box[3] > start + 1:
            centre = (line.box[0] + line.box[2]) / 2
            home = min(used, key=lambda c: distance((c[0], 0, c[1], 0), centre))
        if home is not None:
            placed[home].append(line)
    for column in used:  # a line over the other columns' tops is above them all (a centred byline)
        placed[column].sort(key=_top)
        others = [placed[c][0].box[1] for c in used if c != column and placed[c]]
        while others and len(placed[column]) > 1 and placed[column][0].box[3] <= min(others) + 1:
            above.append(placed[column].pop(0))
    above.sort(key=_top)
    ordered = [(line, line.box) for line in above]
    for column in used:
        members = placed[column]
        box = (column[0], members[0].box[1], column[1], members[-1].box[3]) if members else None
        ordered += [(line, box) for line in members]
    return ordered


def _top(line: Line) -> float:
    return line.box[1]


def _home(box: Box, columns: list[tuple[float, float]], body: float) -> tuple[float, float] | None:
    hits = [c for c in columns if c[0] - 1 <= box[0] and box[2] <= c[1] + 0.6 * body]
    return min(hits, key=lambda c: c[1] - c[0]) if hits else None


def _local_columns(lines: list[Line]) -> list[tuple[float, float]]:
    """Columns from a story's own widest lines."""
    widest = max(line.box[2] - line.box[0] for line in lines)
    columns: list[tuple[float, float]] = []
    for line in sorted((ln for ln in lines if ln.box[2] - ln.box[0] > 0.75 * widest), key=lambda ln: ln.box[0]):
        half = 0.5 * (line.box[2] - line.box[0])
        hit = next((i for i, c in enumerate(columns) if min(c[1], line.box[2]) - max(c[0], line.box[0]) > half), None)
        if hit is None:
            columns.append((line.box[0], line.box[2]))
        else:
            columns[hit] = (min(columns[hit][0], line.box[0]), max(columns[hit][1], line.box[2]))
    # a short line (the last of a paragraph) still starts at its column's edge
    return [(lo, hi) for lo, hi in columns]


def _paragraphs(ordered: list[tuple[Line, Box]], body: float, start: int) -> list[Block]:
    blocks: list[Block] = []
    para: list[Line] = []
    boxes: list[Box] = []
    previous: tuple[Line, Box] | None = None

    def flush() -> None:
        if para:
            text = para[0].text
            for line in para[1:]:
                text = join_text(text, line.text)
            text = _run_in(para, text)
            # one logical line: its printed lines are only where the column wrapped it
            blocks.append(Block("text", text, start + len(blocks) + 1, 0, (text,), tuple(boxes)))
            para.clear()
            boxes.clear()

    head: Line | None = None
    pitch = _pitch(ordered)
    for line, column in ordered:
        if line.size >= SUB_RATIO * body or (line.bold and len(line.text) <= 30 and line.box[2] < column[2] - body):
            flush()
            box = line.box if column == line.box else (column[0], line.box[1], column[2], line.box[3])
            if head and abs(head.size - line.size) < 0.5 and 0 <= line.box[1] - head.box[3] < line.size:
                last = blocks[-1]  # a sub-heading wrapped over two lines
                text = join_text(last.text, line.text)
                blocks[-1] = Block("heading", text, last.line, 4, (text,), last.boxes + (box,))
            else:
                blocks.append(Block("heading", line.text, start + len(blocks) + 1, 4, (line.text,), (box,)))
            head, previous = line, None
            continue
        head = None
        if previous is None or _starts_paragraph(line, column, previous, body):
            flush()
        para.append(line)
        # a line in a column covers the column's width (a short last line too) and its pitch
        bottom = max(line.box[3], line.box[1] + pitch) if abs(line.size - body) < 0.5 else line.box[3]
        boxes.append(line.box if column == line.box else (column[0], line.box[1], column[2], bottom))
        previous = (line, column)
    flush()
    return blocks


def _pitch(ordered: list[tuple[Line, Box]]) -> float:
    """Top to top of the story's body lines that follow each other in a column
    (the median; 0 when none do): a line takes up its pitch, leading included."""
    steps = sorted(
        b[0].box[1] - a[0].box[1]
        for a, b in zip(ordered, ordered[1:])
        if a[1] == b[1]
        and abs(a[0].size - b[0].size) < 0.5
        and 0.9 * a[0].size < b[0].box[1] - a[0].box[1] < 2.5 * a[0].size
    )
    return steps[len(steps) // 2] if steps else 0.0


def _run_in(para: list[Line], text: str) -> str:
    """A paragraph that starts with a bold run followed by regular text (a
    brief's run-in title, over one line or two) marked **as in the text format**."""
    lead = ""
    for line in para:
        lead += line.text[: line.lead]
        if line.lead < len(line.text):
            break
    else:
        return text  # bold throughout
    if 2 <= len(lead) <= 30 and text.startswith(lead) and "*" not in lead:
        return f"**{lead}**{text[len(lead) :]}"
    return text


def _starts_paragraph(line: Line, column: Box, previous: tuple[Line, Box], body: float) -> bool:
    before, before_column = previous
    indent = line.box[0] - column[0] > 1.2 * line.size
    if before_column == before.box or column == line.box:  # a line above the columns stands alone
        return True
    short = before.box[2] < before_column[2] - 1.5 * before.size
    return indent or short or re.match(r"^[（(].{1,30}[）)]$", line.text) is not None
