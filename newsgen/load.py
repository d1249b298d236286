"""Files -> Site: read every edition and article, then the checks that
need more than one file (pages, slugs). Collects every problem.

Parsing one article is a pure function of its bytes; ``load_site`` takes
it as ``parse_many`` so that the build can cache it and run it in a pool."""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .articles import parse_article
from .editions import parse_edition, parse_folder_date
from .errors import Diagnostic, error
from .model import Article, Edition, EditionContent, Site
from .source import CONTENT_DIR, EDITION_FILE, EditionFolder, SourceFile, scan_content


@dataclass(frozen=True)
class ArticleFile:
    source: SourceFile
    date: dt.date

    @property
    def rel(self) -> str:
        return self.source.rel

    def read(self) -> bytes:
        """The file's bytes: read now if the scan did not (a cached parse needs none)."""
        return self.source.read()


class Parser:
    """Parses files one by one. The build passes a caching, parallel one."""

    def articles(self, files: list[ArticleFile]) -> dict[str, tuple]:
        """{rel: (Article | None, [Diagnostic])}"""
        return {f.rel: parse_article(f.read(), f.rel, f.date) for f in files}

    def edition(self, raw: bytes, rel: str, date: dt.date) -> tuple:
        return parse_edition(raw, rel, date)


def load_site(root: Path, include_drafts: bool = False, parser: Parser | None = None,
              scanned: list[EditionFolder] | None = None) -> tuple[Site, list[Diagnostic]]:
    parser = parser or Parser()
    problems: list[Diagnostic] = []
    folders = []
    files: list[ArticleFile] = []
    for folder in scan_content(root) if scanned is None else scanned:
        loaded = _load_edition(folder, parser, problems)
        if loaded is not None:
            folders.append((loaded, folder))
            files += [ArticleFile(a, loaded.date) for a in folder.articles]
    parsed = parser.articles(files)
    editions = []
    for edition, folder in folders:
        articles = []
        for source in folder.articles:
            article, found = parsed[source.rel]
            problems += found
            if article is not None and (include_drafts or not article.draft):
                articles.append(article)
        problems += _check_edition(edition, articles)
        editions.append(EditionContent(edition, tuple(print_order(articles))))
    if not editions and not problems:
        problems.append(error(CONTENT_DIR, 0, 0, "no edition found",
                              "create one with: newsgen new edition YYYY-MM-DD"))
    return Site(tuple(editions)), problems


def _load_edition(folder, parser: Parser, problems) -> Edition | None:
    folder_rel = f"{CONTENT_DIR}/{folder.name}"
    date = parse_folder_date(folder.name)
    if date is None:
        problems.append(error(folder_rel, 0, 0, f"edition folder '{folder.name}' is not a date",
                              "name it YYYY-MM-DD, e.g. 2024-01-10"))
        return None
    if folder.edition is None:
        problems.append(error(f"{folder_rel}/{EDITION_FILE}", 0, 0, "edition.yaml is missing",
                              f"create it with: newsgen new edition {folder.name}"))
        return None
    edition, found = parser.edition(folder.edition.read(), folder.edition.rel, date)
    problems += found
    return edition


def print_order(articles: list[Article]) -> list[Article]:
    """Page by page; on a page, the ordered articles first, then the rest
    in file-name order (the spec's default for a missing ``order``)."""
    def key(article: Article):
        has_order = article.order is not None
        return (article.page, not has_order, article.order if has_order else 0, article.source)
    return sorted(articles, key=key)


def _check_edition(edition: Edition, articles: list[Article]) -> list[Diagnostic]:
    problems = []
    numbers = [p.number for p in edition.pages]
    listed = ", ".join(str(n) for n in numbers)
    slugs: dict[str, str] = {}
    for article in articles:
        if edition.page(article.page) is None:
            problems.append(error(article.source, article.line_of("page"), 1,
                                  f"page {article.page} is not in the edition", f"edition.yaml lists {listed}"))
        key = unicodedata.normalize("NFKC", article.slug).casefold()
        if key in slugs:
            origin = "" if article.line_of("slug") > 1 else " (from the file name)"
            problems.append(error(article.source, article.line_of("slug"), 1,
                                  f"slug '{article.slug}'{origin} is already used by {slugs[key]}"))
        slugs.setdefault(key, article.source)
    return problems
