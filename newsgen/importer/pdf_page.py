"""One PDF page -> ``ImportedPage``: the layout's blocks through the rules
shared with the text reader, the header strip and the page foot read for
edition.yaml, the hot zones, and the share of characters without a usable
Unicode mapping."""

from __future__ import annotations

from dataclasses import replace

from newsgen.importer.header import read_header
from newsgen.importer.model import ImportedPage
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
