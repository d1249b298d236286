"""newsgen import: one laid-out page, as its raw text or its PDF, -> one
Markdown file per article in content/<date>/, and the page in edition.yaml.
This module decodes the text (UTF-8 or GB18030) and chooses the reader:
``text.py`` for text, ``pdf_command.py`` for a PDF; ``files.py`` does the
file work both share."""

from __future__ import annotations

import datetime as dt
import sys
import unicodedata
from pathlib import Path
from typing import TextIO

from newsgen.errors import Diagnostic, error, warning
from newsgen.i18n import ENGLISH_TEXT, Translator, msg
from newsgen.importer.files import PagePlan, plan_page, print_table, render_article_file, write_plan  # noqa: F401
from newsgen.importer.model import ImportedArticle, ImportedPage  # noqa: F401  (callers use these)
from newsgen.importer.punctuation import punctuate  # noqa: F401
from newsgen.importer.text import parse_page


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
    translator: Translator = ENGLISH_TEXT,
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
            translator=translator,
        )
    text, problems = decode_page(raw, name)
    if text is None:
        return problems
    parsed = parse_page(text, keep_punctuation=keep_punctuation)
    problems = [warning(name, line, 0, message) for line, message in parsed.notes]
    if not parsed.articles:
        return problems + [error(name, 0, 0, msg("no articles found in the page text"))]
    printed = str((parsed.header or {}).get("name", ""))
    plan = plan_page(Path(root), date, page, page_name, parsed, force, printed=printed)
    problems += plan.problems
    print_table(plan.files, out, translator)
    if dry_run:
        print(translator.text(_not_written(len(plan.files), page, date)), file=out)
        return problems
    if any(p.is_error for p in problems):
        return problems
    write_plan(Path(root), plan, out, translator)
    return problems


def _not_written(count: int, page: int, date: dt.date):
    return msg("dry run: {count} files for page {page} of {date} not written", count=count, page=page, date=str(date))
