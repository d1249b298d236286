"""Lay the seed page's text out again as a layout PDF: a reconstruction,
not the printed page, made so that the sample edition has a page with a
page image and hot zones (newsgen import PAGE.pdf).

The articles are read from the page's text by the text importer, then set
in six columns with reportlab (the test extra) in WenQuanYi Micro Hei
(Debian fonts-wqy-microhei), the photo of the picture news taken from the
sample's images. Every page this script makes says in its header strip
that it is a reconstruction.

    python tools/reconstruct_seed_page.py SEED.txt OUT.pdf
    newsgen import OUT.pdf --date 2024-01-10 --page 3

The sample's page 3 (content/2024-01-10/p03-*.md, images/2024-01-10/p03.*)
was made this way from ../shared/seeds/000_186af50a4765d005.txt, the
articles' tags and the picture news' photo then set by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Frame, Paragraph

from newsgen.importer.text import parse_page
from newsgen.newspaper.bylines import format_byline

ROOT = Path(__file__).resolve().parents[1]
FONT = "WQY"
WIDTH, HEIGHT = 1000.0, 1414.0
MARGIN, GUTTER, COLUMNS = 36.0, 12.0, 6
BODY, LEADING = 10.5, 15.5
PHOTO = ROOT / "images" / "2024-01-10" / "huyou.jpg"
COL = (WIDTH - 2 * MARGIN - GUTTER * (COLUMNS - 1)) / COLUMNS


def columns(first: int, count: int) -> list[tuple[float, float]]:
    return [(MARGIN + i * (COL + GUTTER), MARGIN + i * (COL + GUTTER) + COL) for i in range(first, first + count)]


class Page:
    def __init__(self, out: Path):
        pdfmetrics.registerFont(TTFont(FONT, "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0))
        self.c = canvas.Canvas(str(out), pagesize=(WIDTH, HEIGHT))
        self.body = ParagraphStyle(
            "body", fontName=FONT, fontSize=BODY, leading=LEADING, firstLineIndent=2 * BODY, wordWrap="CJK", alignment=4
        )
        self.sub = ParagraphStyle("sub", fontName=FONT, fontSize=12, leading=22, alignment=1, wordWrap="CJK")

    def line(self, x0: float, x1: float, top: float, text: str, size: float) -> float:
        self.c.setFont(FONT, size)
        self.c.drawCentredString((x0 + x1) / 2, HEIGHT - top - size * 0.88, text)
        return top + size * 1.2

    def rule(self, x0: float, x1: float, y: float, width: float = 0.6) -> None:
        self.c.setLineWidth(width)
        self.c.line(x0, HEIGHT - y, x1, HEIGHT - y)

    def flow(self, texts: list[str], cols: list[tuple[float, float]], top: float, bottom: float) -> None:
        story = [Paragraph(t[4:], self.sub) if t.startswith("### ") else Paragraph(t, self.body) for t in texts]
        for x0, x1 in cols:
            frame = Frame(x0, HEIGHT - bottom, x1 - x0, bottom - top, 0, 0, 0, 0)
            while story:
                if frame.add(story[0], self.c, trySplit=0):
                    story.pop(0)
                    continue
                parts = frame.split(story[0], self.c)
                if len(parts) == 2 and frame.add(parts[0], self.c, trySplit=0):
                    story[0] = parts[1]
                break
        if story:
            raise SystemExit(f"the text does not fit: {texts[0][:20]}…")


def headline(page: Page, article, x0: float, x1: float, top: float, size: float) -> float:
    if article.kicker:
        top = page.line(x0, x1, top, article.kicker, 15) + 2
    while size > 15 and pdfmetrics.stringWidth(article.title, FONT, size) >= x1 - x0:
        size -= 1
    fits = pdfmetrics.stringWidth(article.title, FONT, size) < x1 - x0
    lines = [article.title] if fits else article.title.split(" ")
    for text in lines:
        top = page.line(x0, x1, top, text, size) + 2
    if article.subtitle:
        top = page.line(x0, x1, top, "——" + article.subtitle, 14) + 2
    return top + 8


def body(article) -> list[str]:
    texts = [p.replace("  \n", "") for p in article.body]
    if article.dateline:
        texts[0] = format_byline(article.byline, article.dateline) + texts[0]
    elif article.byline:
        texts.append(f"（{format_byline(article.byline)}）")
    return texts


def story(page: Page, article, first: int, count: int, top: float, bottom: float, size: float) -> None:
    cols = columns(first, count)
    y = headline(page, article, cols[0][0], cols[-1][1], top, size)
    page.flow(body(article), cols, y, bottom)


def picture(page: Page, article, first: int, top: float, bottom: float) -> None:
    (x0, x1) = columns(first, 1)[0]
    y = page.line(x0, x1, top, article.title, 16) + 6
    photo_bottom = y + (x1 - x0) * 0.75
    page.c.drawImage(str(PHOTO), x0, HEIGHT - photo_bottom, x1 - x0, photo_bottom - y)
    page.flow([*article.body, f"（{format_byline(article.byline)}）"], [(x0, x1)], photo_bottom + 6, bottom)


def boxed(page: Page, lines: list[tuple[str, float]], first: int, count: int, top: float) -> float:
    """Short lines centred in a ruled box (the core values, a slogan)."""
    x0, x1 = columns(first, count)[0][0], columns(first, count)[-1][1]
    y = top + 8
    for text, size in lines:
        y = page.line(x0, x1, y, text, size) + 4
    page.c.setLineWidth(1)
    page.c.rect(x0, HEIGHT - y - 4, x1 - x0, y + 4 - top)
    return y + 4


def main(seed: Path, out: Path) -> None:
    lead, yuqing, village, photo, health, values, slogan = parse_page(seed.read_text("utf-8")).articles
    page = Page(out)
    c = page.c
    c.setFont(FONT, 24)
    c.drawString(MARGIN, HEIGHT - MARGIN - 22, "余庆报")
    c.setFont(FONT, 11)
    c.drawCentredString(WIDTH / 2, HEIGHT - MARGIN - 14, "2024年1月10日 星期三")
    c.setFont(FONT, 9)
    c.drawCentredString(WIDTH / 2, HEIGHT - MARGIN - 30, "示例版面：据原版第3版文字稿重建，非原版")
    c.setFont(FONT, 14)
    c.drawRightString(WIDTH - MARGIN, HEIGHT - MARGIN - 16, "第3版 综合")
    page.rule(MARGIN, WIDTH - MARGIN, MARGIN + 40, 1.5)
    top, foot = MARGIN + 50, HEIGHT - MARGIN - 22
    story(page, lead, 0, 4, top, 870, 32)
    story(page, yuqing, 4, 2, top, 870, 20)
    page.rule(MARGIN, WIDTH - MARGIN, 880)
    story(page, village, 0, 3, 890, foot - 10, 22)
    story(page, health, 3, 2, 890, 1175, 20)
    picture(page, photo, 5, 890, foot - 10)
    rows = [(values.title, 14), *((row, 12) for row in values.body[0].split("  \n"))]
    y = boxed(page, rows, 3, 2, 1185)
    boxed(page, [(slogan.title, 13)], 3, 2, y + 12)
    page.rule(MARGIN, WIDTH - MARGIN, foot)
    c.setFont(FONT, 8)
    c.drawString(MARGIN, HEIGHT - foot - 14, "本版为 newsgen 示例：文字取自原版第3版，版式与照片位置为重建。")
    c.showPage()
    c.save()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
