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
from collections import Counter
from dataclasses import dataclass, field

from newsgen.importer.model import Block, Box, join_text, squeeze
from newsgen.importer.pdf import Char, RawPage, fold_radicals

HEAD_RATIO = 1.3  # a headline is this much larger than the body
SUB_RATIO = 1.08  # a sub-heading or a brief's title: a little larger


@dataclass
class Line:
    text: str
    box: Box
    size: float
    bold: bool = False


@dataclass
class Seed:
    box: Box
    heads: list[Line] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    picture: Box | None = None
    frame: Box | None = None
    reach: tuple[float, float] = (0.0, 0.0)  # the room a headline stands over
    span: Box | None = None  # the headline across the columns under it: part of the zone


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
            run.append(Char(" ", run[-1].box, run[-1].size, False, False))
        run.append(char)
        spaced = False
    if run:
        lines.append(_line(run))
    return [line for line in lines if line.text]


def _same_line(last: Char, char: Char, spaced: bool) -> bool:
    size = max(last.size, char.size, 1.0)
    if max(last.size, char.size) > 1.2 * max(min(last.size, char.size), 0.1):
        return False
    row = abs((last.box[1] + last.box[3]) - (char.box[1] + char.box[3])) / 2 < 0.4 * size
    gap = char.box[0] - last.box[2]
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
    return Line(text, box, max(c.size for c in ink), bold)


def layout(page: RawPage) -> PageLayout:
    lines = make_lines(page.chars)
    top, bottom = _strip_edges(page)
    header = [line for line in lines if line.box[3] <= top]
    foot = [line for line in lines if line.box[1] >= bottom]
    lines = [line for line in lines if top < line.box[3] and line.box[1] < bottom]
    body = body_size(lines)
    seeds = make_seeds(page, lines, body)
    blocks: list[Block] = []
    for seed in order_seeds(seeds, body):
        blocks += seed_blocks(seed, body, len(blocks))
    return PageLayout(blocks, [line.text for line in header], [line.text for line in foot], body)


def _strip_edges(page: RawPage) -> tuple[float, float]:
    """The header strip ends at a long rule near the top; the page foot
    starts at one near the bottom."""
    long = [r for r in page.rules if r[2] - r[0] > 0.6 * page.width and r[3] - r[1] < 4]
    tops = [r[1] for r in long if r[1] < 0.2 * page.height]
    bottoms = [r[3] for r in long if r[3] > 0.85 * page.height]
    return (max(tops) if tops else 0.0), (min(bottoms) if bottoms else page.height)


def body_size(lines: list[Line]) -> float:
    """The size most characters are set in."""
    weight: dict[float, int] = {}
    for line in lines:
        weight[round(line.size * 2) / 2] = weight.get(round(line.size * 2) / 2, 0) + len(line.text)
    return max(weight, key=lambda s: (weight[s], -s)) if weight else 10.0


# ---------------------------------------------------------------- seeds


def make_seeds(page: RawPage, lines: list[Line], body: float) -> list[Seed]:
    frames = [f for f in page.frames if any(_inside(line.box, f) for line in lines)]
    heads = [line for line in lines if line.size >= HEAD_RATIO * body and not _in_any(line.box, frames)]
    seeds = _group_heads(heads)
    seeds += [Seed(p, picture=p) for p in page.pictures if p[3] - p[1] > 3 * body]
    seeds += [Seed(f, frame=f) for f in frames]
    rules = [r for r in page.rules if r[2] - r[0] > r[3] - r[1]]
    _set_reach(seeds, lines, [r for r in page.rules if r[3] - r[1] > r[2] - r[0]])
    columns = page_columns(lines, body)
    for line in lines:
        if line.size >= HEAD_RATIO * body and not _in_any(line.box, frames):
            continue
        seed = _owner(line, seeds, rules, columns, body)
        if seed is None:
            seed = Seed(line.box)
            seeds.append(seed)
        seed.lines.append(line)
        seed.box = _union(seed.box, line.box)
    usual = sorted(c[1] - c[0] for c in columns)[len(columns) // 2] if columns else 0.0
    for seed in seeds:
        spanned = [
            c
            for c in columns
            if seed.reach[0] - 1 <= (c[0] + c[1]) / 2 <= seed.reach[1] + 1 and c[1] - c[0] <= 1.3 * usual
        ]
        if seed.heads and spanned and not seed.picture and not seed.frame:
            head = _head_box(seed)
            seed.span = (min(c[0] for c in spanned), head[1], max(c[1] for c in spanned), head[3])
    return _merge_empty(seeds)


def _group_heads(heads: list[Line]) -> list[Seed]:
    """Headline lines stacked close together (kicker, title, subtitle)."""
    seeds: list[Seed] = []
    for line in sorted(heads, key=lambda h: h.box[1]):
        near = [
            s
            for s in seeds
            if _x_overlap(s.box, line.box) > 0 and line.box[1] - s.box[3] < 0.9 * max(line.size, s.heads[-1].size)
        ]
        if near:
            near[-1].heads.append(line)
            near[-1].box = _union(near[-1].box, line.box)
        else:
            seeds.append(Seed(line.box, heads=[line]))
    return seeds


def page_columns(lines: list[Line], body: float) -> list[tuple[float, float]]:
    """The text columns: body lines grouped by their left edge, each group's
    right edge the one most of its lines end at (justified); indented first
    lines share a right edge with their column and are dropped."""
    groups: dict[int, list[Line]] = {}
    for line in lines:
        if line.size < SUB_RATIO * body and line.box[2] - line.box[0] > 4 * body:
            groups.setdefault(round(line.box[0] / 4), []).append(line)
    columns: dict[int, tuple[float, float]] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        rights = Counter(round(line.box[2] / 2) for line in members)
        mode = rights.most_common(1)[0][0]
        right = max(line.box[2] for line in members if round(line.box[2] / 2) == mode)
        left = min(line.box[0] for line in members)
        key = round(right / 4)
        if key not in columns or columns[key][0] > left:
            columns[key] = (left, right)
    return sorted(columns.values())


def _column_centre(box: Box, columns: list[tuple[float, float]], body: float) -> float:
    centre = (box[0] + box[2]) / 2
    hits = [c for c in columns if c[0] - 1 <= box[0] and box[2] <= c[1] + 0.6 * body]
    if not hits:
        return centre
    lo, hi = min(hits, key=lambda c: c[1] - c[0])
    return (lo + hi) / 2


def _owner(
    line: Line, seeds: list[Seed], rules: list[Box], columns: list[tuple[float, float]], body: float
) -> Seed | None:
    framed = [s for s in seeds if s.frame and _inside(line.box, s.frame)]
    if framed:
        return framed[0]
    width = line.box[2] - line.box[0]
    best, best_bottom = None, -1.0
    for seed in seeds:
        if seed.frame or seed.box[1] > line.box[1] + 1:
            continue
        anchor = seed.picture or _head_box(seed)
        centre = _column_centre(line.box, columns, body)
        if anchor[3] > line.box[1] + 2 or not seed.reach[0] - 1 <= centre <= seed.reach[1] + 1:
            continue
        if any(anchor[3] - 1 < r[1] < line.box[1] and _x_overlap(r, line.box) > 0.5 * width for r in rules):
            continue  # a rule between: another story
        if anchor[3] > best_bottom:
            best, best_bottom = seed, anchor[3]
    return best


def _set_reach(seeds: list[Seed], lines: list[Line], upright: list[Box]) -> None:
    """A headline is centred over its columns, which reach out sideways to
    the next headline, picture or upright rule beside it, or the text's edge."""
    left = min((line.box[0] for line in lines), default=0.0)
    right = max((line.box[2] for line in lines), default=0.0)
    for seed in seeds:
        if seed.picture or seed.frame:
            seed.reach = (seed.box[0], seed.box[2])
            continue
        box = _head_box(seed)
        beside = [o.box for o in seeds if o is not seed and o.box[1] < box[3] and o.box[3] > box[1]]
        beside += [r for r in upright if r[1] < box[3] and r[3] > box[1]]
        lo = max([(b[2] + box[0]) / 2 for b in beside if b[2] <= box[0] + 1] + [left])
        hi = min([(b[0] + box[2]) / 2 for b in beside if b[0] >= box[2] - 1] + [right])
        seed.reach = (lo, hi)


def _head_box(seed: Seed) -> Box:
    if not seed.heads:
        return seed.box
    box = seed.heads[0].box
    for head in seed.heads[1:]:
        box = _union(box, head.box)
    return box


def _merge_empty(seeds: list[Seed]) -> list[Seed]:
    """A headline with nothing under it sits over a picture or a frame:
    图片新闻 above its photo. It joins the seed right below it."""
    kept = [s for s in seeds if s.lines or s.picture or s.frame]
    for seed in (s for s in seeds if not (s.lines or s.picture or s.frame)):
        below = [k for k in kept if k.box[1] >= seed.box[3] - 1 and _x_overlap(k.box, seed.box) > 0]
        if below:
            target = min(below, key=lambda k: k.box[1])
            target.heads[:0] = seed.heads
            target.box = _union(target.box, seed.box)
        else:
            kept.append(seed)
    return kept


def order_seeds(seeds: list[Seed], body: float) -> list[Seed]:
    """Top to bottom; seeds starting at about the same height left to right."""
    ordered = sorted(seeds, key=lambda s: s.box[1])
    rows: list[list[Seed]] = []
    for seed in ordered:
        if rows and seed.box[1] - rows[-1][0].box[1] < 2 * body:
            rows[-1].append(seed)
        else:
            rows.append([seed])
    return [seed for row in rows for seed in sorted(row, key=lambda s: s.box[0])]


# ---------------------------------------------------------------- reading a seed


def seed_blocks(seed: Seed, body: float, start: int) -> list[Block]:
    blocks: list[Block] = []
    sizes = sorted({round(h.size) for h in seed.heads}, reverse=True)
    for head in sorted(seed.heads, key=lambda h: h.box[1]):
        level = min(3, sizes.index(round(head.size)) + 1)
        blocks.append(Block("heading", head.text, start + len(blocks) + 1, level, (head.text,), (head.box,)))
    if seed.frame and not seed.heads:
        blocks += _framed(sorted(seed.lines, key=lambda line: line.box[1]), start)
    else:
        blocks += _paragraphs(reading_order(seed.lines, body), body, start + len(blocks))
    if not blocks:
        return []
    extra = tuple(b for b in (seed.picture, seed.frame, seed.span) if b)
    first = blocks[0]
    blocks[0] = Block(first.kind, first.text, first.line, first.level, first.lines, extra + first.boxes, True)
    return blocks


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


def reading_order(lines: list[Line], body: float) -> list[tuple[Line, Box]]:
    """(line, its column's box): the lines above the columns first (a
    byline under the headline), then each column top-down, left to right."""
    if not lines:
        return []
    widest = max(line.box[2] - line.box[0] for line in lines)
    full = [line for line in lines if line.box[2] - line.box[0] > 0.75 * widest]
    columns: list[Box] = []
    for line in sorted(full, key=lambda item: item.box[0]):
        hit = next(
            (i for i, c in enumerate(columns) if _x_overlap(c, line.box) > 0.5 * (line.box[2] - line.box[0])), None
        )
        if hit is None:
            columns.append(line.box)
        else:
            columns[hit] = _union(columns[hit], line.box)
    columns.sort(key=lambda c: c[0])
    start = min(c[1] for c in columns)
    above = sorted((line for line in lines if line.box[3] <= start + 1), key=lambda item: item.box[1])
    placed: list[list[Line]] = [[] for _ in columns]
    for line in lines:
        if line.box[3] > start + 1:
            centre = (line.box[0] + line.box[2]) / 2
            index = min(range(len(columns)), key=lambda i: _distance(columns[i], centre))
            placed[index].append(line)
    ordered = [(line, line.box) for line in above]
    for column, members in zip(columns, placed, strict=True):
        ordered += [(line, column) for line in sorted(members, key=lambda item: item.box[1])]
    return ordered


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
            # one logical line: its printed lines are only where the column wrapped it
            blocks.append(Block("text", text, start + len(blocks) + 1, 0, (text,), tuple(boxes)))
            para.clear()
            boxes.clear()

    for line, column in ordered:
        if line.size >= SUB_RATIO * body or (line.bold and len(line.text) <= 30 and line.box[2] < column[2] - body):
            flush()
            blocks.append(Block("heading", line.text, start + len(blocks) + 1, 4, (line.text,), (line.box,)))
            previous = None
            continue
        if previous is None or _starts_paragraph(line, column, previous, body):
            flush()
        para.append(line)
        # a line in a column covers the column's width: a short last line too
        boxes.append(line.box if column == line.box else (column[0], line.box[1], column[2], line.box[3]))
        previous = (line, column)
    flush()
    return blocks


def _starts_paragraph(line: Line, column: Box, previous: tuple[Line, Box], body: float) -> bool:
    before, before_column = previous
    indent = line.box[0] - column[0] > 1.2 * line.size
    if before_column == before.box or column == line.box:  # a line above the columns stands alone
        return True
    short = before.box[2] < before_column[2] - 1.5 * before.size
    return indent or short or re.match(r"^[（(].{1,30}[）)]$", line.text) is not None


# ---------------------------------------------------------------- geometry


def _x_overlap(a: Box, b: Box) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _inside(box: Box, outer: Box) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def _in_any(box: Box, outers: list[Box]) -> bool:
    return any(_inside(box, o) for o in outers)


def _distance(column: Box, x: float) -> float:
    return 0.0 if column[0] <= x <= column[2] else min(abs(column[0] - x), abs(column[2] - x))
