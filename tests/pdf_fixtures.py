"""Broadsheet page PDFs made with reportlab, with the ground truth of every
article: its fields as the importer should read them and the rectangle it
was set in. ``make_page(seed, font)`` lays out a random page: a header
strip, 4 to 6 columns, rows of articles spanning one or several columns
with text flowing across them (and breaking mid-sentence), picture news,
the core-values banner, notices, a column of briefs and a page foot.

Two font variants, as layout systems produce them: ``"cid"`` references
STSong-Light without embedding it and without a ToUnicode map; ``"ttf"``
embeds a TrueType subset of WenQuanYi Micro Hei (Debian fonts-wqy-microhei).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
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


def register_fonts() -> None:
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    if "WQY" not in pdfmetrics.getRegisteredFontNames() and WQY.exists():
        pdfmetrics.registerFont(TTFont("WQY", str(WQY), subfontIndex=0))


class Writer:
    """Draws on the page, keeping y down from the top like the truth."""

    def __init__(self, rng: random.Random, font: str):
        register_fonts()
        self.rng = rng
        self.font = "STSong-Light" if font == "cid" else "WQY"
        self.buffer = io.BytesIO()
        self.canvas = canvas.Canvas(self.buffer, pagesize=(WIDTH, HEIGHT), pageCompression=1)

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
            fontName=self.font,
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


# ---------------------------------------------------------------- words


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def sentence(rng: random.Random) -> str:
    lead = rng.choice(["近年来，", "今年以来，", "连日来，", "", "", "据了解，"])
    return f"{lead}{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(TAILS)}。"


def paragraph(rng: random.Random, sentences: tuple[int, int] = (2, 5)) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def title(rng: random.Random, limit: int) -> str:
    text = rng.choice(TITLE_HEADS) + rng.choice(TITLE_TAILS)
    if rng.random() < 0.4:
        text = f"“{text[:3]}”{text[3:]}"
    return text[:limit]


# ---------------------------------------------------------------- articles


def fill(w: Writer, texts: list[str], columns, top: float, bottom: float, make) -> list[str]:
    """Paragraphs added while they fit, then ``texts`` after them."""
    body: list[str] = []
    misses = 0
    while misses < 4 and len(body) < 40:
        candidate = [*body, make(body)]
        if w.fits(candidate + texts, columns, top, bottom):
            body = candidate
        else:
            misses += 1
    return body + texts if w.fits(body + texts, columns, top, bottom) else body


def headline(w: Writer, rng: random.Random, x0: float, x1: float, top: float, truth: Truth) -> float:
    width = x1 - x0
    size = min(34.0, max(18.0, width / 12))
    limit = max(4, int(width / size) - 1)
    truth.title = title(rng, limit)
    if rng.random() < 0.35:
        truth.kicker = rng.choice(PLACES)
        top = w.text(x0, top, truth.kicker, 14, "center", width) + 2
    top = w.text(x0, top, truth.title, size, "center", width) + 2
    if rng.random() < 0.3:
        truth.subtitle = f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}"[: int(width / 14) - 3]
        top = w.text(x0, top, "——" + truth.subtitle, 14, "center", width) + 2
    return top + 6


def article(w: Writer, rng: random.Random, rect, columns) -> list[Truth]:
    x0, top, x1, bottom = rect
    truth = Truth("article", "")
    y = headline(w, rng, x0, x1, top, truth)
    reporter, helper = name(rng), name(rng)
    closing: list[str] = []
    form = rng.choice(("dateline", "byline", "closing", "staff"))
    if form == "byline":
        truth.byline = [(reporter, "记者")]
        y = w.text(x0, y, f"本报记者 {reporter}", BODY, "center", x1 - x0) + 6
    elif form == "staff":
        truth.byline = [(reporter, "记者"), (helper, "通讯员")]
        if pdfmetrics.stringWidth(f"本报记者 {reporter}  通讯员 {helper}", w.font, BODY) < x1 - x0:
            y = w.text(x0, y, f"本报记者 {reporter}  通讯员 {helper}", BODY, "center", x1 - x0) + 6
        else:  # too wide for the column: one credit a line
            y = w.text(x0, y, f"本报记者 {reporter}", BODY, "center", x1 - x0) + 2
            y = w.text(x0, y, f"通讯员 {helper}", BODY, "center", x1 - x0) + 6
    elif form == "closing":
        truth.byline = [(reporter, "")]
        closing = [f"（{reporter}）"]
    elif rng.random() < 0.4:
        closing = [rng.choice(("（下转第二版）", "（下转第8版）"))]  # a jump line: not part of the text
    first = paragraph(rng, (1, 2))
    if form == "dateline":
        truth.dateline, truth.byline = "本报讯", [(reporter, "记者")]
    texts = [f"本报讯（记者 {reporter}）{first}" if form == "dateline" else first]
    subheads = rng.random() < 0.4 and len(columns) > 1

    def more(body: list[str]) -> str:
        if subheads and rng.random() < 0.3 and body and not body[-1].startswith("### "):
            return "### " + rng.choice(SUBHEADS)[: max(4, int((columns[0][1] - columns[0][0]) / 12) - 1)]
        return paragraph(rng, (1, 5))

    body = fill(w, closing, columns, y, bottom, more)
    while body and body[-1 - len([c for c in closing if c in body])].startswith("### "):
        body.pop(-1 - len([c for c in closing if c in body]))  # a sub-heading does not end an article
    texts += body
    while texts and not w.fits(texts, columns, y, bottom):
        texts.pop(-2 if len(texts) > 1 and closing else -1)
    while len(texts) > 1 and texts[-1 - sum(c in texts for c in closing)].startswith("### "):
        texts.pop(-1 - sum(c in texts for c in closing))  # a sub-heading has text under it
    lowest = w.flow(texts, columns, y, bottom)
    truth.paragraphs = [first, *[t for t in texts[1:] if t not in closing]] if texts else []
    if form == "closing" and closing[0] not in texts or not texts:
        truth.byline = []
    truth.rect = (x0, top, x1, lowest)
    return [truth]


def picture(w: Writer, rng: random.Random, rect, columns) -> list[Truth]:
    """A photo (an image, or a shape standing for it) with its caption and
    credit under it; 图片新闻 above it or not."""
    x0, top, x1, bottom = rect
    y = top
    if rng.random() < 0.5:
        y = w.text(x0, y, "图片新闻", 16, "center", x1 - x0) + 6
    photo_bottom = y + (bottom - y) * rng.uniform(0.5, 0.7)
    style = rng.choice(("image", "image", "filled", "frame"))
    if style == "image":
        w.photo(x0, y, x1, photo_bottom)
    else:
        w.canvas.setFillGray(0.8)
        w.canvas.setLineWidth(1)
        w.canvas.rect(x0, HEIGHT - photo_bottom, x1 - x0, photo_bottom - y, stroke=1, fill=int(style == "filled"))
        w.canvas.setFillGray(0)
    photographer = name(rng)
    lead = paragraph(rng, (1, 2))
    what = f"近日，{rng.choice(SUBJECTS)}在{rng.choice(PLACES)}开展活动。"
    if not w.fits([f"{lead}图为{what}（{photographer} 摄）"], [(x0, x1)], photo_bottom + 6, bottom):
        lead = ""
    text = f"{lead}图为{what}（{photographer} 摄）"
    lowest = w.flow([text], [(x0, x1)], photo_bottom + 6, bottom)
    truth = Truth("picture", "图片新闻", byline=[(photographer, "摄")], paragraphs=[f"{lead}图为{what}"])
    truth.caption, truth.rect = what, (x0, top, x1, lowest)
    return [truth]


def banner(w: Writer, rng: random.Random, rect, columns) -> list[Truth]:
    x0, top, x1, bottom = rect
    width = x1 - x0
    y = w.text(x0, top + 8, "社会主义核心价值观", 14, "center", width) + 6
    rows = ("富强 民主 文明 和谐", "自由 平等 公正 法治", "爱国 敬业 诚信 友善")
    for row in rows:
        y = w.text(x0, y, row, 12, "center", width) + 4
    w.canvas.setLineWidth(1)
    w.canvas.rect(x0, HEIGHT - y - 6, width, y + 6 - top)
    truth = Truth("banner", "社会主义核心价值观", paragraphs=["  \n".join(rows)], rect=(x0, top, x1, y + 6))
    return [truth]


def notice(w: Writer, rng: random.Random, rect, columns) -> list[Truth]:
    x0, top, x1, bottom = rect
    truth = Truth("notice", rng.choice(NOTICES))
    y = w.text(x0, top, truth.title, 18, "center", x1 - x0) + 6
    texts = [paragraph(rng, (1, 3)) for _ in range(rng.randint(1, 2))]
    while len(texts) > 1 and not w.fits(texts, columns, y, bottom):
        texts.pop()
    while not w.fits(texts, columns, y, bottom):
        texts = [sentence(rng)]
    lowest = w.flow(texts, columns, y, bottom)
    truth.paragraphs, truth.rect = texts, (x0, top, x1, lowest)
    if rng.random() < 0.5:  # boxed, as notices often are
        w.canvas.setLineWidth(0.8)
        w.canvas.rect(x0 - 4, HEIGHT - lowest - 4, x1 - x0 + 8, lowest - top + 8)
        truth.rect = (x0 - 4, top - 4, x1 + 4, lowest + 4)
    return [truth]


def briefs(w: Writer, rng: random.Random, rect, columns) -> list[Truth]:
    """A label, then briefs down one column, each with its title and credit."""
    x0, top, x1, bottom = rect
    label = rng.choice(BRIEF_LABELS)
    y = w.text(x0, top, label, 16, "center", x1 - x0) + 6
    found: list[Truth] = []
    while True:
        start = y
        heading, reporter, text = title(rng, int((x1 - x0) / 12) - 1), name(rng), paragraph(rng, (1, 3))
        need = 12 * 1.15 + 4 + LEADING * (len(text) * BODY / (x1 - x0) + 3)
        if y + need > bottom or len(found) == 4:
            break
        y = w.text(x0, y, heading, 12, "left") + 4
        y = w.flow([f"{text}（{reporter}）"], [(x0, x1)], y, bottom) + 10
        found.append(Truth("article", heading, kicker=label, byline=[(reporter, "")], paragraphs=[text]))
        found[-1].rect = (x0, start, x1, y - 10)
    return found


# ---------------------------------------------------------------- the page


def make_page(seed: int, font: str = "cid", number: int = 3, ruled: bool = True) -> FixturePage:
    """``ruled``: rules under the header strip, above the foot and between rows."""
    rng = random.Random(seed)
    w = Writer(rng, font)
    if not ruled:
        w.rule = lambda *args: None
    name_ = rng.choice(["要闻", "综合", "经济", "民生", "乡村振兴"])
    editor = name(rng)
    head_bottom = header_strip(w, rng, number, name_, editor)
    foot_top = HEIGHT - MARGIN - 20
    w.rule(MARGIN, WIDTH - MARGIN, foot_top)
    w.text(MARGIN, foot_top + 5, f"本报地址：{rng.choice(PLACES)}人民路{rng.randint(1, 99)}号  电话：0851-4621234", 8)
    ncols = rng.choice((4, 5, 6))
    col_w = (WIDTH - 2 * MARGIN - GUTTER * (ncols - 1)) / ncols
    edges = [(MARGIN + i * (col_w + GUTTER), MARGIN + i * (col_w + GUTTER) + col_w) for i in range(ncols)]
    articles: list[Truth] = []
    y, special = head_bottom + 10, {"picture": 1, "banner": 1, "notice": 1, "briefs": 1}
    while foot_top - y > 150:
        height = foot_top - 10 - y if foot_top - y < 420 else rng.uniform(220, min(480, foot_top - y - 150))
        spans = split_columns(rng, ncols)
        at = 0
        for span in spans:
            cols = edges[at : at + span]
            at += span
            rect = (cols[0][0], y, cols[-1][1], y + height)
            kind = pick_kind(rng, span, height, special)
            articles += {"article": article, "picture": picture, "banner": banner, "notice": notice}.get(kind, briefs)(
                w, rng, rect, cols
            )
        y += height + 14
        w.rule(MARGIN, WIDTH - MARGIN, y - 7, 0.5)
    return FixturePage(w.finish(), articles, number, name_, editor)


def header_strip(w: Writer, rng: random.Random, number: int, page_name: str, editor: str) -> float:
    top = MARGIN
    w.text(MARGIN, top, "余庆报", 22)
    w.text(MARGIN, top + 6, "2024年1月10日 星期三", 11, "center", WIDTH - 2 * MARGIN)
    w.text(MARGIN, top + 2, f"第{number}版 {page_name}", 14, "right", WIDTH - 2 * MARGIN)
    w.text(MARGIN, top + 20, f"责任编辑：{editor}  校对：{name(rng)}", 9, "right", WIDTH - 2 * MARGIN)
    w.rule(MARGIN, WIDTH - MARGIN, top + 36, 1.5)
    return top + 36


def split_columns(rng: random.Random, ncols: int) -> list[int]:
    spans: list[int] = []
    left = ncols
    while left:
        span = rng.randint(1, min(left, 4))
        spans.append(span)
        left -= span
    return spans


def pick_kind(rng: random.Random, span: int, height: float, special: dict[str, int]) -> str:
    options = ["article"] * 4
    if span == 1 and height < 300 and special["banner"]:
        options.append("banner")
    if span == 1 and height > 250 and special["briefs"]:
        options.append("briefs")
    if span <= 2 and special["picture"]:
        options.append("picture")
    if span <= 2 and special["notice"]:
        options.append("notice")
    kind = rng.choice(options)
    if kind in special:
        special[kind] -= 1
    return kind
