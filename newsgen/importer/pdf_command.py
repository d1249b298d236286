"""newsgen import PAGE.pdf: each page of a layout PDF -> its articles with
their hot zones, the page image (``scan``, about 150 dpi, which the build
turns into responsive WebP/JPEG) and the page's own PDF (``pdf``), all
under the edition. Every page is read before anything is written; a PDF
that cannot be read writes nothing. A page whose text cannot be trusted
is written without it (``unread.py``), and the import still fails."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from PIL import ImageDraw

from newsgen.errors import Diagnostic, error, warning
from newsgen.i18n import ENGLISH_TEXT, Translator, msg
from newsgen.importer.files import PagePlan, plan_page, print_table, write_plan
from newsgen.importer.pdf import PdfProblem, open_pdf, read_page, render_page
from newsgen.importer.pdf_page import parse_pdf_page, photo_box
from newsgen.importer.unread import stub_page

DPI = 150
MAX_UNREADABLE = 0.02  # above this share of unmapped characters the text is refused


@dataclass
class PdfImport:
    """What an import of a PDF's pages plans, page by page, before writing."""

    plans: list[tuple[int, PagePlan, bytes]] = field(default_factory=list)  # (page number, plan, preview PNG)
    problems: list[Diagnostic] = field(default_factory=list)
    refused: list[Diagnostic] = field(default_factory=list)  # errors that refuse a page's text, not the page


def import_pdf(
    raw: bytes,
    name: str,
    *,
    date: dt.date,
    page: int,
    page_name: str,
    root: Path,
    dry_run: bool,
    force: bool,
    keep_punctuation: bool,
    out: TextIO,
    pdf_pages: tuple[int, int] | None = None,
    translator: Translator = ENGLISH_TEXT,
) -> list[Diagnostic]:
    """Every page planned, then all written, unless there is an error other
    than a page whose text cannot be read (that page is written as stubs)."""
    try:
        document = open_pdf(raw)
        first, last = pdf_pages or (1, len(document))
        if last > len(document):
            return [error(name, 0, 0, msg("the PDF has {count} pages, not {last}", count=len(document), last=last))]
        found = PdfImport()
        for index in range(first - 1, last):
            _plan_page(
                found,
                document,
                raw,
                name,
                date,
                page + index - (first - 1),
                index,
                page_name,
                root,
                force,
                keep_punctuation,
            )
    except PdfProblem as exc:
        return [error(name, 0, 0, exc.args[0])]
    for number, plan, _ in found.plans:
        print(translator.text(msg("page {number}:", number=number)), file=out)
        print_table(plan.files, out, translator)
    if dry_run:
        for number, _, image in found.plans:
            preview = Path(name).with_name(f"{Path(name).stem}-p{number:02d}-preview.png")
            preview.write_bytes(image)
            text = msg("dry run: nothing written to the site; the zones are drawn on {preview}", preview=str(preview))
            print(translator.text(text), file=out)
        return found.problems
    if any(p.is_error and not any(p is r for r in found.refused) for p in found.problems):
        return found.problems
    for _, plan, _ in found.plans:
        write_plan(root, plan, out, translator)
    return found.problems


def _plan_page(found: PdfImport, document, raw, name, date, number, index, page_name, root, force, keep_punctuation):
    """One page read and its files planned (nothing written yet)."""
    rawpage = read_page(document, index)
    if len([c for c in rawpage.chars if not c.text.isspace()]) < 20:
        what = msg("a scanned image") if rawpage.pictures else msg("empty")
        raise PdfProblem(
            msg(
                "page {page} of the PDF has no text ({what}): export the PDF from the layout system",
                page=index + 1,
                what=what,
            )
        )
    parsed, share = parse_pdf_page(rawpage, keep_punctuation=keep_punctuation)
    if share > MAX_UNREADABLE:
        parsed, sound = stub_page(parsed, rawpage)
        found.refused.append(_unreadable(name, index, share, len(parsed.articles) if sound else None))
        found.problems.append(found.refused[-1])
    elif not parsed.articles:
        found.problems.append(error(name, 0, 0, msg("page {page}: no articles found", page=index + 1)))
        return
    image = render_page(document, index, DPI)
    stem = f"{date.isoformat()}/p{number:02d}"
    extra = {"pdf": f"{stem}.pdf", "scan": f"{stem}.jpg"}
    first = not found.plans
    name_here = page_name if first else ""
    edition = (
        None
        if first
        else next((d.decode() for rel, d in found.plans[-1][1].others if rel.endswith("edition.yaml")), None)
    )
    printed = str((parsed.header or {}).get("name", ""))
    plan = plan_page(root, date, number, name_here, parsed, force, extra, edition, printed)
    printed_number = (parsed.header or {}).get("number")
    if printed_number not in (None, number):
        text = msg(
            "page {page} is printed as 第{printed}版; imported as page {number}",
            page=index + 1,
            printed=printed_number,
            number=number,
        )
        plan.problems.append(warning(name, 0, 0, text))
    for rel in (f"images/{stem}.jpg", f"images/{stem}.pdf"):
        if (root / rel).exists() and not force:
            plan.problems.append(warning(rel, 0, 0, msg("already exists; kept (pass --force to replace it)")))
    photos = _photos(image, rawpage, parsed, date, number)
    plan.problems = [d for d in plan.problems if not any(rel in d.message for rel, _ in photos)]
    plan.others += [
        (rel, data)
        for rel, data in (
            (f"images/{stem}.jpg", _jpeg(image)),
            (f"images/{stem}.pdf", _page_pdf(document, raw, index)),
            *photos,
        )
        if force or not (root / rel).exists()
    ]
    found.problems += plan.problems
    found.plans.append((number, plan, _preview(image, plan)))


def _unreadable(name: str, index: int, share: float, zones: int | None) -> Diagnostic:
    """The page's text refused; said with what is written instead."""
    hint = msg("type the text in from the page image, or export the PDF again with its fonts embedded")
    if zones is None:
        text = msg(
            "page {page}: {share} of the characters have no usable Unicode mapping (private-use or replacement "
            "characters), and its articles cannot be told apart: only the page image and the PDF are imported",
            page=index + 1,
            share=f"{share:.0%}",
        )
    else:
        text = msg(
            "page {page}: {share} of the characters have no usable Unicode mapping (private-use or replacement "
            "characters): the text is not imported; the page image, the PDF and {zones} hot zones are, "
            "each article titled （第N篇，文字无法识别，请补录）",
            page=index + 1,
            share=f"{share:.0%}",
            zones=zones,
        )
    return error(name, 0, 0, text, hint)


def _jpeg(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, optimize=True, progressive=True)
    return buffer.getvalue()


def _photos(image, rawpage, parsed, date: dt.date, number: int) -> list[tuple[str, bytes]]:
    """The photo of each picture news item, cut from the page image, where
    the article file expects it (images/<date>/pNN-MM.jpg)."""
    scale = image.width / rawpage.width
    found = []
    for order, article in enumerate(parsed.articles, 1):
        box = photo_box(article, rawpage)
        if article.kind != "picture" or article.image or box is None:
            continue
        crop = image.crop(tuple(round(v * scale) for v in box))
        buffer = io.BytesIO()
        crop.save(buffer, "JPEG", quality=88, optimize=True)
        found.append((f"images/{date.isoformat()}/p{number:02d}-{order:02d}.jpg", buffer.getvalue()))
    return found


def _page_pdf(document, raw: bytes, index: int) -> bytes:
    """The PDF itself when it has one page; that page of it otherwise."""
    if len(document) == 1:
        return raw
    import pypdfium2 as pdfium

    single = pdfium.PdfDocument.new()
    single.import_pages(document, [index])
    buffer = io.BytesIO()
    single.save(buffer)
    return buffer.getvalue()


def _preview(image, plan: PagePlan) -> bytes:
    """The page with each zone drawn and numbered, for --dry-run."""
    canvas = image.copy()
    draw = ImageDraw.Draw(canvas)
    w, h = canvas.size
    for order, (_, _, article) in enumerate(plan.files, 1):
        if not article.area:
            continue
        x, y, dx, dy = article.area
        box = (x * w / 100, y * h / 100, (x + dx) * w / 100, (y + dy) * h / 100)
        draw.rectangle(box, outline=(220, 0, 0), width=3)
        draw.rectangle((box[0], box[1], box[0] + 28, box[1] + 22), fill=(220, 0, 0))
        draw.text((box[0] + 5, box[1] + 4), str(order), fill=(255, 255, 255))
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    return buffer.getvalue()
