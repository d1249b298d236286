"""A page whose text cannot be read (its fonts map characters to private-use
code points or U+FFFD) still has a page image, a PDF and hot zones: those
come from the geometry of what was printed, not from its text. Its
articles become stubs: the zone, a placeholder title that names the
article's place on the page and a placeholder body, both of which
``build --strict`` refuses until an editor has typed the text in."""

from __future__ import annotations

from dataclasses import replace

from newsgen.content.publishing import PLACEHOLDER_BODY, PLACEHOLDER_CAPTION, UNREAD_TITLE
from newsgen.importer.model import CAPTION_PARAGRAPHS, ImportedArticle, ImportedPage
from newsgen.importer.pdf import RawPage
from newsgen.importer.pdf_page import photo_box

MIN_SIDE = 1.0  # percent of the page: a zone narrower or lower than this is not an article's
MAX_OVERLAP = 0.02  # of the smaller zone: two zones sharing more cover each other's matter


def stub_page(page: ImportedPage, raw: RawPage) -> tuple[ImportedPage, bool]:
    """The page with each article a stub in its zone, or with no articles
    when the zones are not sound; and whether they were."""
    if not sound_zones(page.articles):
        return replace(page, articles=(), notes=()), False
    stubs = tuple(stub(article, order, _picture_news(article, raw)) for order, article in enumerate(page.articles, 1))
    return replace(page, articles=stubs, notes=()), True


def _picture_news(article: ImportedArticle, raw: RawPage) -> bool:
    """What a readable page's text would say (图片新闻, or a photo credit
    under a caption), told from what is printed where: a story that starts
    from a photo and has no more under it than a caption and its credit."""
    return photo_box(article, raw) is not None and article.paragraphs <= CAPTION_PARAGRAPHS


def stub(article: ImportedArticle, order: int, picture: bool = False) -> ImportedArticle:
    """Nothing of the text is kept: not even a title that looks readable,
    since a font that maps some characters wrong can map others to wrong
    but ordinary characters, and nothing would show it. Picture news stays
    picture news, its caption a placeholder too: its photo is cut from the
    page image as on a readable page."""
    return ImportedArticle(
        title=UNREAD_TITLE.format(order=order),
        kind="picture" if picture else "article",
        caption=PLACEHOLDER_CAPTION if picture else "",
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
