"""edition.yaml, as an import adds a page to it: the entry inserted where it
belongs, the editor's text and comments kept as written."""

from __future__ import annotations

import datetime as dt
import json
import re

import yaml

from newsgen.i18n import Msg, msg
from newsgen.importer.model import ImportedArticle, ImportedPage  # noqa: F401  (callers use these)
from newsgen.importer.punctuation import punctuate  # noqa: F401

# ---------------------------------------------------------------- files


def yaml_value(value: object, flow: bool = False) -> str:
    """Plain YAML where it reads back the same (editors edit these files),
    JSON-quoted (which is valid YAML) where it would not."""
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(item, flow=True) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {yaml_value(v, flow=True)}" for k, v in value.items()) + "}"
    if not isinstance(value, str):
        return json.dumps(value)
    probe = f"k: [{value}]" if flow else f"k: {value}"
    try:
        plain = yaml.safe_load(probe) == {"k": [value] if flow else value}
    except yaml.YAMLError:
        plain = False
    return value if plain and value == value.strip() and "\n" not in value else json.dumps(value, ensure_ascii=False)


def merge_edition(text: str | None, date: dt.date, entry: dict) -> tuple[str | None, Msg | None]:
    """edition.yaml with the page added -> (new text or None if unchanged, a
    note). Existing text is kept as written: the entry is inserted in page
    order; only a layout we cannot follow is rewritten (comments lost)."""
    if text is None:
        return f"date: {date.isoformat()}\npages:\n{_entry_text(entry, '  ')}", None
    data = yaml.safe_load(text) or {}
    pages = data.get("pages") or [] if isinstance(data, dict) else None
    if not isinstance(pages, list):
        raise ValueError("it is not a mapping with a list of pages")
    listed = next((p for p in pages if isinstance(p, dict) and p.get("number") == entry["number"]), None)
    if listed is not None:
        return _add_files(text, data, pages, listed, entry)
    expected = dict(data, pages=sorted([*pages, entry], key=_page_number))
    inserted = _insert_entry(text, pages, entry)
    if inserted is not None and yaml.safe_load(inserted) == dict(data, pages=_insert_sorted(pages, entry)):
        return inserted, None
    head = {"date": data.get("date", date), **{k: v for k, v in expected.items() if k not in ("date", "pages")}}
    rewritten = "".join(f"{k}: {v.isoformat() if isinstance(v, dt.date) else yaml_value(v)}\n" for k, v in head.items())
    rewritten += "pages:\n" + "".join(_entry_text(p, "  ") for p in expected["pages"])
    return rewritten, msg("its layout could not be extended in place, so it was rewritten (comments were not kept)")


def _add_files(text: str, data: dict, pages: list, listed: dict, entry: dict) -> tuple[str | None, Msg]:
    """A page already listed keeps its name and editor; only its page image
    and PDF, if it has none, are added under its entry."""
    missing = {k: entry[k] for k in ("pdf", "scan") if k in entry and k not in listed}
    if not missing:
        return None, msg("page {page} is already listed; left as it is", page=entry["number"])
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"pages\s*:\s*(#.*)?$", line)), len(lines))
    head = re.compile(rf"(\s*)- number\s*:\s*{entry['number']}\s*(#.*)?$")
    at = next((i for i in range(start + 1, len(lines)) if head.match(lines[i])), None)
    wanted = dict(data, pages=[dict(p, **missing) if p is listed else p for p in pages])
    if at is not None:
        indent = head.match(lines[at]).group(1) + "  "
        end = at + 1
        while end < len(lines) and lines[end].startswith(indent) and lines[end].strip():
            end += 1
        if not lines[end - 1].endswith("\n"):
            lines[end - 1] += "\n"
        added = "".join(f"{indent}{k}: {yaml_value(v)}\n" for k, v in missing.items())
        new = "".join(lines[:end]) + added + "".join(lines[end:])
        if yaml.safe_load(new) == wanted:
            what = (
                msg("its page image and PDF")
                if len(missing) == 2
                else msg("its page image")
                if "scan" in missing
                else msg("its PDF")
            )
            return new, msg("page {page} is already listed; {what} added", page=entry["number"], what=what)
    where = ", ".join(f"{k}: {v}" for k, v in missing.items())
    return None, msg("page {page} is already listed; add {where} to it", page=entry["number"], where=where)


def _page_number(page: object) -> int:
    return page.get("number", 0) if isinstance(page, dict) and isinstance(page.get("number"), int) else 0


def _insert_sorted(pages: list, entry: dict) -> list:
    at = next((i for i, p in enumerate(pages) if _page_number(p) > entry["number"]), len(pages))
    return [*pages[:at], entry, *pages[at:]]


def _entry_text(entry: dict, indent: str) -> str:
    lines = [
        f"{indent}- {k}: {yaml_value(v)}" if i == 0 else f"{indent}  {k}: {yaml_value(v)}"
        for i, (k, v) in enumerate(entry.items())
    ]
    return "\n".join(lines) + "\n"


def _insert_entry(text: str, pages: list, entry: dict) -> str | None:
    """Insert the entry's lines into the block list under 'pages:', before
    the first page with a larger number."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"pages\s*:\s*(#.*)?$", line)), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " #-"):
        end += 1
    items = [i for i in range(start + 1, end) if re.match(r"\s*- ", lines[i])]
    indent = re.match(r"\s*", lines[items[0]]).group() if items else "  "
    items = [i for i in items if lines[i].startswith(indent + "- ")]
    if len(items) != len(pages):
        return None
    at = next((i for i, p in zip(items, pages, strict=True) if _page_number(p) > entry["number"]), None)
    while at is not None and at - 1 > start and lines[at - 1].lstrip().startswith("#"):
        at -= 1  # a comment above the next page belongs to it
    if at is None:
        at = max(i + 1 for i in range(start, end) if lines[i].strip() and not lines[i].lstrip().startswith("#"))
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    return "".join(lines[:at]) + _entry_text(entry, indent) + "".join(lines[at:])
