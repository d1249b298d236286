"""The files one imported page writes: an article file per article, the
edition.yaml entry, and the table an editor reads before and after."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml

from newsgen.content.model import Contributor
from newsgen.errors import Diagnostic, error, warning
from newsgen.files import write_atomic
from newsgen.i18n import ENGLISH_TEXT, Translator, msg
from newsgen.importer.edition_file import merge_edition, yaml_value
from newsgen.importer.model import ImportedArticle, ImportedPage
from newsgen.newspaper.credits import credit_label

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
    front = "".join(f"{key}: {yaml_value(value)}\n" for key, value in values.items())
    if yaml.safe_load(front) != values:  # never write front matter that reads back wrong
        front = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in values.items())
    body = "\n\n".join(article.body)
    return f"---\n{front}---\n\n{body}\n" if body else f"---\n{front}---\n"


def _person(person: Contributor) -> object:
    return {"name": person.name, "role": person.role} if person.role else person.name


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
    printed: str = "",
) -> PagePlan:
    """``page_name``: --page-name; ``printed``: the name the page prints in
    its header, used when no --page-name is given; ``edition``:
    edition.yaml as an earlier page of the same import left it."""
    folder_rel = f"content/{date.isoformat()}"
    files = [
        (f"{folder_rel}/{article_file_name(page, order)}", render_article_file(a, date, page, order), a)
        for order, a in enumerate(parsed.articles, 1)
    ]
    problems: list[Diagnostic] = []
    for rel, _, _ in files:
        if (root / rel).exists() and not force:
            problems.append(error(rel, 0, 0, msg("already exists; not overwritten"), msg("pass --force to replace it")))
    named = (page_name, printed)
    edition, more = _edition_update(root, folder_rel, date, page, named, parsed.editor, extra or {}, edition)
    problems += more
    problems += _leftovers(root / folder_rel, folder_rel, page, {rel for rel, _, _ in files})
    problems += _missing_photos(root, files, date, page)
    others = [(f"{folder_rel}/edition.yaml", edition.encode("utf-8"))] if edition is not None else []
    return PagePlan(files, others, problems)


def write_plan(root: Path, plan: PagePlan, out: TextIO, translator: Translator = ENGLISH_TEXT) -> None:
    for rel, content, _ in plan.files:
        write_atomic(root / rel, content.encode("utf-8"))
    for rel, data in plan.others:
        write_atomic(root / rel, data)
    first = plan.files[0][0] if plan.files else next((rel for rel, _ in plan.others if rel.startswith("content/")), "")
    text = msg("wrote {count} article files to {folder}/", count=len(plan.files), folder=first.rsplit("/", 1)[0])
    print(translator.text(text), file=out)


def _edition_update(
    root: Path, folder_rel: str, date: dt.date, page: int, named: tuple, editor: str, extra: dict, known: str | None
) -> tuple[str | None, list[Diagnostic]]:
    rel = f"{folder_rel}/edition.yaml"
    problems: list[Diagnostic] = []
    page_name, printed = named
    entry = {
        "number": page,
        "name": page_name or printed or f"第{page:02d}版",
        **({"editor": editor} if editor else {}),
        **extra,
    }
    path = root / rel
    try:
        text = known if known is not None else path.read_text(encoding="utf-8") if path.exists() else None
        new, note = merge_edition(text, date, entry)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
        return None, [error(rel, 0, 0, msg("cannot add page {page}: {exc}", page=page, exc=exc))]
    # One message about the page's name: the one that is true of edition.yaml after this import.
    listed = note is not None and note.msgid.startswith("page {page} is already listed")
    if listed and page_name:
        note = msg(
            "page {page} is already listed; its name there is kept (--page-name {page_name} was not used)",
            page=page,
            page_name=page_name,
        )
    elif not page_name and not printed and not listed:
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


TABLE_HEAD = (
    msg("order"),
    msg("kind"),
    msg("kicker"),
    msg("title"),
    msg("subtitle"),
    msg("dateline"),
    msg("byline"),
    msg("paras"),
    msg("area"),
    msg("file"),
)
KIND_NAMES = {"article": msg("article"), "picture": msg("picture"), "banner": msg("banner"), "notice": msg("notice")}


def print_table(files: list, out: TextIO, translator: Translator = ENGLISH_TEXT) -> None:
    """One row per article file, in the user's language but for what was read."""
    rows = [tuple(translator.text(m) for m in TABLE_HEAD)]
    for order, (rel, _, a) in enumerate(files, 1):
        area = " ".join(f"{v:g}" for v in a.area) if a.area else ""
        byline = ", ".join(credit_label(p) for p in a.byline)
        kind = translator.text(KIND_NAMES[a.kind]) if a.kind in KIND_NAMES else a.kind
        cells = (kind, a.kicker, a.title, a.subtitle, a.dateline, byline, str(a.paragraphs), area)
        rows.append((str(order), *cells, rel.rsplit("/", 1)[-1]))
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip(), file=out)


def _width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
