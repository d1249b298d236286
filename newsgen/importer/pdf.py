"""Reading a layout PDF with PDFium (pypdfium2): every character with its
box, size and weight, the pictures and the ruled lines and frames, per
page; and the page rendered as an image. What is made of them is
``newsgen.importer.pdf_layout`` (lines, blocks, columns, stories) and then
the rules shared with the text reader (``newsgen.importer.stories``).

Coordinates are points with y growing down from the top of the page.
"""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from newsgen.i18n import msg
from newsgen.importer.model import Box


class PdfProblem(Exception):
    """The file cannot be read as a page PDF: the message (a ``Msg``) says why."""


@dataclass(frozen=True)
class Char:
    text: str
    box: Box
    size: float
    bold: bool
    bad: bool  # no usable Unicode mapping
    cell: Box = (0.0, 0.0, 0.0, 0.0)  # its advance by the font's height: punctuation inked at one side fills it


@dataclass(frozen=True)
class RawPage:
    width: float
    height: float
    chars: tuple[Char, ...]
    pictures: tuple[Box, ...]  # images, and large filled shapes standing for them
    rules: tuple[Box, ...]  # thin horizontal or vertical lines
    frames: tuple[Box, ...]  # stroked rectangles (a boxed banner or notice)


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PdfProblem(
                msg("the PDF is encrypted (password protected); export it again without a password")
            ) from exc
        raise PdfProblem(msg("the PDF is damaged and cannot be read ({reason})", reason=str(exc))) from exc
    if len(document) == 0:
        raise PdfProblem(msg("the PDF has no pages"))
    return document


def read_page(document: pdfium.PdfDocument, index: int) -> RawPage:
    try:
        page = document[index]
        width, height = page.get_size()
        textpage = page.get_textpage()
        chars = tuple(_chars(textpage, height))
        pictures, rules, frames = _objects(page, height)
    except pdfium.PdfiumError as exc:
        raise PdfProblem(
            msg("page {page} of the PDF is damaged and cannot be read ({reason})", page=index + 1, reason=str(exc))
        ) from exc
    return RawPage(width, height, chars, pictures, rules, frames)


def _chars(textpage: pdfium.PdfTextPage, height: float):
    raw = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    rect = pdfium_c.FS_RECTF()
    stroked: dict[int | None, bool] = {}  # per text object: its characters share its render mode
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if pdfium_c.FPDFText_IsGenerated(raw, index) == 1 and code != 0x20:
            continue  # a line end PDFium made up; a space it made up is kept
        text = chr(code) if 0 < code < 0x110000 else "\ufffd"
        if text in "\r\n" or unicodedata.category(text) == "Cc":
            continue
        pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top)
        box = (left.value, height - top.value, right.value, height - bottom.value)
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect)
        bad = pdfium_c.FPDFText_HasUnicodeMapError(raw, index) == 1
        yield Char(
            text,
            box,
            pdfium_c.FPDFText_GetFontSize(raw, index),
            pdfium_c.FPDFText_GetFontWeight(raw, index) >= 600 or _fake_bold(raw, index, stroked),
            bad,
            (rect.left, height - rect.top, rect.right, height - rect.bottom),
        )


def _fake_bold(raw, index: int, seen: dict[int | None, bool]) -> bool:
    """Drawn filled and stroked in one colour (text render mode 2): the bold
    layout systems make of a Chinese face that has none, which the font's
    name and weight do not show."""
    obj = pdfium_c.FPDFText_GetTextObject(raw, index)
    key = ctypes.cast(obj, ctypes.c_void_p).value
    if key not in seen:
        seen[key] = bool(obj) and _stroked(obj)
    return seen[key]


def _stroked(obj) -> bool:
    modes = (pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE, pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE_CLIP)
    width = ctypes.c_float()
    if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) not in modes or not pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width):
        return False
    fill, stroke = (tuple(ctypes.c_uint() for _ in range(4)) for _ in range(2))
    same = pdfium_c.FPDFPageObj_GetFillColor(obj, *fill) and pdfium_c.FPDFPageObj_GetStrokeColor(obj, *stroke)
    return width.value > 0 and bool(same) and [c.value for c in fill] == [c.value for c in stroke]


def _objects(page: pdfium.PdfPage, height: float) -> tuple[tuple[Box, ...], tuple[Box, ...], tuple[Box, ...]]:
    pictures: list[Box] = []
    rules: list[Box] = []
    frames: list[Box] = []
    kinds = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH)
    for obj in page.get_objects(filter=kinds, max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        box = (left, height - top, right, height - bottom)
        w, h = right - left, top - bottom
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            if w > 20 and h > 20:
                pictures.append(box)
        elif min(w, h) < 4 and max(w, h) > 20:
            rules.append(box)
        elif w > 20 and h > 12:
            (pictures if _filled(obj) else frames).append(box)
    return tuple(pictures), tuple(rules), tuple(frames)


def _filled(obj) -> bool:
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj.raw, mode, stroke):
        return False
    return mode.value != 0 and not stroke.value


def render_page(document: pdfium.PdfDocument, index: int, dpi: int = 150):
    """The page as a PIL image (RGB) at ``dpi``."""
    page = document[index]
    return page.render(scale=dpi / 72).to_pil().convert("RGB")


def fold_radicals(text: str) -> str:
    """Kangxi radicals (⽅ U+2F45) and CJK Radicals Supplement look-alikes
    that fonts map instead of the ideograph: NFKC, but only in those blocks
    (NFKC elsewhere would turn ，： into ,:)."""
    return "".join(unicodedata.normalize("NFKC", c) if "\u2e80" <= c <= "\u2fdf" else c for c in text)


def unreadable(char: str) -> bool:
    """A character no reader can use: private use, U+FFFD, unassigned, or
    a radical that NFKC leaves as a radical."""
    if char == "\ufffd" or unicodedata.category(char) in ("Co", "Cn", "Cs"):
        return True
    return "\u2e80" <= char <= "\u2fdf"
