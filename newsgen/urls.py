"""The URL scheme: the only place where output paths and links are made.

    /                              the newest edition's front page
    /2024-01-10/                   an edition's front page
    /2024-01-10/03/                page (版) 3 of that edition
    /2024-01-10/<slug>/            an article
    /archive/  /archive/2/ …       all editions, newest first, paginated
    /archive/2024/01/              the calendar of a month that has editions
    /tags/  /tags/<tag>/  /tags/<tag>/2/ …
    /search/                       search (in the browser, over /search/index/)
    /feed.xml  /sitemap.xml  /sitemap-news.xml  /robots.txt
    /static/…  /images/…  /search/index/…

Every page is a folder with an index.html. Links are absolute paths under
base_url's path, so a site served from https://host/paper/ works as is.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

URL_SAFE = re.compile(r"^[A-Za-z0-9._~/-]*$")
UNSAFE_IN_TAG = re.compile(r"[\x00-\x1f\x7f/\\?#%<>\"'`|*:&\s]+")


def edition_path(date: dt.date) -> str:
    return f"{date.isoformat()}/"


def page_path(date: dt.date, number: int) -> str:
    return f"{date.isoformat()}/{number:02d}/"


def article_path(date: dt.date, slug: str) -> str:
    return f"{date.isoformat()}/{slug}/"


def paginated(base: str, index: int) -> str:
    """Page 1 of a list is the list's own URL; page n is <list>/n/."""
    return base if index == 1 else f"{base}{index}/"


def archive_path(index: int = 1) -> str:
    return paginated("archive/", index)


def calendar_path(year: int, month: int) -> str:
    """archive/2024/01/: beside archive/2/ (page 2 of the list) without
    colliding with it, since its folder has two levels."""
    return f"archive/{year:04d}/{month:02d}/"


def tag_key(tag: str) -> str:
    """The folder of a tag: tags that differ only in case, width or
    punctuation share one page."""
    key = unicodedata.normalize("NFKC", tag).casefold()
    key = UNSAFE_IN_TAG.sub("-", key).strip("-.")
    return key or "tag"


def tag_path(tag: str, index: int = 1) -> str:
    return paginated(f"tags/{tag_key(tag)}/", index)


TAGS_INDEX = "tags/"
SEARCH = "search/"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "sitemap-news.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
SEARCH_BUNDLE = "search/index/"  # written by search/index.py, not by a task
# HTML outputs that are not pages to be found: left out of the sitemaps and
# of the list of changed URLs.
UNLISTED = frozenset({NOT_FOUND})


def static_path(name: str) -> str:
    return f"static/{name}"


def image_path(ref: str) -> str:
    return f"images/{ref}"


def output_file(path: str) -> str:
    """The file written for a URL path: folders get an index.html."""
    if path == "" or path.endswith("/"):
        return f"{path}index.html"
    return path


def path_of_output(rel: str) -> str:
    """The URL path of an output file: the inverse of output_file."""
    if rel == "index.html" or rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


@dataclass(frozen=True)
class Linker:
    """Turns output paths into links for one site."""

    base_url: str  # https://host/paper/
    base_path: str  # /paper/

    def url(self, path: str) -> str:
        return self.base_path + (path if URL_SAFE.match(path) else quote(path))

    def absolute(self, path: str) -> str:
        return self.base_url + (path if URL_SAFE.match(path) else quote(path))
