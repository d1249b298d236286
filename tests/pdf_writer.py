"""Drawing a fixture page with reportlab (y down from the top, as the
truth is kept), the truth of an article, and the word lists the fixture
pages are written from. Used by ``tests/pdf_fixtures.py``."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Frame, Paragraph

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
WIDTH, HEIGHT = 842.0, 1191.0  # A3, points
MARGIN = 36.0
GUTTER = 12.0
BODY, LEADING = 10.5, 15.0

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田"
GIVEN = "婷明华军伟芳敏静丽强磊洋艳勇杰娟涛超秀霞平刚桂英兰飞鹏辉玲"
PLACES = ["花山乡", "敖溪镇", "龙溪镇", "白泥镇", "黄溪村", "万里村", "新舟镇", "县医保局", "县教育局"]
SUBJECTS = [
    "该县",
    "我县",
    "全镇",
    "当地干部群众",
    "县医疗保障局",
    "村党支部",
    "志愿服务队",
    "合作社",
    "驻村工作队",
    "社区网格员",
]
VERBS = [
    "持续推进",
    "扎实开展",
    "认真落实",
    "积极探索",
    "大力发展",
    "不断完善",
    "着力打造",
    "深入实施",
    "全面加强",
    "稳步推进",
]
OBJECTS = [
    "乡村振兴工作",
    "基层治理创新",
    "特色产业发展",
    "人居环境整治",
    "医保政策宣传",
    "农村饮水安全工程",
    "党员教育管理",
    "文明城市创建",
    "冬季植树造林",
    "产业结构调整",
    "便民服务体系",
    "安全生产检查",
]
TAILS = [
    "取得明显成效",
    "群众满意度不断提升",
    "为高质量发展注入新动能",
    "让群众得到实实在在的好处",
    "推动各项工作落地见效",
    "形成了可复制的经验",
]
TITLE_HEADS = ["小网格", "铁罐饭", "云端课堂", "胡柚", "便民车", "暖心食堂", "红色物业", "数字乡村"]
TITLE_TAILS = ["助乡村振兴", "里见大民生", "带富一方百姓", "让服务更贴心", "走出发展新路", "跑出加速度"]
SUBHEADS = [
    "从解决一个问题到解决一类问题",
    "以点的突破带动面的提升",
    "强化组织保障",
    "创新工作机制",
    "促下沉力量变服务队伍",
]
NOTICES = ["招聘启事", "遗失声明", "停水通告", "征兵公告"]
BRIEF_LABELS = ["短讯", "简讯", "快讯"]


@dataclass
class Truth:
    """One article as the importer should read it, and where it was set."""

    kind: str
    title: str
    kicker: str = ""
    subtitle: str = ""
    dateline: str = ""
    byline: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    caption: str = ""
    rect: tuple[float, float, float, float] = (0, 0, 0, 0)  # x0, y0, x1, y1 in points, y down


@dataclass
class FixturePage:
    pdf: bytes
    articles: list[Truth]
    number: int
    name: str
    editor: str
    width: float = WIDTH
    height: float = HEIGHT


class UnmappedTTFont(TTFont):
    """A TrueType subset whose ToUnicode map sends every glyph to the
    private-use area, as some layout systems' font exports do: the page
    prints right, its text cannot be read."""

    def __init__(self, name: str, filename: str, **options):
        super().__init__(name, filename, **options)
        self.face.name += b"Unmapped"  # its subsets' names must differ from the mapped font's

    def addObjects(self, doc):
        def private_use(fontname, subset):
            return makes(fontname, [0xE000 + (code % 0x1800) for code in subset])

        makes = ttfonts.makeToUnicodeCMap
        ttfonts.makeToUnicodeCMap = private_use
        try:
            super().addObjects(doc)
        finally:
            ttfonts.makeToUnicodeCMap = makes


class BoldTTFont(TTFont):
    """WQY with the stem weight of a bold face in its font descriptor, which
    is where PDF readers take a font's weight from (it prints as regular)."""

    def __init__(self, name: str, filename: str, **options):
        super().__init__(name, filename, **options)
        self.face.name += b"Bold"
        self.face.stemV = 180


STROKED = "-Stroked"  # a font name ending so draws that font filled and stroked (fake bold)


class StrokedText(PDFTextObject):
    """Text that sets "<font name="F-Stroked">" in font F, filled and stroked
    (text render mode 2, a stroke 3 % of the size): the fake bold layout
    systems export for a Chinese face that has no bold one."""

    stroked = False

    def _setFont(self, psfontname, size):
        super()._setFont(self._stroke(psfontname, size), size)
        self._fontname = psfontname  # so that the paragraph sets the plain face again after it

    def setFont(self, psfontname, size, leading=None):
        super().setFont(self._stroke(psfontname, size), size, leading)
        self._fontname = psfontname

    def _stroke(self, name: str, size: float) -> str:
        stroked = name.endswith(STROKED)
        if stroked != self.stroked:
            self._code.append(f"{0.03 * size:.2f} w 2 Tr" if stroked else "0 Tr")
            self.stroked = stroked
        return name.removesuffix(STROKED)


def stroked_canvas(buffer: io.BytesIO) -> canvas.Canvas:
    c = canvas.Canvas(buffer, pagesize=(WIDTH, HEIGHT), pageCompression=1)
    c.beginText = lambda x=0, y=0, direction=None: StrokedText(c, x, y, direction=direction)  # type: ignore[method-assign]
    return c


def register_fonts() -> None:
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    if "WQY" not in pdfmetrics.getRegisteredFontNames() and WQY.exists():
        pdfmetrics.registerFont(TTFont("WQY", str(WQY), subfontIndex=0))
        pdfmetrics.registerFont(UnmappedTTFont("WQY-Unmapped", str(WQY), subfontIndex=0))
        pdfmetrics.registerFont(BoldTTFont("WQY-Bold", str(WQY), subfontIndex=0))
    for name in ("STSong-Light", "WQY", "WQY-Unmapped"):  # for a paragraph's metrics; drawn in the font itself
        if name in pdfmetrics.getRegisteredFontNames():
            pdfmetrics._fonts[name + STROKED] = pdfmetrics.getFont(name)
            addMapping(name + STROKED, 0, 0, name + STROKED)


class Writer:
    """Draws on the page, keeping y down from the top like the truth."""

    def __init__(self, rng: random.Random, font: str):
        """``font``: "cid", "ttf", or "unmapped" (WQY, the body text's
        subset mapped to private-use code points)."""
        register_fonts()
        self.rng = rng
        self.font = "STSong-Light" if font == "cid" else "WQY"
        self.body_font = "WQY-Unmapped" if font == "unmapped" else self.font
        self.run_in = False  # briefs' titles bold at the start of their text
        self.bold_font = "WQY-Bold"  # the run-in titles' face: a bold one, or the body's STROKED
        self.kicker_size = 14.0  # 引题 and 副题 (四号)
        self.buffer = io.BytesIO()
        self.canvas = stroked_canvas(self.buffer)

    def text(self, x: float, top: float, text: str, size: float, align: str = "left", width: float = 0) -> float:
        """One line whose top is at ``top``; returns its bottom."""
        c = self.canvas
        c.setFont(self.font, size)
        baseline = HEIGHT - top - size * 0.88
        if align == "center":
            c.drawCentredString(x + width / 2, baseline, text)
        elif align == "right":
            c.drawRightString(x + width, baseline, text)
        else:
            c.drawString(x, baseline, text)
        return top + size * 1.15

    def rule(self, x0: float, x1: float, y: float, width: float = 0.8) -> None:
        self.canvas.setLineWidth(width)
        self.canvas.line(x0, HEIGHT - y, x1, HEIGHT - y)

    def style(self, size: float = BODY, leading: float = LEADING, indent: bool = True) -> ParagraphStyle:
        return ParagraphStyle(
            "body",
            fontName=self.body_font,
            fontSize=size,
            leading=leading,
            firstLineIndent=2 * size if indent else 0,
            wordWrap="CJK",
            alignment=4,
        )

    def paragraphs(self, texts: list[str]) -> list[Paragraph]:
        """Body paragraphs; "### " items are sub-headings, a size larger and centred."""
        sub = ParagraphStyle("sub", fontName=self.font, fontSize=12, leading=20, alignment=1, wordWrap="CJK")
        return [Paragraph(t[4:], sub) if t.startswith("### ") else Paragraph(t, self.style()) for t in texts]

    def fits(self, texts: list[str], columns: list[tuple[float, float]], top: float, bottom: float) -> bool:
        story = self.paragraphs(texts)
        for x0, x1 in columns:
            frame = Frame(x0, HEIGHT - bottom, x1 - x0, bottom - top, 0, 0, 0, 0, showBoundary=0)
            pour(frame, story, canvas.Canvas(io.BytesIO()))
            if not story:
                return True
        return False

    def flow(self, texts: list[str], columns: list[tuple[float, float]], top: float, bottom: float) -> float:
        """Paragraphs flowed down the columns in turn; returns the lowest y used."""
        story = self.paragraphs(texts)
        lowest = top
        for x0, x1 in columns:
            if not story:
                break
            frame = Frame(x0, HEIGHT - bottom, x1 - x0, bottom - top, 0, 0, 0, 0, showBoundary=0)
            pour(frame, story, self.canvas)
            lowest = max(lowest, HEIGHT - frame._y)
        assert not story, "the text must fit"
        return lowest

    def photo(self, x0: float, top: float, x1: float, bottom: float) -> None:
        w, h = max(8, int((x1 - x0) / 4)), max(8, int((bottom - top) / 4))
        image = Image.new("RGB", (w, h), (self.rng.randrange(60, 200), self.rng.randrange(90, 200), 120))
        for _ in range(12):
            cx, cy, r = self.rng.randrange(w), self.rng.randrange(h), self.rng.randrange(2, max(3, w // 4))
            image.paste((self.rng.randrange(256), self.rng.randrange(256), 90), (cx - r, cy - r, cx + r, cy + r))
        self.canvas.drawImage(ImageReader(image), x0, HEIGHT - bottom, x1 - x0, bottom - top)

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def pour(frame: Frame, story: list, canv) -> None:
    """Fill the frame from the front of ``story``, splitting the paragraph
    that does not fit (reportlab's addFromList never splits)."""
    while story:
        if frame.add(story[0], canv, trySplit=0):
            del story[0]
            continue
        parts = frame.split(story[0], canv)
        if len(parts) == 2 and frame.add(parts[0], canv, trySplit=0):
            story[0] = parts[1]
        return
