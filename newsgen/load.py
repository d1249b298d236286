"""Files -> Site: parse every edition and article, then the checks that
need more than one file (pages, slugs, images). Collects every problem."""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .articles import parse_article
from .editions import parse_edition, parse_folder_date
from .errors import Diagnostic, error
from .model import Article, Edition, EditionContent, Site
from .source import CONTENT_DIR, EDITION_FILE, EditionFolder, scan_content

ParsedArticle = tuple["Article | None", list]


@dataclass
class ParseCache:
    """Parsed articles by the hash of their file's bytes (and path: the
    date and default slug come from it). A plain dict, saved by the build."""
    entries: dict[str, tuple] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def get_or_parse(self, raw: bytes, rel: str, date) -> tuple:
        key = hashlib.blake2b(raw + b"\0" + rel.encode(), digest_size=16).hexdigest()
        self.used.add(key)
        hit = self.entries.get(key)
        if hit is None:
            hit = parse_article(raw, rel, date)
            self.entries[key] = hit
        return hit

    def pruned(self) -> dict[str, tuple]:
        return {k: v for k, v in self.entries.items() if k in self.used}


def load_site(root: Path, include_drafts: bool = False,
              cache: ParseCache | None = None) -> tuple[Site, list[Diagnostic]]:
    cache = cache or ParseCache()
    problems: list[Diagnostic] = []
    editions = []
    for folder in scan_content(root):
        content = _load_folder(root, folder, include_drafts, cache, problems)
        if content is not None:
            editions.append(content)
    if not editions and not problems:
        problems.append(error(CONTENT_DIR, 0, 0, "no edition found",
                              "create one with: newsgen new edition YYYY-MM-DD"))
    return Site(tuple(editions)), problems


def _load_folder(root, folder: EditionFolder, include_drafts, cache, problems) -> EditionContent | None:
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
    edition, found = parse_edition(folder.edition.path.read_bytes(), folder.edition.rel, date)
    problems += found
    articles = []
    for source in folder.articles:
        article, found = cache.get_or_parse(source.path.read_bytes(), source.rel, date)
        problems += found
        if article is not None and (include_drafts or not article.draft):
            articles.append(article)
    if edition is None:
        return None
    problems += _check_edition(root, edition, articles)
    return EditionContent(edition, tuple(print_order(articles)))


def print_order(articles: list[Article]) -> list[Article]:
    """Page by page; on a page, the ordered articles first, then the rest
    in file-name order (the spec's default for a missing ``order``)."""
    def key(article: Article):
        has_order = article.order is not None
        return (article.page, not has_order, article.order if has_order else 0, article.source)
    return sorted(articles, key=key)


def _check_edition(root: Path, edition: Edition, articles: list[Article]) -> list[Diagnostic]:
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
