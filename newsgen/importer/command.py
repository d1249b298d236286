"""newsgen import: the raw text of one laid-out page -> one Markdown file
per article in content/<date>/, and the page in edition.yaml. The reading
itself is ``newsgen.importer_parse``; this module does the file work around
it: decoding (UTF-8 or GB18030), front matter, edition.yaml, the table."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml

from newsgen.content.model import Contributor
from newsgen.errors import Diagnostic, error, warning
from newsgen.files import write_atomic
from newsgen.i18n import msg
from newsgen.importer.model import ImportedArticle, ImportedPage  # noqa: F401  (callers use these)
from newsgen.importer.punctuation import punctuate  # noqa: F401
from newsgen.importer.text import parse_page
from newsgen.newspaper.credits import credit_label

# ---------------------------------------------------------------- files

FRONT_KEYS = (
    "title",
    "kicker",
    "subtitle",
    "page",
    "order",
    "kind",
    "dateline",
    "byline",
    "image",
    "caption",
    "area",
)


def article_file_name(page: int, order: int) -> str:
    """p03-01.md: short, ASCII, and stable when the page is imported again."""
    return f"p{page:02d}-{order:02d}.md"


def render_article_file(article: ImportedArticle, date: dt.date, page: int, order: int) -> str:
    values: dict[str, object] = {
        "title": article.title,
        "kicker": article.kicker,
        "subtitle": article.subtitle,
        "page": page,
        "order": order,
        "kind": "" if article.kind == "article" else article.kind,
        "dateline": article.dateline,
        "byline": [_person(p) for p in article.byline],
        "image": article.image
        or (f"{date.isoformat()}/p{page:02d}-{order:02d}.jpg" if article.kind == "picture" else ""),
        "caption": article.caption,
        "area": list(article.area) if article.area else "",
    }
    values = {key: values[key] for key in FRONT_KEYS if values[key] not in ("", [])}
    front = "".join(f"{key}: {_yaml_value(value)}\n" for key, value in values.items())
    if yaml.safe_load(front) != values:  # never write front matter that reads back wrong
        front = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in values.items())
    body = "\n\n".join(article.body)
    return f"---\n{front}---\n\n{body}\n" if body else f"---\n{front}---\n"


def _person(person: Contributor) -> object:
    return {"name": person.name, "role": person.role} if person.role else person.name


def _yaml_value(value: object, flow: bool = False) -> str:
    """Plain YAML where it reads back the same (editors edit these files),
    JSON-quoted (which is valid YAML) where it would not."""
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(item, flow=True) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml_value(v, flow=True)}" for k, v in value.items()) + "}"
    if not isinstance(value, str):
        return json.dumps(value)
    probe = f"k: [{value}]" if flow else f"k: {value}"
    try:
        plain = yaml.safe_load(probe) == {"k": [value] if flow else value}
    except yaml.YAMLError:
        plain = False
    return value if plain and value == value.strip() and "\n" not in value else json.dumps(value, ensure_ascii=False)


def merge_edition(text: str | None, date: dt.date, entry: dict) -> tuple[str | None, str]:
    """edition.yaml with the page added -> (new text or None if unchanged, a
    note). Existing text is kept as written: the entry is inserted in page
    order; only a layout we cannot follow is rewritten (comments lost)."""
    if text is None:
        return f"date: {date.isoformat()}\npages:\n{_entry_text(entry, '  ')}", ""
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
        return inserted, ""
    head = {"date": data.get("date", date), **{k: v for k, v in expected.items() if k not in ("date", "pages")}}
    rewritten = "".join(
        f"{k}: {v.isoformat() if isinstance(v, dt.date) else _yaml_value(v)}\n" for k, v in head.items()
    )
    rewritten += "pages:\n" + "".join(_entry_text(p, "  ") for p in expected["pages"])
    return rewritten, "its layout could not be extended in place, so it was rewritten (comments were not kept)"


def _add_files(text: str, data: dict, pages: list, listed: dict, entry: dict) -> tuple[str | None, str]:
    """A page already listed keeps its name and editor; only its page image
    and PDF, if it has none, are added under its entry."""
    missing = {k: entry[k] for k in ("pdf", "scan") if k in entry and k not in listed}
    if not missing:
        return None, f"page {entry['number']} is already listed; left as it is"
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
        added = "".join(f"{indent}{k}: {_yaml_value(v)}\n" for k, v in missing.items())
        new = "".join(lines[:end]) + added + "".join(lines[end:])
        if yaml.safe_load(new) == wanted:
            return new, f"page {entry['number']} is already listed; its {' and '.join(missing)} added"
    where = ", ".join(f"{k}: {v}" for k, v in missing.items())
    return None, f"page {entry['number']} is already listed; add {where} to it"


def _page_number(page: object) -> int:
    return page.get("number", 0) if isinstance(page, dict) and isinstance(page.get("number"), int) else 0


def _insert_sorted(pages: list, entry: dict) -> list:
    at = next((i for i, p in enumerate(pages) if _page_number(p) > entry["number"]), len(pages))
    return [*pages[:at], entry, *pages[at:]]


def _entry_text(entry: dict, indent: str) -> str:
    lines = [
        f"{indent}- {k}: {_yaml_value(v)}" if i == 0 else f"{indent}  {k}: {_yaml_value(v)}"
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


def decode_page(raw: bytes, name: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 (BOM or not), UTF-16 with a BOM, or GB18030/GBK, which Chinese
    Windows tools still write. GB18030 decodes almost any bytes, so its
    result must also read like Chinese before it is believed."""
    codecs = ("utf-16",) if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for codec in codecs:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec != "gb18030" or _reads_like_chinese(text):
            if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t\f" for c in text):
                break
            return text.replace("\r\n", "\n").replace("\r", "\n"), []
    return None, [
        error(
            name,
            0,
            0,
            msg("not UTF-8 or GB18030/GBK text, so it cannot be imported"),
            msg("save the page text as UTF-8"),
        )
    ]


def _reads_like_chinese(text: str) -> bool:
    """Real Chinese text uses the 6,763 common characters of GB2312 almost
    only; bytes that merely decode give rare ones and private-use points."""
    han = [c for c in text if "\u3400" <= c <= "\u9fff"]
    if not han or any(unicodedata.category(c) in ("Co", "Cn") for c in text):
        return False
    common = sum(1 for c in han if _in_gb2312(c))
    return common >= 0.95 * len(han)


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def run_import(
    source: Path,
    *,
    date: dt.date,
    page: int,
    page_name: str = "",
    root: Path = Path("."),
    dry_run: bool = False,
    force: bool = False,
    keep_punctuation: bool = False,
    pdf_pages: tuple[int, int] | None = None,
    out: TextIO = sys.stdout,
) -> list[Diagnostic]:
    """A page's text or its layout PDF (told apart by the content, not the
    name) -> article files and the page in edition.yaml. Nothing is written
    when anything is wrong."""
    name = str(source)
    try:
        raw = Path(source).read_bytes()
    except OSError as exc:
        return [error(name, 0, 0, msg("cannot read {name}: {reason}", name=name, reason=exc.strerror or exc))]
    if b"%PDF-" in raw[:1024]:
        from newsgen.importer.pdf_command import import_pdf

        return import_pdf(
            raw,
            name,
            date=date,
            page=page,
            page_name=page_name,
            root=Path(root),
            dry_run=dry_run,
            force=force,
            keep_punctuation=keep_punctuation,
            pdf_pages=pdf_pages,
            out=out,
        )
    text, problems = decode_page(raw, name)
    if text is None:
        return problems
    parsed = parse_page(text, keep_punctuation=keep_punctuation)
    problems = [warning(name, line, 0, message) for line, message in parsed.notes]
    if not parsed.articles:
        return problems + [error(name, 0, 0, msg("no articles found in the page text"))]
    plan = plan_page(Path(root), date, page, page_name or str((parsed.header or {}).get("name", "")), parsed, force)
    problems += plan.problems
    print_table(plan.files, out)
    if dry_run:
        print(f"dry run: {len(plan.files)} files for page {page} of {date.isoformat()} not written", file=out)
        return problems
    if any(p.is_error for p in problems):
        return problems
    write_plan(Path(root), plan, out)
    return problems


@dataclass
class PagePlan:
    """What importing one page writes: (path, bytes) pairs, relative to the root."""

    files: list  # (rel, text, article) per article file
    others: list[tuple[str, bytes]] = field(default_factory=list)  # edition.yaml, the scan, the PDF
    problems: list[Diagnostic] = field(default_factory=list)


def plan_page(
    root: Path,
    date: dt.date,
    page: int,
    page_name: str,
    parsed: ImportedPage,
    force: bool,
    extra: dict | None = None,
    edition: str | None = None,
) -> PagePlan:
    """``edition``: edition.yaml as an earlier page of the same import left it."""
    folder_rel = f"content/{date.isoformat()}"
    files = [
        (f"{folder_rel}/{article_file_name(page, order)}", render_article_file(a, date, page, order), a)
        for order, a in enumerate(parsed.articles, 1)
    ]
    problems: list[Diagnostic] = []
    for rel, _, _ in files:
        if (root / rel).exists() and not force:
            problems.append(error(rel, 0, 0, msg("already exists; not overwritten"), msg("pass --force to replace it")))
    edition, more = _edition_update(root, folder_rel, date, page, page_name, parsed.editor, extra or {}, edition)
    problems += more
    problems += _leftovers(root / folder_rel, folder_rel, page, {rel for rel, _, _ in files})
    problems += _missing_photos(root, files, date, page)
    others = [(f"{folder_rel}/edition.yaml", edition.encode("utf-8"))] if edition is not None else []
    return PagePlan(files, others, problems)


def write_plan(root: Path, plan: PagePlan, out: TextIO) -> None:
    for rel, content, _ in plan.files:
        write_atomic(root / rel, content.encode("utf-8"))
    for rel, data in plan.others:
        write_atomic(root / rel, data)
    folder = plan.files[0][0].rsplit("/", 1)[0] if plan.files else ""
    print(f"wrote {len(plan.files)} files to {folder}/", file=out)


def _edition_update(
    root: Path, folder_rel: str, date: dt.date, page: int, page_name: str, editor: str, extra: dict, known: str | None
) -> tuple[str | None, list[Diagnostic]]:
    rel = f"{folder_rel}/edition.yaml"
    problems: list[Diagnostic] = []
    entry = {"number": page, "name": page_name or f"第{page:02d}版", **({"editor": editor} if editor else {}), **extra}
    path = root / rel
    try:
        text = known if known is not None else path.read_text(encoding="utf-8") if path.exists() else None
        new, note = merge_edition(text, date, entry)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
        return None, [error(rel, 0, 0, msg("cannot add page {page}: {exc}", page=page, exc=exc))]
    # One message about the page's name: the one that is true of edition.yaml after this import.
    listed = note.startswith(f"page {page} is already listed")
    if listed and page_name:
        note = msg(
            "page {page} is already listed; its name there is kept (--page-name {page_name} was not used)",
            page=page,
            page_name=page_name,
        )
    elif not page_name and not listed:
        problems.append(
            warning(
                rel,
                0,
                0,
                msg(
                    "no page name given (--page-name); page {page} is named '{page_name}' — "
                    "change it to the real one (要闻, 综合…)",
                    page=page,
                    page_name=entry["name"],
                ),
            )
        )
    if note:
        problems.append(warning(rel, 0, 0, note))
    return new, problems


def _leftovers(folder: Path, folder_rel: str, page: int, planned: set[str]) -> list[Diagnostic]:
    """Files of an earlier import of this page that this one does not write."""
    old = sorted(folder.glob(f"p{page:02d}-*.md")) if folder.is_dir() else []
    return [
        warning(
            f"{folder_rel}/{p.name}", 0, 0, msg("from an earlier import of this page and not in this one; left alone")
        )
        for p in old
        if f"{folder_rel}/{p.name}" not in planned
    ]


def _missing_photos(root: Path, files: list, date: dt.date, page: int) -> list[Diagnostic]:
    problems = []
    for order, (rel, _, article) in enumerate(files, 1):
        image = article.image or f"{date.isoformat()}/p{page:02d}-{order:02d}.jpg"
        if article.kind == "picture" and not (root / "images" / image).exists():
            problems.append(
                warning(rel, 0, 0, msg("put the photo at images/{image} (or change 'image:')", image=image))
            )
    return problems


def print_table(files: list, out: TextIO) -> None:
    rows = [("order", "kind", "kicker", "title", "subtitle", "dateline", "byline", "paras", "area", "file")]
    for order, (rel, _, a) in enumerate(files, 1):
        area = " ".join(f"{v:g}" for v in a.area) if a.area else ""
        byline = ", ".join(credit_label(p) for p in a.byline)
        cells = (a.kind, a.kicker, a.title, a.subtitle, a.dateline, byline, str(a.paragraphs), area)
        rows.append((str(order), *cells, rel.rsplit("/", 1)[-1]))
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip(), file=out)


def _width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
