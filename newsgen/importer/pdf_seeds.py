"""Which lines belong to which story on a PDF page: *seeds* are the
story starts (headlines grouped into kicker, title and subtitle; pictures;
frames around text), each centred over the text columns under it; every
other line goes to the nearest seed above whose columns hold it, with no
rule between them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsgen.importer.model import Box
from newsgen.importer.pdf import RawPage

HEAD_RATIO = 1.3  # a headline is this much larger than the body
SUB_RATIO = 1.08  # a sub-heading or a brief's title: a little larger


@dataclass
class Line:
    text: str
    box: Box
    size: float
    bold: bool = False
    cell: Box = (0.0, 0.0, 0.0, 0.0)  # the characters' advances: where the line really starts and ends
    lead: int = 0  # how many characters of the text, from its start, are bold


@dataclass
class Seed:
    box: Box
    heads: list[Line] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    picture: Box | None = None
    frame: Box | None = None
    reach: tuple[float, float] = (0.0, 0.0)  # the room a headline stands over
    span: Box | None = None  # the headline across the columns under it: part of the zone


def make_seeds(page: RawPage, lines: list[Line], body: float) -> list[Seed]:
    """Seeds, each with its lines. A frame with text in it is a boxed story;
    an image, or a shape with no text in it, is a picture."""
    shapes = [*page.frames, *page.pictures]
    frames = [f for f in shapes if any(_inside(line.box, f) for line in lines)]
    pictures = [p for p in shapes if p not in frames and p[3] - p[1] > 3 * body and p[2] - p[0] > 3 * body]
    pictures = [p for p in pictures if not any(o != p and _inside(p, o) for o in pictures)]
    heads = [line for line in lines if line.size >= HEAD_RATIO * body and not _in_any(line.box, frames)]
    heads += _stacked_on(heads, [line for line in lines if not _in_any(line.box, frames)], body)
    headed = {id(head) for head in heads}
    seeds = _group_heads(heads)
    seeds += [Seed(p, picture=p) for p in pictures]
    seeds += [Seed(f, frame=f) for f in frames if not any(o != f and _inside(f, o) for o in frames)]
    rules = [r for r in page.rules if r[2] - r[0] > r[3] - r[1]]
    columns = page_columns(lines, body, page.width)
    _set_reach(seeds, lines, [r for r in page.rules if r[3] - r[1] > r[2] - r[0]], columns, body)
    for line in lines:
        if id(line) in headed:
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


def _stacked_on(heads: list[Line], lines: list[Line], body: float) -> list[Line]:
    """Lines a little larger than the body set right above or below a
    headline and over it: its kicker or subtitle in a size only a step
    above the body's (小四 over 五号), part of the headline."""
    found = []
    for line in lines:
        if not SUB_RATIO * body <= line.size < HEAD_RATIO * body:
            continue
        for head in heads:
            gap = max(head.box[1] - line.box[3], line.box[1] - head.box[3])
            narrower = min(line.box[2] - line.box[0], head.box[2] - head.box[0])
            if -1 < gap < 0.9 * line.size and _x_overlap(line.box, head.box) > 0.5 * narrower:
                found.append(line)
                break
    return found


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


def page_columns(lines: list[Line], body: float, page_width: float = 0.0) -> list[tuple[float, float]]:
    """The text columns: body lines grouped by their left edge, each group's
    right edge the one most of its lines end at (justified); a group nested
    in the column is none (indented first lines, centred bylines)."""
    texts = [line for line in lines if line.size < SUB_RATIO * body and line.box[2] - line.box[0] > 4 * body]
    columns: list[tuple[float, float, int]] = []  # left, right, lines
    for members in _by_left_edge(texts, 0.2 * body):
        if len(members) < 2:
            continue
        rights = Counter(round(line.box[2] / 2) for line in members)
        mode, count = rights.most_common(1)[0]
        right = max(line.box[2] for line in members if round(line.box[2] / 2) == mode)
        left = min(line.box[0] for line in members)
        columns.append((left, right, count))
    # of two groups one inside the other only one is a column: not indented first lines,
    # bylines of one length centred over a column, lines whose ink starts a point in
    found = sorted((c[0], c[1]) for c in columns if not any(_outnumbers(o, c, 0.3 * body) for o in columns))
    # lines centred across a gutter (a byline over two columns) are no column
    found = [c for c in found if sum(1 for o in found if o != c and _straddles(c, o)) < 2]
    return _to_frames(found, body, page_width) if page_width else found


def _by_left_edge(lines: list[Line], step: float) -> list[list[Line]]:
    """Lines whose left edges follow each other by at most ``step``: the
    lines starting at one edge, however their ink falls about it (fixed
    bins would split an edge that sits on a bin's border)."""
    groups: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.box[0]):
        if groups and line.box[0] - groups[-1][-1].box[0] <= step:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _to_frames(columns: list[tuple[float, float]], body: float, page_width: float) -> list[tuple[float, float]]:
    """Columns set on a character grid stop short of their frame by less
    than a character when the width is not a whole number of them. On a
    type area centred on the page (the right margin the left one), the last
    column's frame ends at the right margin: the frame width of every
    column of the usual width, when the ink falls short of it by less than
    a character."""
    if not columns:
        return columns
    usual = sorted(c[1] - c[0] for c in columns)[len(columns) // 2]
    grid = [c for c in columns if abs((c[1] - c[0]) - usual) <= 0.5 * body]
    frame = page_width - columns[0][0] - max(c[0] for c in grid)
    if not 0 < frame - usual <= body:
        return columns
    return [(c[0], c[0] + frame) if c in grid else c for c in columns]


def _outnumbers(o: tuple[float, float, int], c: tuple[float, float, int], slack: float) -> bool:
    """o and c nested (one inside the other), and o is the column: of two
    ending at one right edge the one starting further left (a column's
    lines start at its edge or in from it, never out of it: in a column of
    short paragraphs the indented first lines are the most), else the one
    holding more lines (or as many, and wider)."""
    inside = o[0] - slack <= c[0] and c[1] <= o[1] + slack
    around = c[0] - slack <= o[0] and o[1] <= c[1] + slack
    if o == c or not (inside or around):
        return False
    if abs(o[1] - c[1]) <= slack and abs(o[0] - c[0]) > slack:
        return o[0] < c[0]
    return (o[2], o[1] - o[0]) > (c[2], c[1] - c[0])


def _straddles(c: tuple[float, float], o: tuple[float, float]) -> bool:
    """c and o overlap without either holding the other."""
    return (
        max(c[0], o[0]) < min(c[1], o[1])
        and not (o[0] <= c[0] and c[1] <= o[1])
        and not (c[0] <= o[0] and o[1] <= c[1])
    )


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


def _set_reach(
    seeds: list[Seed], lines: list[Line], upright: list[Box], columns: list[tuple[float, float]], body: float
) -> None:
    """The columns a headline stands over: the run of the page's columns
    that its centre is centred on (a headline is set centred over its
    story), not reaching under another headline beside it; where the
    columns do not tell, halfway to the next thing beside it."""
    left = min((line.box[0] for line in lines), default=0.0)
    right = max((line.box[2] for line in lines), default=0.0)
    usual = sorted(c[1] - c[0] for c in columns)[len(columns) // 2] if columns else 0.0
    grid = [c for c in columns if c[1] - c[0] <= 1.3 * usual]
    grid = [c for c in grid if not any(o != c and o[0] - 3 <= c[0] and c[1] <= o[1] + 3 for o in grid)]
    for seed in seeds:
        if seed.picture or seed.frame:
            seed.reach = (seed.box[0], seed.box[2])
            continue
        box = _head_box(seed)
        beside = [o.box for o in seeds if o is not seed and o.box[1] < box[3] + 3 * body and o.box[3] > box[1]]
        beside += [r for r in upright if r[1] < box[3] and r[3] > box[1]]
        lo = max([(b[2] + box[0]) / 2 for b in beside if b[2] <= box[0] + 1] + [left])
        hi = min([(b[0] + box[2]) / 2 for b in beside if b[0] >= box[2] - 1] + [right])
        seed.reach = _centred_run(box, grid, beside, body) or (lo, hi)


def _centred_run(box: Box, grid: list[tuple[float, float]], beside: list[Box], body: float):
    """(left, right) of the run of columns whose middle is nearest the
    headline's middle, at least as wide as it; the widest on a tie."""
    centre = (box[0] + box[2]) / 2
    best, best_key = None, None
    for i in range(len(grid)):
        for j in range(i, len(grid)):
            lo, hi = grid[i][0], grid[j][1]
            if hi - lo < (box[2] - box[0]) - body or any(b[0] < hi - 1 and b[2] > lo + 1 for b in beside):
                continue
            if any(grid[k + 1][0] < grid[k][1] for k in range(i, j)):
                break  # overlapping spans are not one grid
            key = (round(abs((lo + hi) / 2 - centre) / body), -(hi - lo))
            if best_key is None or key < best_key:
                best, best_key = (lo, hi), key
    return best


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


def _x_overlap(a: Box, b: Box) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _inside(box: Box, outer: Box) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def _in_any(box: Box, outers: list[Box]) -> bool:
    return any(_inside(box, o) for o in outers)


def distance(column: Box, x: float) -> float:
    return 0.0 if column[0] <= x <= column[2] else min(abs(column[0] - x), abs(column[2] - x))
