"""The internal link checker of --strict builds (and of ``check --strict``).

Every page's links (href, src, srcset) and ids are taken from its HTML when
it is rendered, kept in the cache with the page, and checked against the
set of files the build produces: a link to no file, or to an anchor the
target does not have, is reported with the source file of the page, and,
when an editor wrote the link in an article's Markdown, at its line and
column there. ``newsgen check`` renders nothing: it checks the links of
the Markdown bodies (``source_links``) against the planned files."""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsgen.content.source import split_front_matter
from newsgen.errors import Diagnostic, error
from newsgen.i18n import msg

ATTRIBUTE = re.compile(r'\s(href|src|srcset)="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Links in Markdown: [text](url), [id]: url, and raw HTML href/src.
MARKDOWN_LINKS = re.compile(
    r"""\]\(\s*<?(?P<inline>[^\s)>]+)"""
    r"""|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?(?P<reference>[^\s>]+)"""
    r"""|\s(?:href|src)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""",
    re.M,
)


def extract(page: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(links, ids) of one HTML page; srcset lists give one link per image."""
    links = []
    for name, value in ATTRIBUTE.findall(page):
        value = html.unescape(value)
        if name == "srcset":
            links += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
        else:
            links.append(value)
    ids = tuple(sorted({html.unescape(i) for i in ID.findall(page)}))
    return tuple(dict.fromkeys(links)), ids


@dataclass(frozen=True)
class Site:
    base_url: str  # https://host/paper/
    base_path: str  # /paper/


def target_of(link: str, page: str, site: Site) -> tuple[str, str] | None:
    """(output file, anchor) a link points to, or None when it leaves the site."""
    if link.startswith(site.base_url):
        link = site.base_path + link[len(site.base_url) :]
    elif EXTERNAL.match(link) or link.startswith("//"):
        return None
    parts = urlsplit(link)
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment  # "#section-1": this page
    if not path.startswith("/"):
        folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
        path = site.base_path + folder + path
    path = _normalize(path)
    if not path.startswith(site.base_path):
        return ("../" + path, parts.fragment)  # outside the site's path: never a file of ours
    path = path[len(site.base_path) :]
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path, parts.fragment


def _normalize(path: str) -> str:
    """``/paper/2024-01-10/a/../03/`` -> ``/paper/2024-01-10/03/``, as a
    browser resolves it (``..`` above the root stays at the root)."""
    if "/." not in path and "//" not in path:
        return path
    folder = path.endswith(("/", "/.", "/.."))
    resolved = "/" + posixpath.normpath(path).lstrip("/")
    return resolved + "/" if folder and resolved != "/" else resolved


def check_links(
    pages: dict[str, tuple], files: set[str], sources: dict[str, str], site: Site, root: Path | None = None
) -> list[Diagnostic]:
    """``pages``: output -> (links, ids) for every HTML page of the build
    (ids None: not known, anchors not checked); ``files``: every output
    file; ``sources``: output -> input file; ``root``: the site root, to
    find a broken link in the Markdown it was written in."""
    problems = []
    for page, (links, _ids) in sorted(pages.items()):
        written: dict[str, tuple[int, int]] | None = None
        for link in links:
            target = target_of(link, page, site)
            if target is None:
                continue
            path, anchor = target
            if path not in files:
                problem = msg("link to {link} points to no file", link=link)
            elif anchor and path in pages and pages[path][1] is not None and anchor not in pages[path][1]:
                problem = msg("link to {link} points to no anchor '{anchor}'", link=link, anchor=anchor)
            else:
                continue
            where = sources.get(page) or page
            if written is None:
                written = _positions(root, where)
            if link in written:
                problems.append(error(where, *written[link], problem))
            else:
                problems.append(error(where, 0, 0, msg("{page}: {problem}", page=page, problem=problem)))
    return problems


def markdown_links(body: str, body_line: int = 1) -> list[tuple[str, int, int]]:
    """(url, line, col) of every link written in a Markdown body."""
    found = []
    for match in MARKDOWN_LINKS.finditer(body):
        name = match.lastgroup
        start = match.start(name)
        line = body.count("\n", 0, start)
        col = start - (body.rfind("\n", 0, start) + 1) + 1
        found.append((html.unescape(match.group(name)), body_line + line, col))
    return found


def source_links(root: Path, rel: str) -> tuple[str, ...]:
    """The links written in an article file's body, for ``check --strict``."""
    return tuple(dict.fromkeys(url for url, _line, _col in _written(root, rel)))


def _positions(root: Path | None, rel: str) -> dict[str, tuple[int, int]]:
    positions: dict[str, tuple[int, int]] = {}
    for url, line, col in _written(root, rel) if root is not None and rel.endswith(".md") else ():
        positions.setdefault(url, (line, col))
    return positions


def _written(root: Path, rel: str) -> list[tuple[str, int, int]]:
    try:
        text = (root / rel).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return []
    parts = split_front_matter(text)
    return markdown_links(parts.body, parts.body_line) if not parts.fence_error else []
