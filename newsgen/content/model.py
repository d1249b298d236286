"""The content model: plain, frozen dataclasses, built by ``load`` and read
by every later phase. Nothing here touches the file system."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsgen.newspaper.roles import Contributor

KINDS = ("article", "picture", "banner", "notice")
NEWS_KINDS = ("article", "picture")  # banners and notices are layout: not in feeds, news sitemaps or 上一篇/下一篇


@dataclass(frozen=True, slots=True)
class PrintPage:
    """A page (版) of an edition as printed."""

    number: int
    name: str
    editor: str = ""
    pdf: str = ""  # path under images/
    scan: str = ""  # path under images/

    @property
    def label(self) -> str:
        """第03版 — the way a paper names its pages."""
        return f"第{self.number:02d}版"


@dataclass(frozen=True, slots=True)
class Edition:
    """One issue (期) of the paper: content/<date>/edition.yaml."""

    date: dt.date
    pages: tuple[PrintPage, ...]
    number: int | None = None
    source: str = ""  # edition.yaml, relative to the site root
    draft: bool = False  # left out of the build unless it includes drafts
    publish_at: dt.datetime | None = None  # embargo (timezone-aware): left out until then
    lines: str = field(default="", compare=False, repr=False)  # key -> line (line_table), as Article's

    def line_of(self, key: str) -> int:
        return line_in(self.lines, key)

    def page(self, number: int) -> PrintPage | None:
        for page in self.pages:
            if page.number == number:
                return page
        return None


@dataclass(frozen=True, slots=True)
class Article:
    """One article file: front matter fields plus the Markdown body."""

    source: str  # relative to the site root
    date: dt.date  # its edition's date (the folder)
    slug: str
    title: str
    page: int
    body: str  # Markdown, front matter removed
    body_line: int = 1  # line of the body's first line in the file
    kicker: str = ""
    subtitle: str = ""
    order: int | None = None
    kind: str = "article"
    byline: tuple[Contributor, ...] = ()
    dateline: str = ""
    image: str = ""
    caption: str = ""
    tags: tuple[str, ...] = ()
    area: tuple[float, float, float, float] | None = None
    draft: bool = False
    updated: dt.date | None = None  # a later change, shown with its date (and the correction, if any)
    correction: str = ""  # 更正: what was wrong, as the paper prints it
    lines: str = field(default="", compare=False, repr=False)
    # ``lines`` maps front matter keys to their line numbers (line_table), so
    # that later checks (a missing image, an unknown page) can point at the
    # right line.

    def line_of(self, key: str) -> int:
        return line_in(self.lines, key)

    @property
    def is_news(self) -> bool:
        return self.kind in NEWS_KINDS


@dataclass(frozen=True, slots=True)
class EditionContent:
    """An edition with its articles in print order (page, then order)."""

    edition: Edition
    articles: tuple[Article, ...]

    def on_page(self, number: int) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if a.page == number)


@dataclass(frozen=True, slots=True)
class Site:
    editions: tuple[EditionContent, ...]  # oldest first

    @property
    def article_count(self) -> int:
        return sum(len(e.articles) for e in self.editions)


@dataclass(frozen=True, slots=True)
class MarkdownOptions:
    """What, besides the body, decides an article's HTML."""

    raw_html: str = "sanitize"  # sanitize | escape | allow
    iframe_hosts: tuple[str, ...] = ()  # hosts whose https iframes may be embedded (video)

    @property
    def key(self) -> str:
        return f"{self.raw_html}|{','.join(self.iframe_hosts)}"


def line_table(pairs: Iterable[tuple[str, int]]) -> str:
    """Front matter keys and their lines as one string, each "\\n key \\0 line":
    a tuple of pairs took 900 bytes an article (90 MB for an archive of
    100,000, held through the build)."""
    return "".join(f"\n{key}\0{line}" for key, line in pairs)


def line_in(table: str, key: str) -> int:
    """The line of ``key`` in a line_table (1 when it has none)."""
    start = table.find(f"\n{key}\0")
    if start < 0:
        return 1
    start += len(key) + 2
    end = table.find("\n", start)
    return int(table[start : end if end >= 0 else len(table)])
