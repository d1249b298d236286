"""The internal link checker of --strict builds.

Every page's links (href, src, srcset) and ids are taken from its HTML when
it is rendered, kept in the cache with the page, and checked against the
set of files the build produces: a link to no file, or to an anchor the
target does not have, is reported with the source file of the page."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from newsgen.errors import Diagnostic, error

ATTRIBUTE = re.compile(r'\s(href|src|srcset)="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


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
    if not path.startswith(site.base_path):
        return ("../" + path, parts.fragment)  # outside the site's path: never a file of ours
    path = path[len(site.base_path) :]
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path, parts.fragment


def check_links(pages: dict[str, tuple], files: set[str], sources: dict[str, str], site: Site) -> list[Diagnostic]:
    """``pages``: output -> (links, ids) for every HTML page of the build;
    ``files``: every output file; ``sources``: output -> input file."""
    problems = []
    for page, (links, _ids) in sorted(pages.items()):
        for link in links:
            target = target_of(link, page, site)
            if target is None:
                continue
            path, anchor = target
            where = sources.get(page) or page
            if path not in files:
                problems.append(error(where, 0, 0, f"{page}: link to {link} points to no file"))
            elif anchor and path in pages and anchor not in pages[path][1]:
                problems.append(error(where, 0, 0, f"{page}: link to {link} points to no anchor '{anchor}'"))
    return problems
