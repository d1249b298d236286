"""Broadsheet page PDFs made with reportlab, with the ground truth of every
article: its fields as the importer should read them and the rectangle it
was set in. ``make_page(seed, font)`` lays out a random page: a header
strip, 4 to 6 columns, rows of articles spanning one or several columns
with text flowing across them (and breaking mid-sentence), picture news,
the core-values banner, notices, a column of briefs and a page foot.

Two font variants, as layout systems produce them: ``"cid"`` references
STSong-Light without embedding it and without a ToUnicode map; ``"ttf"``
embeds a TrueType subset of WenQuanYi Micro Hei (Debian fonts-wqy-microhei).
"""

from __future__ import annotations

import random

from pdf_stories import article, banner, briefs, name, notice, picture
from pdf_writer import (
    GUTTER,
    HEIGHT,
    MARGIN,
    PLACES,
    STROKED,
    WIDTH,
    WQY,
    FixturePage,
    Truth,
    Writer,
    register_fonts,
)

__all__ = ["WQY", "FixturePage", "Truth", "make_page", "register_fonts"]

# ---------------------------------------------------------------- the page


def make_page(
    seed: int,
    font: str = "cid",
    number: int = 3,
    ruled: bool = True,
    run_in: bool = False,
    stroked: bool = False,
    kicker_size: float = 14.0,
) -> FixturePage:
    """``ruled``: rules under the header strip, above the foot and between
    rows; ``run_in``: briefs with bold run-in titles (a font with a bold
    face: "ttf"), not titles on lines of their own; ``stroked``: those
    titles in the body's face filled and stroked (fake bold, any font);
    ``kicker_size``: the kickers' and subtitles' (12: 小四, a step above
    the body's 五号)."""
    rng = random.Random(seed)
    w = Writer(rng, font)
    w.run_in = run_in
    w.kicker_size = kicker_size
    if stroked:
        w.bold_font = w.body_font + STROKED
    if not ruled:
        w.rule = lambda *args: None
    name_ = rng.choice(["要闻", "综合", "经济", "民生", "乡村振兴"])
    editor = name(rng)
    head_bottom = header_strip(w, rng, number, name_, editor)
    foot_top = HEIGHT - MARGIN - 20
    w.rule(MARGIN, WIDTH - MARGIN, foot_top)
    w.text(MARGIN, foot_top + 5, f"本报地址：{rng.choice(PLACES)}人民路{rng.randint(1, 99)}号  电话：0851-4621234", 8)
    ncols = rng.choice((4, 5, 6))
    col_w = (WIDTH - 2 * MARGIN - GUTTER * (ncols - 1)) / ncols
    edges = [(MARGIN + i * (col_w + GUTTER), MARGIN + i * (col_w + GUTTER) + col_w) for i in range(ncols)]
    articles: list[Truth] = []
    y, special = head_bottom + 10, {"picture": 1, "banner": 1, "notice": 1, "briefs": 1}
    while foot_top - y > 150:
        height = foot_top - 10 - y if foot_top - y < 420 else rng.uniform(220, min(480, foot_top - y - 150))
        spans = split_columns(rng, ncols)
        at = 0
        for span in spans:
            cols = edges[at : at + span]
            at += span
            rect = (cols[0][0], y, cols[-1][1], y + height)
            kind = pick_kind(rng, span, height, special)
            articles += {"article": article, "picture": picture, "banner": banner, "notice": notice}.get(kind, briefs)(
                w, rng, rect, cols
            )
        y += height + 14
        w.rule(MARGIN, WIDTH - MARGIN, y - 7, 0.5)
    return FixturePage(w.finish(), articles, number, name_, editor)


def header_strip(w: Writer, rng: random.Random, number: int, page_name: str, editor: str) -> float:
    top = MARGIN
    w.text(MARGIN, top, "余庆报", 22)
    w.text(MARGIN, top + 6, "2024年1月10日 星期三", 11, "center", WIDTH - 2 * MARGIN)
    w.text(MARGIN, top + 2, f"第{number}版 {page_name}", 14, "right", WIDTH - 2 * MARGIN)
    w.text(MARGIN, top + 20, f"责任编辑：{editor}  校对：{name(rng)}", 9, "right", WIDTH - 2 * MARGIN)
    w.rule(MARGIN, WIDTH - MARGIN, top + 36, 1.5)
    return top + 36


def split_columns(rng: random.Random, ncols: int) -> list[int]:
    spans: list[int] = []
    left = ncols
    while left:
        span = rng.randint(1, min(left, 4))
        spans.append(span)
        left -= span
    return spans


def pick_kind(rng: random.Random, span: int, height: float, special: dict[str, int]) -> str:
    options = ["article"] * 4
    if span == 1 and height < 300 and special["banner"]:
        options.append("banner")
    if span == 1 and height > 250 and special["briefs"]:
        options.append("briefs")
    if span <= 2 and special["picture"]:
        options.append("picture")
    if span <= 2 and special["notice"]:
        options.append("notice")
    kind = rng.choice(options)
    if kind in special:
        special[kind] -= 1
    return kind
