"""One article file -> Article, with every problem as a Diagnostic.

This is a pure function of the file's text: the build caches its result by
the file's content hash and can run it in any process."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from newsgen.content.model import KINDS, Article, Contributor, line_table
from newsgen.content.source import split_front_matter
from newsgen.content.yamlfile import decode_text, load_yaml
from newsgen.errors import Diagnostic, did_you_mean, error, note
from newsgen.i18n import Msg, msg
from newsgen.newspaper.credits import ROLE_PREFIX, ROLE_WORDS, parse_credit

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
EMPTY_HINTS = {
    "title": msg("write the headline after 'title: '"),
    "page": msg("write the number of its page (版), e.g. 'page: 3'"),
}
TEXT_KEYS = ("title", "kicker", "subtitle", "dateline", "caption", "image", "slug", "correction")
# Characters a slug may not contain: it becomes a folder name and a URL.
# Tags typed as one text: 时政、会议 / 时政，会议 / 时政, 会议.
TAG_SEPARATORS = re.compile(r"\s*[、，,]\s*")
# A byline text naming more than one person, or with a role word, is read
# as a printed credit is (newspaper/credits.py: one vocabulary of roles).
ROLE_HINT = msg("the paper's own staff are 记者; 本报记者 is printed under the headline, 记者 in 本报讯（…）")
SEPARATOR = re.compile(r"[\s\u3000、，,；;：:]")
BAD_SLUG = re.compile(r"[\x00-\x1f\x7f/\\?#%<>\"'`|*:&\s]")


def parse_article(raw: bytes, rel: str, date: dt.date) -> tuple[Article | None, list[Diagnostic]]:
    text, problems = decode_text(raw, rel)
    if text is None:
        return None, problems
    parts = split_front_matter(text)
    if parts.fence_error:
        return None, [error(rel, parts.front_line, 1, parts.fence_error)]
    assert parts.front is not None  # no fence error: the front matter is there
    doc, problems = load_yaml(parts.front, rel, parts.front_line)
    if problems:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [error(rel, parts.front_line, 1, msg("the front matter must be a mapping of keys to values"))]
    return _build_article(doc, rel, date, parts.body, parts.body_line, parts.front_line)


def _build_article(doc, rel, date, body, body_line, front_line):
    data, lines = doc.data, doc.lines
    problems: list[Diagnostic] = []

    def where(key: str) -> tuple[int, int]:
        return lines.get(key, (front_line, 1))

    def bad(key, message, hint=""):
        problems.append(error(rel, *where(key), message, hint))

    for key in data:
        if key not in ARTICLE_KEYS:
            bad(key, msg("unknown key '{key}'", key=key), did_you_mean(str(key), ARTICLE_KEYS))
    _required(data, rel, front_line, bad, problems)
    values = {}
    for key in TEXT_KEYS:
        if data.get(key) is not None:
            values[key] = _text(data[key], key, bad, doc)
    for key in ("page", "order"):
        if data.get(key) is not None:
            values[key] = _whole_number(data[key], key, bad)
    kind = _kind(data.get("kind", "article"), bad)
    byline = _byline(data.get("byline"), doc.item_lines.get("byline"), where("byline"), rel, problems)
    tags = _tags(data.get("tags"), bad, where("tags"), rel, problems)
    area = _area(data.get("area"), bad)
    draft = _flag(data.get("draft", False), "draft", bad)
    slug = _slug(values.get("slug") or _stem(rel), "slug" if "slug" in data else "title", bad)
    updated = _updated(data.get("updated"), date, values.get("correction"), bad)
    if kind == "picture" and not values.get("image"):
        problems.append(error(rel, front_line, 1, msg("a picture needs an 'image'")))
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
        lines=line_table((k, v[0]) for k, v in sorted(lines.items())),
    ), problems


def _updated(value, date: dt.date, correction, bad) -> dt.date | None:
    """The date of a later change (更新, 更正): a date, not before the edition's."""
    if value is None:
        if correction:
            bad("correction", msg("a correction needs the date it was made"), msg("add updated: YYYY-MM-DD"))
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        bad("updated", msg("updated must be a date written as YYYY-MM-DD, not {value}", value=_describe(value)))
        return None
    if value < date:
        bad(
            "updated",
            msg(
                "updated {updated} is before the edition's date {date}",
                updated=value.isoformat(),
                date=date.isoformat(),
            ),
        )
        return None
    return value


def _kind(kind, bad) -> str:
    if kind not in KINDS:
        bad(
            "kind",
            msg("kind must be one of {kinds}, not {kind}", kinds=", ".join(KINDS), kind=repr(kind)),
            did_you_mean(str(kind), KINDS),
        )
    return kind


def _flag(value, key: str, bad) -> bool:
    if not isinstance(value, bool):
        bad(key, msg("draft must be true or false, not {draft}", draft=repr(value)))
    return value is True


def _required(data, rel, front_line, bad, problems) -> None:
    for key in REQUIRED_KEYS:
        if key in data and (data[key] is None or (isinstance(data[key], str) and not data[key].strip())):
            bad(key, msg("'{key}' is empty", key=key), EMPTY_HINTS[key])
        elif data.get(key) in (None, ""):
            problems.append(error(rel, front_line, 1, msg("missing required key '{key}'", key=key)))


def _slug(slug: str, key: str, bad) -> str:
    slug = unicodedata.normalize("NFC", slug or "")
    if not slug or BAD_SLUG.search(slug) or slug in (".", "..") or slug.startswith("."):
        bad(key, msg("slug '{slug}' cannot be used in a URL", slug=slug), msg("use letters, digits and '-'"))
    elif slug.isdigit():
        bad(
            key,
            msg("slug '{slug}' is all digits, which is reserved for page (版) URLs", slug=slug),
            msg("add a letter, e.g. '{example}'", example="a" + slug),
        )
    return slug


def _stem(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    return name[:-3] if name.endswith(".md") else name


def _text(value, key, bad, doc=None) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key not in ("image", "slug"):
        return str(value)
    if not isinstance(value, str):
        bad(
            key,
            msg("'{key}' must be text, not {value}", key=key, value=_describe(value)),
            doc.quote_hint(key) if doc and isinstance(value, (list, dict)) else "",
        )
        return ""
    return value.strip()


def _whole_number(value, key, bad) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        bad(key, msg("'{key}' must be a whole number, not {value}", key=key, value=_describe(value)))
        return 0
    if value < (1 if key == "page" else 0):
        bad(
            key,
            msg(
                "'{key}' must be {least}, not {value}",
                key=key,
                least=msg("at least 1") if key == "page" else msg("zero or more"),
                value=value,
            ),
        )
    return value


def _describe(value) -> str | Msg:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return msg("a list")
    if isinstance(value, dict):
        return msg("a mapping")
    return repr(value)


def _byline(value, item_lines, where: tuple[int, int], rel, problems) -> tuple[Contributor, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, dict)):
        value = [value]  # a single contributor need not be a list
    if not isinstance(value, list):
        problems.append(
            error(
                rel,
                *where,
                msg("byline must be a list of names or {{name, role}} entries, not {value}", value=_describe(value)),
                msg("e.g. byline: [袁瑶, {{name: 张婷, role: 记者}}]"),
            )
        )
        return ()
    people: list[Contributor] = []
    for index, entry in enumerate(value):
        line = item_lines[index] if item_lines and index < len(item_lines) else where[0]
        found = _contributors(entry)
        if found is None:
            problems.append(
                error(
                    rel,
                    line,
                    0,
                    msg(
                        "byline entry {number} must be a name or {{name, role}}, not {entry}",
                        number=index + 1,
                        entry=_describe(entry),
                    ),
                )
            )
            continue
        read, reading = found
        if reading:
            message, form = reading
            if form != ROLE_HINT:
                form = msg("to say so: {form}", form=f"byline: [{form}]" if len(value) == 1 else f"- {form}")
            problems.append(note(rel, line, where[1] if line == where[0] else 0, message, form))
        people.extend(read)
    return tuple(people)


def _contributors(entry) -> tuple[tuple[Contributor, ...], tuple[Msg, str | Msg] | None] | None:
    """The people of one byline entry, and a note when the entry had to be
    read as a printed credit (本报记者 张婷 通讯员 刘洋) or its role as a
    role word (本报记者 -> 记者); None when it is no contributor."""
    if isinstance(entry, str) and entry.strip():
        text = entry.strip()
        people = parse_credit(text) if SEPARATOR.search(text) or ROLE_PREFIX.match(text) else None
        if not people or people == (Contributor(text),):
            return (Contributor(text),), None
        entries = ", ".join(_entry(person) for person in people)
        return people, (msg("byline '{text}' read as a printed credit", text=text), entries)
    if isinstance(entry, dict) and set(entry) <= {"name", "role"}:
        name, role = entry.get("name"), entry.get("role", "")
        if isinstance(name, str) and name.strip() and isinstance(role, str):
            role = role.strip()
            word = ROLE_WORDS.get(role, role)
            reading = (msg("role '{role}' read as '{word}'", role=role, word=word), ROLE_HINT) if word != role else None
            return (Contributor(name.strip(), word),), reading
    return None


def _entry(person: Contributor) -> str:
    return f"{{name: {person.name}, role: {person.role}}}" if person.role else person.name


def _tags(value, bad, line: tuple[int, int], rel, problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, (str, list)) or not all(
        isinstance(t, (str, int)) and not isinstance(t, bool) for t in (value if isinstance(value, list) else [])
    ):
        bad(
            "tags",
            msg("tags must be a list of words, not {value}", value=_describe(value)),
            msg("e.g. tags: [时政, 会议]"),
        )
        return ()
    words = [w.strip() for t in (value if isinstance(value, list) else [value]) for w in _split_tags(t)]
    words = [w for w in words if w]
    if len(words) > (len(value) if isinstance(value, list) else 1):
        text = value.strip() if isinstance(value, str) else ", ".join(str(t) for t in value)
        listed = f"tags: [{', '.join(words)}]"
        problems.append(
            note(rel, *line, msg("tags '{text}' read as a list", text=text), msg("to say so: {listed}", listed=listed))
        )
    value = words
    tags = []
    for tag in value:
        tag = unicodedata.normalize("NFC", str(tag).strip())
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _split_tags(tag) -> list[str]:
    return TAG_SEPARATORS.split(tag) if isinstance(tag, str) else [str(tag)]


def _area(value, bad):
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    ):
        bad("area", msg("area must be [x, y, width, height] in percent of the page scan"))
        return None
    x, y, w, h = (float(v) for v in value)
    if not (0 <= x <= 100 and 0 <= y <= 100 and 0 < w <= 100 - x + 1e-9 and 0 < h <= 100 - y + 1e-9):
        bad("area", msg("area {area} does not fit on the page (percent from 0 to 100)", area=value))
        return None
    return (x, y, w, h)
