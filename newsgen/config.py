"""newsgen.yaml -> SiteConfig: a typed, validated, frozen configuration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newsgen.content.markdown import MarkdownOptions
from newsgen.content.yamlfile import decode_text, load_yaml
from newsgen.errors import Diagnostic, did_you_mean, error

CONFIG_FILE = "newsgen.yaml"
RAW_HTML_MODES = ("sanitize", "escape", "allow")


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str  # always ends with "/"
    language: str = "zh-CN"
    theme: str = "default"
    per_page: int = 20
    image_widths: tuple[int, ...] = (480, 960, 1600)
    feed_size: int = 50  # entries in feed.xml
    cache_dir: str = ".newsgen-cache"  # relative to the site root
    raw_html: str = "sanitize"
    iframe_hosts: tuple[str, ...] = ()  # hosts whose https iframes may be embedded
    search: bool = True  # build the search index (search/index.py)

    @property
    def markdown(self) -> MarkdownOptions:
        return MarkdownOptions(self.raw_html, self.iframe_hosts)

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" or "/paper/"."""
        return urlsplit(self.base_url).path or "/"


# key -> (expected type(s), human name)
TOP_KEYS = {
    "title": (str, "a string"),
    "base_url": (str, "a URL"),
    "language": (str, "a language tag such as zh-CN"),
    "theme": (str, "a theme folder name"),
    "per_page": (int, "a whole number"),
    "images": (dict, "a mapping"),
    "feed_size": (int, "a whole number"),
    "cache_dir": (str, "a folder path"),
    "raw_html": (str, "one of " + ", ".join(RAW_HTML_MODES)),
    "iframe_hosts": (list, "a list of host names such as player.bilibili.com"),
    "search": (bool, "true or false"),
}
IMAGE_KEYS = {"widths"}


def load_config(root: Path) -> tuple[SiteConfig | None, list[Diagnostic]]:
    path = root / CONFIG_FILE
    if not path.is_file():
        return None, [
            error(CONFIG_FILE, 0, 0, "configuration file not found", "run newsgen in the site root or pass --root")
        ]
    text, problems = decode_text(path.read_bytes(), CONFIG_FILE)
    if text is None:
        return None, problems
    doc, problems = load_yaml(text, CONFIG_FILE)
    if problems:
        return None, problems
    return parse_config(doc.data, doc.lines)


def parse_config(data: object, lines: dict) -> tuple[SiteConfig | None, list[Diagnostic]]:
    if not isinstance(data, dict):
        return None, [error(CONFIG_FILE, 1, 1, "the configuration must be a mapping of keys to values")]
    problems: list[Diagnostic] = []

    def at(key):
        return lines.get(key, (1, 1))

    for key, value in data.items():
        line, col = at(key)
        if key not in TOP_KEYS:
            problems.append(error(CONFIG_FILE, line, col, f"unknown key '{key}'", did_you_mean(str(key), TOP_KEYS)))
            continue
        kind, name = TOP_KEYS[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            problems.append(error(CONFIG_FILE, line, col, f"'{key}' must be {name}, not {value!r}"))
    for key in ("title", "base_url"):
        if key not in data:
            problems.append(error(CONFIG_FILE, 1, 1, f"missing required key '{key}'"))
    if problems:
        return None, problems

    base_url = data["base_url"]
    try:
        parts = urlsplit(base_url)
    except ValueError:  # e.g. an unbalanced "[" read as an IPv6 address
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        line, col = at("base_url")
        problems.append(error(CONFIG_FILE, line, col, f"base_url must be an absolute http(s) URL, not '{base_url}'"))
    if not base_url.endswith("/"):
        base_url += "/"
    per_page = data.get("per_page", 20)
    if per_page < 1:
        problems.append(error(CONFIG_FILE, *at("per_page"), "per_page must be at least 1"))
    raw_html = data.get("raw_html", "sanitize")
    if raw_html not in RAW_HTML_MODES:
        problems.append(
            error(
                CONFIG_FILE,
                *at("raw_html"),
                f"raw_html must be one of {', '.join(RAW_HTML_MODES)}",
                did_you_mean(raw_html, RAW_HTML_MODES),
            )
        )
    widths, width_problems = _image_widths(data.get("images", {}), at("images"))
    problems += width_problems
    theme = data.get("theme", "default")
    if not theme or "/" in theme or "\\" in theme or theme.startswith("."):
        problems.append(error(CONFIG_FILE, *at("theme"), f"theme must be a folder name under themes/, not '{theme}'"))
    if problems:
        return None, problems
    return SiteConfig(
        title=data["title"],
        base_url=base_url,
        language=data.get("language", "zh-CN"),
        theme=theme,
        per_page=per_page,
        image_widths=widths,
        feed_size=data.get("feed_size", 50),
        cache_dir=data.get("cache_dir", ".newsgen-cache"),
        raw_html=raw_html,
        search=data.get("search", True),
        iframe_hosts=tuple(str(h).lower() for h in data.get("iframe_hosts", [])),
    ), []


def _image_widths(images: dict, where: tuple[int, int]) -> tuple[tuple[int, ...], list[Diagnostic]]:
    problems = []
    for key in images:
        if key not in IMAGE_KEYS:
            problems.append(
                error(CONFIG_FILE, *where, f"unknown key 'images.{key}'", did_you_mean(str(key), IMAGE_KEYS))
            )
    widths = images.get("widths", [480, 960, 1600])
    if (
        not isinstance(widths, list)
        or not widths
        or not all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 8192 for w in widths)
    ):
        problems.append(error(CONFIG_FILE, *where, "images.widths must be a list of pixel widths between 16 and 8192"))
        return (), problems
    return tuple(sorted(set(widths))), problems
