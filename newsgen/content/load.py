"""Files -> Site: read every edition and article, then the checks that
need more than one file (pages, slugs). Collects every problem.

Parsing one article is a pure function of its bytes; ``load_site`` takes
it as ``parse_many`` so that the build can cache it and run it in a pool."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from newsgen.content.articles import parse_article
from newsgen.content.editions import parse_edition, parse_folder_date
from newsgen.content.model import Article, Edition, EditionContent, Site
from newsgen.content.source import CONTENT_DIR, EDITION_FILE, EditionFolder, SourceFile, scan_content
from newsgen.errors import Diagnostic, error
from newsgen.i18n import msg


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

    def reuse(self, folder: EditionFolder) -> bool:
        """Take the parses of an unchanged folder as the last load had them;
        False when they are not at hand (then the folder is loaded anew)."""
        return False


def load_site(
    root: Path,
    include_drafts: bool = False,
    parser: Parser | None = None,
    scanned: list[EditionFolder] | None = None,
    memo: dict | None = None,
) -> tuple[Site, list[Diagnostic]]:
    """``memo``: folder name -> what the last load made of it (newsgen
    serve keeps it): a folder that is the very object the last scan gave
    (unchanged, see source.rescan) is taken from it if the parser still has
    its files' parses. Updated in place."""
    parser = parser or Parser()
    folders = scan_content(root) if scanned is None else scanned
    loaded: dict[str, tuple] = {}  # folder name -> (EditionContent | None, problems)
    pending = []
    files: list[ArticleFile] = []
    for folder in folders:
        last = memo.get(folder.name) if memo else None
        if last is not None and last[0] is folder and last[1] == include_drafts and parser.reuse(folder):
            loaded[folder.name] = last[2]
            continue
        found: list[Diagnostic] = []
        edition = _load_edition(folder, parser, found)
        pending.append((folder, edition, found))
        if edition is not None:
            files += [ArticleFile(a, edition.date) for a in folder.articles]
    parsed = parser.articles(files)
    for folder, edition, found in pending:
        loaded[folder.name] = _edition_content(folder, edition, found, parsed, include_drafts)
    editions, problems = [], []
    for folder in folders:
        content, found = loaded[folder.name]
        problems += found
        if content is not None:
            editions.append(content)
    if memo is not None:
        memo.clear()
        memo.update((folder.name, (folder, include_drafts, loaded[folder.name])) for folder in folders)
    if not editions and not problems:
        problems.append(
            error(CONTENT_DIR, 0, 0, msg("no edition found"), msg("create one with: newsgen new edition YYYY-MM-DD"))
        )
    return Site(tuple(editions)), problems


def _edition_content(
    folder: EditionFolder, edition: Edition | None, found: list[Diagnostic], parsed: dict, include_drafts: bool
) -> tuple[EditionContent | None, list[Diagnostic]]:
    if edition is None:
        return None, found
    articles = []
    for source in folder.articles:
        article, problems = parsed[source.rel]
        found += problems
        if article is not None and (include_drafts or not article.draft):
            articles.append(article)
    found += _check_edition(edition, articles)
    return EditionContent(edition, tuple(print_order(articles))), found


def _load_edition(folder, parser: Parser, problems) -> Edition | None:
    folder_rel = f"{CONTENT_DIR}/{folder.name}"
    date = parse_folder_date(folder.name)
    if date is None:
        problems.append(
            error(
                folder_rel,
                0,
                0,
                msg("edition folder '{name}' is not a date", name=folder.name),
                msg("name it YYYY-MM-DD, e.g. 2024-01-10"),
            )
        )
        return None
    if folder.edition is None:
        problems.append(
            error(
                f"{folder_rel}/{EDITION_FILE}",
                0,
                0,
                msg("edition.yaml is missing"),
                msg("create it with: newsgen new edition {name}", name=folder.name),
            )
        )
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
            problems.append(
                error(
                    article.source,
                    article.line_of("page"),
                    1,
                    msg("page {page} is not in the edition", page=article.page),
                    msg("edition.yaml lists {listed}", listed=listed),
                )
            )
        key = unicodedata.normalize("NFKC", article.slug).casefold()
        if key in slugs:
            origin = "" if article.line_of("slug") > 1 else msg(" (from the file name)")
            problems.append(
                error(
                    article.source,
                    article.line_of("slug"),
                    1,
                    msg(
                        "slug '{slug}'{origin} is already used by {slugs}",
                        slug=article.slug,
                        origin=origin,
                        slugs=slugs[key],
                    ),
                )
            )
        slugs.setdefault(key, article.source)
    return problems
