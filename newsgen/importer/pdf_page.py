"""One PDF page -> ``ImportedPage``: the layout's blocks through the rules
shared with the text reader, the header strip and the page foot read for
edition.yaml, the hot zones, and the share of characters without a usable
Unicode mapping."""

from __future__ import annotations

from dataclasses import replace

from newsgen.importer.header import read_header
from newsgen.importer.model import Box, ImportedArticle, ImportedPage
from newsgen.importer.pdf import RawPage, fold_radicals, unreadable
from newsgen.importer.pdf_layout import layout
from newsgen.importer.stories import parse_blocks
from newsgen.importer.zones import with_areas
from newsgen.newspaper.credits import parse_page_foot


def parse_pdf_page(raw: RawPage, *, keep_punctuation: bool = False) -> tuple[ImportedPage, float]:
    """The page read, and the share (0-1) of its characters no reader can use."""
    found = layout(raw)
    header, credits = read_header(found.header)
    for line in found.foot:
        credits += parse_page_foot(line) or ()
    page = parse_blocks(found.blocks, credits, keep_punctuation=keep_punctuation)
    articles = with_areas(list(page.articles), raw.width, raw.height)
    ink = [c for c in raw.chars if not c.text.isspace()]
    bad = sum(1 for c in ink if c.bad or unreadable(fold_radicals(c.text)))
    share = bad / len(ink) if ink else 0.0
    return replace(page, articles=tuple(articles), header=header), share


def photo_box(article: ImportedArticle, raw: RawPage) -> Box | None:
    """The photo an article's story starts from: the first of its boxes that
    is a picture on the page (an image, a filled shape, or a frame with
    none of the article's text in it; a frame around its text is a box)."""
    shapes = {*raw.pictures, *raw.frames}
    for box in article.boxes:
        if box in shapes and not any(other != box and _centre_in(other, box) for other in article.boxes):
            return box
    return None


def _centre_in(box: Box, outer: Box) -> bool:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= x <= outer[2] and outer[1] <= y <= outer[3]
