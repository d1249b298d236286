"""A page whose text cannot be read (its fonts map characters to private-use
code points or U+FFFD) still has a page image, a PDF and hot zones: those
come from the geometry of what was printed, not from its text. Its
articles become stubs: the zone, a placeholder title that names the
article's place on the page and a placeholder body, both of which
``build --strict`` refuses until an editor has typed the text in."""

from __future__ import annotations

from dataclasses import replace

from newsgen.content.publishing import PLACEHOLDER_BODY, UNREAD_TITLE
from newsgen.importer.model import ImportedArticle, ImportedPage

MIN_SIDE = 1.0  # percent of the page: a zone narrower or lower than this is not an article's
MAX_OVERLAP = 0.02  # of the smaller zone: two zones sharing more cover each other's matter


def stub_page(page: ImportedPage) -> tuple[ImportedPage, bool]:
    """The page with each article a stub in its zone, or with no articles
    when the zones are not sound; and whether they were."""
    if not sound_zones(page.articles):
        return replace(page, articles=(), notes=()), False
    stubs = tuple(stub(article, order) for order, article in enumerate(page.articles, 1))
    return replace(page, articles=stubs, notes=()), True


def stub(article: ImportedArticle, order: int) -> ImportedArticle:
    """Nothing of the text is kept: not even a title that looks readable,
    since a font that maps some characters wrong can map others to wrong
    but ordinary characters, and nothing would show it."""
    return ImportedArticle(
        title=UNREAD_TITLE.format(order=order),
        body=(PLACEHOLDER_BODY,),
        line=article.line,
        boxes=article.boxes,
        area=article.area,
    )


def sound_zones(articles: tuple[ImportedArticle, ...]) -> bool:
    """Every article has a zone of a real size, and no two zones cover each other."""
    areas = [a.area for a in articles]
    if not areas or any(area is None or min(area[2], area[3]) < MIN_SIDE for area in areas):
        return False
    for i, a in enumerate(areas):
        for b in areas[i + 1 :]:
            assert a is not None and b is not None
            if _shared(a, b) > MAX_OVERLAP * min(a[2] * a[3], b[2] * b[3]):
                return False
    return True


def _shared(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0.0, width) * max(0.0, height)
