"""The page model the importer reads into, whatever the input: ``Block``
(a heading or a paragraph, with its box on the page when the input is a
PDF), the stories grouped from them, and the articles and page they give.
The word lists and patterns the rules share are here too."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsgen.content.model import Contributor
from newsgen.i18n import Msg

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points, y down from the page top

HEADING = re.compile(r"^(#{1,6})\s+(.+?)(?:\s+#+)?$")
CORE_VALUES = "社会主义核心价值观"
VALUES = ("富强", "民主", "文明", "和谐", "自由", "平等", "公正", "法治", "爱国", "敬业", "诚信", "友善")
PICTURE_TITLES = {"图片新闻", "新闻图片", "图片报道", "图说", "图片故事", "看图说话"}
CAPTION_PARAGRAPHS = 2  # picture news: under its photo a caption, and its credit, no more
COLUMNS = {"短讯", "简讯", "快讯", "新闻简讯", "新闻短讯", "要闻简报", "简报", "新闻速递"}
NOTICE_ENDS = ("启事", "启示", "声明", "公告", "通告", "公示", "通知", "倡议书", "公开信")
# A short line that is only a place or a body (黄溪村, 余庆县医疗保障局) is
# the kicker above a headline: county papers set the place there.
PLACE_ENDS = (
    "省",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "村",
    "街道",
    "社区",
    "局",
    "委",
    "办",
    "院",
    "所",
    "站",
    "厅",
    "部",
    "中心",
    "公司",
    "集团",
    "学校",
    "小学",
    "中学",
    "医院",
    "政府",
    "支部",
    "协会",
)
# A paragraph ending in one of these ended on purpose; anything else that is
# followed by more text was cut by the column (a column break).
PARAGRAPH_ENDS = "。！？!?…”’」』）)：:；;"
LIST_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|[①-⑳])")
SENTENCE_MARKS = re.compile(r"[，,。！？!?；;：:、]")
DASH = re.compile(r"^\s*(?:—|－|-){1,2}\s*")
PHOTO_MARK = re.compile(r"图为|[上下左右组]图|图[一二三四五六①-⑩1-9]")
# A brief's run-in title: **bold**, 【bracketed】 or after a box mark.
BRIEF_LEAD = re.compile(r"^(?:\*\*([^*]{2,30})\*\*|[【\[]([^】\]]{2,30})[】\]]|[■▲●◆□★]\s*(\S{2,30})\s)\s*(.+)$", re.S)
# Jump lines: where the rest of a story is, or where it came from. Print
# furniture: a web article is whole.
JUMP = re.compile(
    r"[（(]\s*(?:下转|上接|转|接|续)\s*第?\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版[^（）()]{0,12}[）)]"
)
HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—·]")


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph of the page."""

    kind: str  # "heading" or "text"
    text: str  # a paragraph's lines joined, or the heading
    line: int  # where it starts in the page text (1-based); in a PDF, its place in reading order
    level: int = 0  # 1-6 for headings
    lines: tuple[str, ...] = ()  # a paragraph's own lines: a banner keeps them
    boxes: tuple[Box, ...] = ()  # where it is printed (PDF input only)
    fresh: bool = False  # the layout shows that a new story starts here (PDF input only)


@dataclass(frozen=True)
class Headline:
    title: str = ""
    kicker: str = ""
    subtitle: str = ""
    level: int = 0  # heading level of the title: deeper ones are sub-headings


@dataclass(frozen=True)
class Story:
    """A headline and the blocks printed under it, before they are read."""

    headline: tuple[Block, ...] = ()
    blocks: tuple[Block, ...] = ()
    closed: bool = False  # a closing credit was seen: the next heading starts a story
    banner: bool = False
    line: int = 0


@dataclass(frozen=True)
class ImportedArticle:
    title: str
    kicker: str = ""
    subtitle: str = ""
    kind: str = "article"
    byline: tuple[Contributor, ...] = ()
    dateline: str = ""
    body: tuple[str, ...] = ()  # Markdown blocks in order: paragraphs and "### " sub-headings
    caption: str = ""
    image: str = ""  # empty: render_article_file names the expected file
    line: int = 0
    boxes: tuple[Box, ...] = ()  # what it covers on the page (PDF input only)
    area: tuple[float, float, float, float] | None = None  # hot zone, percent of the page

    @property
    def paragraphs(self) -> int:
        return sum(1 for part in self.body if not part.startswith("#"))


@dataclass(frozen=True)
class ImportedPage:
    articles: tuple[ImportedArticle, ...]
    editor: str = ""  # 责任编辑, for edition.yaml
    credits: tuple[tuple[str, str], ...] = ()  # every page-foot (role, name), 校对 included
    notes: tuple[tuple[int, Msg], ...] = ()  # (line, message): things to check by eye
    header: dict[str, object] | None = None  # what the page header strip or line says: name, number, date


def join_text(left: str, right: str) -> str:
    """Chinese needs no space where a line was cut; two Latin words do."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def without_first_line(block: Block) -> Block:
    rest = block.lines[1:]
    return Block(
        block.kind,
        block.text[len(block.lines[0]) :].lstrip(),
        block.line + 1,
        block.level,
        rest,
        block.boxes[1:] if len(block.boxes) == len(block.lines) else block.boxes,
        block.fresh,
    )
