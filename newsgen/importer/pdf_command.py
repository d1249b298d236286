"""newsgen import PAGE.pdf: each page of a layout PDF -> its articles with
their hot zones, the page image (``scan``, about 150 dpi, which the build
turns into responsive WebP/JPEG) and the page's own PDF (``pdf``), all
under the edition. Every page is read before anything is written; a PDF
that cannot be read, or whose text cannot be trusted, writes nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TextIO

from PIL import ImageDraw

from newsgen.errors import Diagnostic, error, warning
from newsgen.importer.files import PagePlan, plan_page, print_table, write_plan
from newsgen.importer.pdf import PdfProblem, open_pdf, read_page, render_page
from newsgen.importer.pdf_page import parse_pdf_page

DPI = 150
MAX_UNREADABLE = 0.02  # above this share of unmapped characters the text is refused


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
) -> list[Diagnostic]:
    try:
        document = open_pdf(raw)
        first, last = pdf_pages or (1, len(document))
        if last > len(document):
            return [error(name, 0, 0, f"the PDF has {len(document)} pages, not {last}")]
        indices = range(first - 1, last)
        plans, problems = _plan_pages(
            document, raw, name, date, page, page_name, root, force, keep_punctuation, indices
        )
    except PdfProblem as exc:
        return [error(name, 0, 0, str(exc))]
    for number, plan, _ in plans:
        print(f"page {number}:", file=out)
        print_table(plan.files, out)
    if dry_run:
        for number, _, image in plans:
            preview = Path(name).with_name(f"{Path(name).stem}-p{number:02d}-preview.png")
            preview.write_bytes(image)
            print(f"dry run: nothing written to the site; the zones are drawn on {preview}", file=out)
        return problems
    if any(p.is_error for p in problems):
        return problems
    for _, plan, _ in plans:
        write_plan(root, plan, out)
    return problems


def _plan_pages(document, raw, name, date, first, page_name, root, force, keep_punctuation, indices):
    """Each page read, its files planned; nothing written yet."""
    plans: list[tuple[int, PagePlan, bytes]] = []
    problems: list[Diagnostic] = []
    for index in indices:
        number = first + index - indices[0]
        rawpage = read_page(document, index)
        if len([c for c in rawpage.chars if not c.text.isspace()]) < 20:
            what = "a scanned image" if rawpage.pictures else "empty"
            raise PdfProblem(f"page {index + 1} of the PDF has no text ({what}): export the PDF from the layout system")
        parsed, share = parse_pdf_page(rawpage, keep_punctuation=keep_punctuation)
        if share > MAX_UNREADABLE:
            problems.append(_unreadable(name, index, share))
            continue
        if not parsed.articles:
            problems.append(error(name, 0, 0, f"page {index + 1}: no articles found"))
            continue
        image = render_page(document, index, DPI)
        stem = f"{date.isoformat()}/p{number:02d}"
        pdf_bytes = raw if len(document) == 1 else _single_page(document, index)
        jpeg = io.BytesIO()
        image.save(jpeg, "JPEG", quality=80, optimize=True, progressive=True)
        extra = {"pdf": f"{stem}.pdf", "scan": f"{stem}.jpg"}
        name_here = page_name if index == indices[0] and page_name else str((parsed.header or {}).get("name", ""))
        edition = (
            next((d.decode() for rel, d in plans[-1][1].others if rel.endswith("edition.yaml")), None)
            if plans
            else None
        )
        plan = plan_page(root, date, number, name_here, parsed, force, extra, edition)
        if (parsed.header or {}).get("number") not in (None, number):
            plan.problems.append(
                warning(
                    name,
                    0,
                    0,
                    f"page {index + 1} is printed as 第{parsed.header['number']}版; imported as page {number}",
                )
            )
        for rel in (f"images/{stem}.jpg", f"images/{stem}.pdf"):
            if (root / rel).exists() and not force:
                plan.problems.append(warning(rel, 0, 0, "already exists; kept (pass --force to replace it)"))
        photos = _photos(image, rawpage, parsed, date, number)
        plan.problems = [d for d in plan.problems if not any(rel in d.message for rel, _ in photos)]
        plan.others += [
            (rel, data)
            for rel, data in ((f"images/{stem}.jpg", jpeg.getvalue()), (f"images/{stem}.pdf", pdf_bytes), *photos)
            if force or not (root / rel).exists()
        ]
        problems += plan.problems
        plans.append((number, plan, _preview(image, rawpage.width, plan)))
    return plans, problems


def _unreadable(name: str, index: int, share: float) -> Diagnostic:
    return error(
        name,
        0,
        0,
        f"page {index + 1}: {share:.0%} of the characters have no usable Unicode mapping "
        "(private-use or replacement characters); the text is not imported",
        "export the PDF again with fonts embedded, or import the page's text instead",
    )


def _photos(image, rawpage, parsed, date: dt.date, number: int) -> list[tuple[str, bytes]]:
    """The photo of each picture news item, cut from the page image, where
    the article file expects it (images/<date>/pNN-MM.jpg)."""
    scale = image.width / rawpage.width
    found = []
    for order, article in enumerate(parsed.articles, 1):
        box = next((b for b in article.boxes if b in rawpage.pictures or b in rawpage.frames), None)
        if article.kind != "picture" or article.image or box is None:
            continue
        crop = image.crop(tuple(round(v * scale) for v in box))
        buffer = io.BytesIO()
        crop.save(buffer, "JPEG", quality=88, optimize=True)
        found.append((f"images/{date.isoformat()}/p{number:02d}-{order:02d}.jpg", buffer.getvalue()))
    return found


def _single_page(document, index: int) -> bytes:
    import pypdfium2 as pdfium

    single = pdfium.PdfDocument.new()
    single.import_pages(document, [index])
    buffer = io.BytesIO()
    single.save(buffer)
    return buffer.getvalue()


def _preview(image, width: float, plan: PagePlan) -> bytes:
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
