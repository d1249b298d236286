"""One article file -> Article, with every problem as a Diagnostic.

This is a pure function of the file's text: the build caches its result by
the file's content hash and can run it in any process."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from newsgen.content.model import KINDS, Article, Contributor
from newsgen.content.source import split_front_matter
from newsgen.content.yamlfile import decode_text, load_yaml
from newsgen.errors import Diagnostic, did_you_mean, error

ARTICLE_KEYS = (
    "title",
    "kicker",
    "subtitle",
    "page",
    "order",
    "kind",
    "byline",
    "dateline",
    "image",
    "caption",
    "tags",
    "slug",
    "area",
    "draft",
    "updated",
    "correction",
)
REQUIRED_KEYS = ("title", "page")
TEXT_KEYS = ("title", "kicker", "subtitle", "dateline", "caption", "image", "slug", "correction")
# Characters a slug may not contain: it becomes a folder name and a URL.
BAD_SLUG = re.compile(r"[\x00-\x1f\x7f/\\?#%<>\"'`|*:&\s]")


def parse_article(raw: bytes, rel: str, date: dt.date) -> tuple[Article | None, list[Diagnostic]]:
    text, problems = decode_text(raw, rel)
    if text is None:
        return None, problems
    parts = split_front_matter(text)
    if parts.fence_error:
        return None, [error(rel, parts.front_line, 1, parts.fence_error)]
    doc, problems = load_yaml(parts.front, rel, parts.front_line)
    if problems:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [error(rel, parts.front_line, 1, "the front matter must be a mapping of keys to values")]
    return _build_article(doc, rel, date, parts.body, parts.body_line, parts.front_line)


def _build_article(doc, rel, date, body, body_line, front_line):
    data, lines = doc.data, doc.lines
    problems: list[Diagnostic] = []

    def where(key):
        return lines.get(key, (front_line, 1))

    def bad(key, message, hint=""):
        problems.append(error(rel, *where(key), message, hint))

    for key in data:
        if key not in ARTICLE_KEYS:
            bad(key, f"unknown key '{key}'", did_you_mean(str(key), ARTICLE_KEYS))
    for key in REQUIRED_KEYS:
        if data.get(key) in (None, ""):
            problems.append(error(rel, front_line, 1, f"missing required key '{key}'"))
    values = {}
    for key in TEXT_KEYS:
        if data.get(key) is not None:
            values[key] = _text(data[key], key, bad)
    for key in ("page", "order"):
        if data.get(key) is not None:
            values[key] = _whole_number(data[key], key, bad)
    kind = data.get("kind", "article")
    if kind not in KINDS:
        bad("kind", f"kind must be one of {', '.join(KINDS)}, not {kind!r}", did_you_mean(str(kind), KINDS))
    byline = _byline(data.get("byline"), doc.item_lines.get("byline"), where("byline"), rel, problems)
    tags = _tags(data.get("tags"), bad)
    area = _area(data.get("area"), bad)
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        bad("draft", f"draft must be true or false, not {draft!r}")
    slug = values.get("slug") or _stem(rel)
    slug = unicodedata.normalize("NFC", slug or "")
    if not slug or BAD_SLUG.search(slug) or slug in (".", "..") or slug.startswith("."):
        bad(
            "slug" if "slug" in data else "title",
            f"slug '{slug}' cannot be used in a URL",
            "use letters, digits and '-'",
        )
    elif slug.isdigit():
        bad(
            "slug" if "slug" in data else "title",
            f"slug '{slug}' is all digits, which is reserved for page (版) URLs",
            "add a letter, e.g. 'a" + slug + "'",
        )
    updated = _updated(data.get("updated"), date, values.get("correction"), bad)
    if kind == "picture" and not values.get("image"):
        problems.append(error(rel, front_line, 1, "a picture needs an 'image'"))
    if any(p.is_error for p in problems):
        return None, problems
    return Article(
        source=rel,
        date=date,
        slug=slug,
        title=values["title"],
        page=values["page"],
        body=body,
        body_line=body_line,
        kicker=values.get("kicker", ""),
        subtitle=values.get("subtitle", ""),
        order=values.get("order"),
        kind=kind,
        byline=byline,
        dateline=values.get("dateline", ""),
        image=values.get("image", ""),
        caption=values.get("caption", ""),
        tags=tags,
        area=area,
        draft=draft,
        updated=updated,
        correction=values.get("correction", ""),
        lines=tuple((k, v[0]) for k, v in sorted(lines.items())),
    ), problems


def _updated(value, date: dt.date, correction, bad) -> dt.date | None:
    """The date of a later change (更新, 更正): a date, not before the edition's."""
    if value is None:
        if correction:
            bad("correction", "a correction needs the date it was made", "add updated: YYYY-MM-DD")
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        bad("updated", f"updated must be a date written as YYYY-MM-DD, not {_describe(value)}")
        return None
    if value < date:
        bad("updated", f"updated {value.isoformat()} is before the edition's date {date.isoformat()}")
        return None
    return value


def _stem(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    return name[:-3] if name.endswith(".md") else name


def _text(value, key, bad) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key not in ("image", "slug"):
        return str(value)
    if not isinstance(value, str):
        bad(key, f"'{key}' must be text, not {_describe(value)}")
        return ""
    return value.strip()


def _whole_number(value, key, bad) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        bad(key, f"'{key}' must be a whole number, not {_describe(value)}")
        return 0
    if value < (1 if key == "page" else 0):
        bad(key, f"'{key}' must be {'at least 1' if key == 'page' else 'zero or more'}, not {value}")
    return value


def _describe(value) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _byline(value, item_lines, where, rel, problems) -> tuple[Contributor, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, dict)):
        value = [value]  # a single contributor need not be a list
    if not isinstance(value, list):
        problems.append(error(rel, *where, "byline must be a list of names or {name, role} entries"))
        return ()
    people = []
    for index, entry in enumerate(value):
        line = item_lines[index] if item_lines and index < len(item_lines) else where[0]
        person = _contributor(entry)
        if person is None:
            problems.append(
                error(
                    rel, line, 0, f"byline entry {index + 1} must be a name or {{name, role}}, not {_describe(entry)}"
                )
            )
        else:
            people.append(person)
    return tuple(people)


def _contributor(entry) -> Contributor | None:
    if isinstance(entry, str) and entry.strip():
        return Contributor(entry.strip())
    if isinstance(entry, dict) and set(entry) <= {"name", "role"}:
        name, role = entry.get("name"), entry.get("role", "")
        if isinstance(name, str) and name.strip() and isinstance(role, str):
            return Contributor(name.strip(), role.strip())
    return None


def _tags(value, bad) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, (str, int)) and not isinstance(t, bool) for t in value):
        bad("tags", "tags must be a list of words")
        return ()
    tags = []
    for tag in value:
        tag = unicodedata.normalize("NFC", str(tag).strip())
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _area(value, bad):
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    ):
        bad("area", "area must be [x, y, width, height] in percent of the page scan")
        return None
    x, y, w, h = (float(v) for v in value)
    if not (0 <= x <= 100 and 0 <= y <= 100 and 0 < w <= 100 - x + 1e-9 and 0 < h <= 100 - y + 1e-9):
        bad("area", f"area {value} does not fit on the page (percent from 0 to 100)")
        return None
    return (x, y, w, h)
