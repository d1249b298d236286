"""content/<date>/edition.yaml -> Edition."""

from __future__ import annotations

import datetime as dt

from newsgen.content.model import Edition, PrintPage, line_table
from newsgen.content.yamlfile import decode_text, load_yaml
from newsgen.errors import Diagnostic, did_you_mean, error
from newsgen.i18n import msg

EDITION_KEYS = ("date", "number", "pages", "draft", "publish_at")
CHINA = dt.timezone(dt.timedelta(hours=8))  # 北京时间: a time written without an offset is read in it
PAGE_KEYS = ("number", "name", "editor", "pdf", "scan")


def parse_folder_date(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(name) if len(name) == 10 else None
    except ValueError:
        return None


def parse_edition(raw: bytes, rel: str, folder_date: dt.date) -> tuple[Edition | None, list[Diagnostic]]:
    text, problems = decode_text(raw, rel)
    if text is None:
        return None, problems
    doc, problems = load_yaml(text, rel)
    if problems:
        return None, problems
    data = doc.data
    if not isinstance(data, dict):
        return None, [error(rel, 1, 1, msg("edition.yaml must be a mapping with date and pages"))]

    def where(key: str) -> tuple[int, int]:
        return doc.lines.get(key, (1, 1))

    for key in data:
        if key not in EDITION_KEYS:
            problems.append(
                error(rel, *where(key), msg("unknown key '{key}'", key=key), did_you_mean(str(key), EDITION_KEYS))
            )
    problems += _check_date(data.get("date"), folder_date, rel, where("date"))
    number = data.get("number")
    if number is not None and (isinstance(number, bool) or not isinstance(number, int) or number < 1):
        problems.append(
            error(rel, *where("number"), msg("number (期号) must be a whole number, not {number}", number=repr(number)))
        )
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        problems.append(error(rel, *where("draft"), msg("draft must be true or false, not {value}", value=repr(draft))))
    publish_at = None
    if "publish_at" in data:
        publish_at = parse_time(data["publish_at"])
        if publish_at is None:
            problems.append(
                error(
                    rel,
                    *where("publish_at"),
                    msg(
                        "publish_at must be a date and time such as 2024-01-10T06:00+08:00, not {value}",
                        value=repr(data["publish_at"]),
                    ),
                )
            )
    pages = _pages(data.get("pages"), doc.item_lines.get("pages", []), where("pages"), rel, problems)
    if problems:
        return None, problems
    pairs = [(key, line) for key, (line, _col) in doc.lines.items()]
    pairs += [(f"pages.{i}", line) for i, line in enumerate(doc.item_lines.get("pages", []))]
    return Edition(folder_date, pages, number, rel, draft, publish_at, line_table(pairs)), []


def parse_time(value: object) -> dt.datetime | None:
    """A time as an editor writes it (2024-01-10T06:00+08:00, 2024-01-10 06:00,
    or a date: its midnight), timezone-aware; 北京时间 when no offset is given."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA)


def _check_date(date, folder_date: dt.date, rel: str, at: tuple[int, int]) -> list[Diagnostic]:
    if date is None:
        return [error(rel, 1, 1, msg("missing required key 'date'"))]
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        return [error(rel, *at, msg("date must be written as YYYY-MM-DD, not {date}", date=repr(date)))]
    if date != folder_date:
        return [
            error(
                rel,
                *at,
                msg(
                    "date {date} does not match its folder {folder}",
                    date=date.isoformat(),
                    folder=folder_date.isoformat(),
                ),
            )
        ]
    return []


def _pages(value, item_lines, where: tuple[int, int], rel, problems) -> tuple[PrintPage, ...]:
    if value is None:
        problems.append(error(rel, 1, 1, msg("missing required key 'pages'")))
        return ()
    if not isinstance(value, list) or not value:
        problems.append(error(rel, *where, msg("pages must be a list of pages with number and name")))
        return ()
    pages: list[PrintPage] = []
    seen: dict[int, int] = {}
    for index, entry in enumerate(value):
        line = item_lines[index] if index < len(item_lines) else where[0]
        page = _page(entry, line, rel, problems)
        if page is None:
            continue
        if page.number in seen:
            problems.append(
                error(
                    rel,
                    line,
                    0,
                    msg(
                        "page {number} is listed twice (first at line {first})",
                        number=page.number,
                        first=seen[page.number],
                    ),
                )
            )
            continue
        seen[page.number] = line
        pages.append(page)
    return tuple(pages)


def _page(entry, line, rel, problems) -> PrintPage | None:
    if not isinstance(entry, dict):
        problems.append(error(rel, line, 0, msg("each page must be a mapping with number and name")))
        return None
    ok = True
    for key in entry:
        if key not in PAGE_KEYS:
            problems.append(
                error(rel, line, 0, msg("unknown page key '{key}'", key=key), did_you_mean(str(key), PAGE_KEYS))
            )
            ok = False
    number = entry.get("number")
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 999:
        problems.append(
            error(
                rel, line, 0, msg("page number must be a whole number from 1 to 999, not {number}", number=repr(number))
            )
        )
        ok = False
    texts = {}
    for key in ("name", "editor", "pdf", "scan"):
        value = entry.get(key, "")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key in ("name", "editor"):
            value = str(value)
        if not isinstance(value, str):
            problems.append(
                error(rel, line, 0, msg("page {key} must be text, not {value}", key=key, value=repr(value)))
            )
            ok = False
        texts[key] = value.strip() if isinstance(value, str) else ""
    if ok and not texts["name"]:
        problems.append(error(rel, line, 0, msg("page {number} needs a name (e.g. 要闻)", number=number)))
        ok = False
    if not ok or not isinstance(number, int):
        return None
    return PrintPage(number, texts["name"], texts["editor"], texts["pdf"], texts["scan"])
