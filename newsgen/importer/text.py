"""Reading the raw text of one laid-out page (exported from its PDF):
``parse_page`` is pure (text in, ``ImportedPage`` out) and reads the page in
phases: split lines into headings and paragraphs (page-foot credits taken
out), group them into stories (a headline and what follows it), then read
each story: headline roles, opening and closing credits, column breaks,
kind. Who-wrote-it lines are read by ``newsgen.importer_bylines``; the
command around it (files, edition.yaml, decoding) is ``newsgen.importer``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from newsgen.content.model import Contributor
from newsgen.newspaper.credits import page_editor, parse_credit, parse_page_foot, split_opening, split_trailing_credit

HEADING = re.compile(r"^(#{1,6})\s+(.+?)(?:\s+#+)?$")
CORE_VALUES = "社会主义核心价值观"
VALUES = ("富强", "民主", "文明", "和谐", "自由", "平等", "公正", "法治", "爱国", "敬业", "诚信", "友善")
PICTURE_TITLES = {"图片新闻", "新闻图片", "图片报道", "图说", "图片故事", "看图说话"}
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
BRIEF_LEAD = re.compile(r"^(?:[【\[]([^】\]]{2,30})[】\]]|[■▲●◆□★]\s*(\S{2,30})\s)\s*(.+)$", re.S)
HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—·]")


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph of the page text."""

    kind: str  # "heading" or "text"
    text: str  # a paragraph's lines joined, or the heading
    line: int  # where it starts in the page text (1-based)
    level: int = 0  # 1-6 for headings
    lines: tuple[str, ...] = ()  # a paragraph's own lines: a banner keeps them


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

    @property
    def paragraphs(self) -> int:
        return sum(1 for part in self.body if not part.startswith("#"))


@dataclass(frozen=True)
class ImportedPage:
    articles: tuple[ImportedArticle, ...]
    editor: str = ""  # 责任编辑, for edition.yaml
    credits: tuple[tuple[str, str], ...] = ()  # every page-foot (role, name), 校对 included
    notes: tuple[tuple[int, str], ...] = ()  # (line, message): things to check by eye


# ---------------------------------------------------------------- parsing


def parse_page(text: str, *, keep_punctuation: bool = False) -> ImportedPage:
    blocks, credits = split_blocks(text)
    notes: list[tuple[int, str]] = []
    articles: list[ImportedArticle] = []
    for story in group_stories(blocks):
        articles.extend(read_story(story, notes))
    if not keep_punctuation:
        articles = [punctuate_article(a) for a in articles]
    return ImportedPage(tuple(articles), page_editor(credits), credits, tuple(notes))


def split_blocks(text: str) -> tuple[list[Block], tuple[tuple[str, str], ...]]:
    """Lines -> headings and paragraphs (runs of non-blank lines). Page-foot
    credits (责任编辑：X) are taken out wherever they stand."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.strip() for line in raw]
    blocks: list[Block] = []
    credits: list[tuple[str, str]] = []
    para: list[tuple[int, str, bool]] = []  # line number, text, ends in a hard break
    for index, line in enumerate(lines):
        heading = HEADING.match(line)
        if (not line or heading) and para:
            blocks.append(_paragraph(para))
            para = []
        if heading:
            blocks.append(Block("heading", _squeeze(heading.group(2)), index + 1, len(heading.group(1))))
        elif line and (foot := parse_page_foot(line)):
            credits.extend(foot)
        elif (
            line and DASH.match(line) and not para and blocks and blocks[-1].kind == "heading" and lines[index - 1]
        ):  # ——副题 right under the headline
            blocks.append(Block("heading", _squeeze(line), index + 1, blocks[-1].level + 1))
        elif line and _continues_heading(blocks, para, lines, index):
            blocks[-1] = replace(blocks[-1], text=f"{blocks[-1].text} {_squeeze(line)}")
        elif line:
            para.append((index + 1, line, raw[index].endswith("  ")))
    if para:
        blocks.append(_paragraph(para))
    return blocks, tuple(credits)


def _paragraph(para: list[tuple[int, str, bool]]) -> Block:
    """Lines of a paragraph are one text (the export wraps them) unless the
    line ends in two spaces, Markdown's hard break, which is kept (verse)."""
    text = para[0][1]
    for (_, _, hard), (_, line, _) in zip(para, para[1:]):
        text = f"{text}  \n{line}" if hard else _join(text, line)
    return Block("text", text, para[0][0], lines=tuple(line for _, line, _ in para))


def _without_first_line(block: Block) -> Block:
    rest = block.lines[1:]
    return replace(block, text=block.text[len(block.lines[0]) :].lstrip(), lines=rest, line=block.line + 1)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _continues_heading(blocks: list[Block], para: list, lines: list[str], index: int) -> bool:
    """A headline split over two lines where only the first got its '#':
    a short, unpunctuated line right under a heading, alone before a blank."""
    line = lines[index]
    after = lines[index + 1] if index + 1 < len(lines) else ""
    return (
        not para
        and bool(blocks)
        and blocks[-1].kind == "heading"
        and index > 0
        and bool(lines[index - 1])
        and (not after or after.startswith("#"))
        and len(line) <= 20
        and not SENTENCE_MARKS.search(line)
        and not DASH.match(line)
        and parse_credit(line, need_role=True) is None
        and split_opening(line) is None
    )


def _join(left: str, right: str) -> str:
    """Chinese needs no space where a line was cut; two Latin words do."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def group_stories(blocks: list[Block]) -> list[Story]:
    stories: list[Story] = []
    index = 0
    while index < len(blocks):
        end = index
        while end < len(blocks) and blocks[end].kind == "heading":
            end += 1
        if end > index:
            after = blocks[end] if end < len(blocks) else None
            _add_headings(stories, tuple(blocks[index:end]), after)
            index = end
        else:
            _add_text(stories, blocks[index])
            index += 1
    return stories


def _add_headings(stories: list[Story], run: tuple[Block, ...], after: Block | None) -> None:
    current = stories[-1] if stories else None
    if current and _is_subheading(current, run, after):
        stories[-1] = replace(current, blocks=current.blocks + run)
    elif run[0].text in COLUMNS:  # 短讯 then the first brief's title
        stories.append(Story(headline=run[:1], blocks=run[1:], line=run[0].line))
    else:
        stories.append(Story(headline=run, line=run[0].line))


def _is_subheading(story: Story, run: tuple[Block, ...], after: Block | None) -> bool:
    """One heading inside an open story, smaller than its title. A heading
    followed by 本报讯 or 本报记者 opens a new story instead (except in a
    column of briefs, where each brief opens that way)."""
    if story.closed or story.banner or not story.headline or len(run) != 1:
        return False
    heading, headline = run[0], read_headline(story.headline)
    if heading.text in PICTURE_TITLES or heading.text in COLUMNS:
        return False
    if headline.title not in COLUMNS and after is not None and after.kind == "text" and _opens_article(after):
        return False
    return heading.level > headline.level or (headline.title in COLUMNS and heading.level == headline.level)


def _opens_article(block: Block) -> bool:
    return split_opening(block.text) is not None or parse_credit(block.lines[0], need_role=True) is not None


def _add_text(stories: list[Story], block: Block) -> None:
    current = stories[-1] if stories else None
    if _is_banner(block):
        if current and not current.blocks and read_headline(current.headline).title == CORE_VALUES:
            stories[-1] = replace(current, blocks=(block,), banner=True, closed=True)
        else:
            stories.append(Story(blocks=(block,), banner=True, closed=True, line=block.line))
        return
    if current and current.closed and not current.banner and parse_credit(block.text, need_role=True):
        stories[-1] = replace(current, blocks=current.blocks + (block,))  # a second closing credit
        return
    if current is None or current.closed:
        current = Story(line=block.line)
        stories.append(current)
    has_text = any(b.kind == "text" for b in current.blocks)
    is_column = read_headline(current.headline).title in COLUMNS
    stories[-1] = replace(
        current, blocks=current.blocks + (block,), closed=has_text and not is_column and _ends_with_credit(block)
    )


def _ends_with_credit(block: Block) -> bool:
    """(袁瑶 马红梅) on its own, or glued to the last sentence: the story ends."""
    return parse_credit(block.text, need_role=True) is not None or bool(split_trailing_credit(block.text)[1])


def _is_banner(block: Block) -> bool:
    """The core socialist values: the twelve words in short lines, no sentences."""
    found = sum(1 for value in VALUES if value in block.text)
    return found >= 8 and "。" not in block.text and len(block.text) <= 80


# ---------------------------------------------------------------- headlines


def read_headline(run: tuple[Block, ...]) -> Headline:
    """Kicker (引题) / title (主题) / subtitle (副题) from heading levels and
    position. Levels are not trusted alone: exports put the title at # or ##
    and the kicker one level smaller or larger."""
    parts = _merge_split_lines(run)
    if not parts:
        return Headline()
    if len(parts) == 1:
        return Headline(title=parts[0][1], level=parts[0][0])
    if len(parts) == 2:
        (upper_level, upper), (lower_level, lower) = parts
        if DASH.match(lower):
            return Headline(title=upper, subtitle=DASH.sub("", lower), level=upper_level)
        if upper_level > lower_level or _is_place(upper):
            return Headline(kicker=upper, title=lower, level=lower_level)
        return Headline(title=upper, subtitle=lower, level=upper_level)
    middle = parts[1:-1]
    return Headline(
        kicker=parts[0][1],
        title=" ".join(text for _, text in middle),
        subtitle=DASH.sub("", parts[-1][1]),
        level=min(level for level, _ in middle),
    )


def _merge_split_lines(run: tuple[Block, ...]) -> list[tuple[int, str]]:
    """Two headings of the same level are one headline split over two lines,
    unless the second is a dashed subtitle or the first a bare place name."""
    parts: list[tuple[int, str]] = []
    for heading in run:
        if parts and parts[-1][0] == heading.level and not DASH.match(heading.text) and not _is_place(parts[-1][1]):
            parts[-1] = (heading.level, f"{parts[-1][1]} {heading.text}")
        else:
            parts.append((heading.level, heading.text))
    return parts


def _is_place(text: str) -> bool:
    return len(text) <= 12 and not re.search(r"[\s“”\"'‘’，,。！？!?：:]", text) and text.endswith(PLACE_ENDS)


# ---------------------------------------------------------------- stories


def read_story(story: Story, notes: list[tuple[int, str]]) -> list[ImportedArticle]:
    if story.banner:
        return [_banner(story)]
    headline = read_headline(story.headline)
    if headline.title in COLUMNS:
        return [
            _finish(Headline(title, kicker=headline.title), blocks, line, notes)
            for title, line, blocks in split_briefs(story.blocks, story.line, notes)
        ]
    blocks = story.blocks
    if not headline.title:
        headline, blocks = _title_from_text(blocks)
    return [_finish(headline, blocks, story.line, notes)]


def _banner(story: Story) -> ImportedArticle:
    """Hard line breaks kept: the banner is set as lines, not a sentence."""
    lines = [_squeeze(line) for block in story.blocks for line in block.lines if CORE_VALUES not in line]
    return ImportedArticle(title=CORE_VALUES, kind="banner", body=("  \n".join(lines),), line=story.line)


def _title_from_text(blocks: tuple[Block, ...]) -> tuple[Headline, tuple[Block, ...]]:
    """Text with no heading above it: a short first line of several is its
    title (遗失声明 / …); otherwise the title is found later."""
    first = blocks[0] if blocks else None
    if (
        first
        and first.kind == "text"
        and _looks_like_title(first.lines[0])
        and (len(first.lines) > 1 or len(blocks) > 1)
    ):
        tail = (_without_first_line(first),) if len(first.lines) > 1 else ()
        return Headline(title=first.lines[0]), tail + blocks[1:]
    if len(blocks) == 1 and first.kind == "text" and len(first.lines) == 1 and _looks_like_title(first.text):
        return Headline(title=first.text), ()  # a slogan set as a line of its own
    return Headline(), blocks


def _looks_like_title(line: str) -> bool:
    return (
        len(line) <= 25
        and not SENTENCE_MARKS.search(line)
        and parse_credit(line, need_role=True) is None
        and split_opening(line) is None
    )


def split_briefs(
    blocks: tuple[Block, ...], line: int, notes: list[tuple[int, str]]
) -> list[tuple[str, int, tuple[Block, ...]]]:
    """A 短讯 column -> (title, line, blocks) per brief. A brief's title is a
    sub-heading, a 【bracketed】 or ■-marked lead, or a short line of its own."""
    briefs: list[tuple[str, int, tuple[Block, ...]]] = []
    for index, block in enumerate(blocks):
        lead = BRIEF_LEAD.match(block.text) if block.kind == "text" else None
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "heading":
            briefs.append((block.text, block.line, ()))
        elif lead:
            rest = lead.group(3).strip()
            briefs.append((lead.group(1) or lead.group(2), block.line, (replace(block, text=rest, lines=(rest,)),)))
        elif len(block.lines) == 1 and _looks_like_title(block.text) and following and following.kind == "text":
            briefs.append((block.text, block.line, ()))
        elif briefs:
            title, start, body = briefs[-1]
            briefs[-1] = (title, start, body + (block,))
        else:
            notes.append((block.line, "text at the top of a briefs column has no title of its own"))
            briefs.append(("", block.line, (block,)))
    return briefs


def _finish(headline: Headline, blocks: tuple[Block, ...], line: int, notes: list[tuple[int, str]]) -> ImportedArticle:
    """Blocks -> article: credits out of the body, column breaks joined,
    kind and caption decided."""
    dateline, opening, blocks = _take_opening(blocks)
    items, closing = _take_credits([("h" if b.kind == "heading" else "p", b.text) for b in blocks])
    items = join_column_breaks(items)
    article = ImportedArticle(
        title=headline.title,
        kicker=headline.kicker,
        subtitle=headline.subtitle,
        byline=_unique(opening + closing),
        dateline=dateline,
        line=line,
        body=tuple(f"### {t}" if tag == "h" else _escape(t) for tag, t in items),
    )
    article = _classify(article, [t for tag, t in items if tag == "p"])
    if not article.title:
        text = next((t for tag, t in items if tag == "p"), "")
        title = re.split(r"[，,。！？!?；;：:]", text, maxsplit=1)[0][:20] or "无题"
        notes.append((line, f"no headline found above '{text[:12]}…'; the title '{title}' was made from the text"))
        article = replace(article, title=title)
    return article


def _take_opening(blocks: tuple[Block, ...]) -> tuple[str, tuple[Contributor, ...], tuple[Block, ...]]:
    """本报记者 X 通讯员 Y on the first line, then 本报讯 (记者 张婷)…"""
    people: tuple[Contributor, ...] = ()
    first = next((i for i, b in enumerate(blocks) if b.kind == "text"), None)
    if first is None or any(b.kind == "heading" for b in blocks[:first]):
        return "", people, blocks
    block = blocks[first]
    credit = parse_credit(block.lines[0], need_role=True)
    if credit and len(block.lines) == 1 and first + 1 < len(blocks) and blocks[first + 1].kind == "text":
        people, blocks, block = credit, blocks[:first] + blocks[first + 1 :], blocks[first + 1]
    elif credit and len(block.lines) > 1:
        people, block = credit, _without_first_line(block)
    opening = split_opening(block.text)
    if opening:
        people += opening.byline
        block = replace(block, text=opening.rest, lines=(opening.rest,))
    kept = (block,) if block.text else ()
    return (opening.dateline if opening else ""), people, blocks[:first] + kept + blocks[first + 1 :]


def _take_credits(items: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], tuple[Contributor, ...]]:
    """Paragraphs that are only a credit, and a credit glued to the end of
    the last paragraph, leave the body for the byline, in page order."""
    credits = [parse_credit(text, need_role=True) if tag == "p" else None for tag, text in items]
    last = max((i for i, (tag, _) in enumerate(items) if tag == "p" and not credits[i]), default=None)
    people: list[Contributor] = []
    kept: list[tuple[str, str]] = []
    for index, (tag, text) in enumerate(items):
        if credits[index]:
            people.extend(credits[index])
            continue
        if index == last:
            text, glued = split_trailing_credit(text)
            people.extend(glued)
        kept.append((tag, text))
    return kept, tuple(people)


def _unique(people: tuple[Contributor, ...]) -> tuple[Contributor, ...]:
    seen: dict[str, Contributor] = {}
    for person in people:
        seen.setdefault(person.name, person)
    return tuple(seen.values())


def join_column_breaks(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A paragraph cut by the end of a column is joined back to the fragment
    after it, also when the cut falls inside a word."""
    joined: list[tuple[str, str]] = []
    for tag, text in items:
        if tag == "p" and joined and joined[-1][0] == "p" and _was_cut(joined[-1][1], text):
            joined[-1] = ("p", _join(joined[-1][1], text))
        else:
            joined.append((tag, text))
    return joined


def _was_cut(before: str, after: str) -> bool:
    if not before or before[-1] in PARAGRAPH_ENDS or LIST_ITEM.match(after):
        return False
    # 一、总体要求: an unpunctuated list heading, not half a sentence.
    return not (LIST_ITEM.match(before) and not SENTENCE_MARKS.search(before[2:]))


def _classify(article: ImportedArticle, paragraphs: list[str]) -> ImportedArticle:
    photo_credit = bool(article.byline) and all(p.role == "摄" for p in article.byline)
    names = {article.title, article.kicker}
    if names & PICTURE_TITLES or (not article.title and photo_credit and len(paragraphs) <= 2):
        return replace(
            article, kind="picture", title=article.title or "图片新闻", caption=_caption("".join(paragraphs))
        )
    slogan = len(paragraphs) <= 2 and all(len(p) <= 30 and not re.search("[。！？!?]", p) for p in paragraphs)
    if slogan or any(n.endswith(NOTICE_ENDS) or "公益广告" in n for n in names if n):
        return replace(article, kind="notice")  # a slogan is a headline with no text
    return article


def _caption(text: str) -> str:
    """The words under the photo: from 图为 (or 上图…) on, without a lone
    图为; else the last sentence."""
    mark = PHOTO_MARK.search(text)
    if mark:
        caption = text[mark.start() :]
        if caption.startswith("图为") and len(PHOTO_MARK.findall(caption)) == 1:
            caption = caption[2:].lstrip("：:，, ")
        return caption.strip()
    sentences = [s for s in re.findall(r"[^。！？!?]+[。！？!?]*", text) if s.strip()]
    return sentences[-1].strip() if sentences else ""


def _escape(text: str) -> str:
    """A paragraph must stay a paragraph: 1. or # at its start would make a
    list or a heading in Markdown (Python-Markdown needs no space after #)."""
    text = re.sub(r"^(\d+)\.(?=\s)", r"\1\\.", text)
    return re.sub(r"^([#>])|^([+*-])(?=\s|$)", r"\\\1\2", text)


# ---------------------------------------------------------------- punctuation


def punctuate(text: str) -> str:
    """Half-width , : ; ? ! and () next to Chinese become full-width
    (8元,就能 -> 8元，就能); 1,000 and 8:30 stay as they are."""
    out: list[str] = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in HALF_TO_FULL and (CJK.match(before) or CJK.match(after)):
            out.append(HALF_TO_FULL[char])
        elif char == " " and before in HALF_TO_FULL and out and out[-1] in HALF_TO_FULL.values():
            continue  # a full-width mark carries its own space
        else:
            out.append(char)
    return re.sub(r"\(([^()]*)\)", _full_brackets, "".join(out))


def _full_brackets(match: re.Match) -> str:
    before = match.string[match.start() - 1] if match.start() else ""
    if CJK.search(match.group(1)) or CJK.match(before):
        return f"（{match.group(1)}）"
    return match.group()


def punctuate_article(article: ImportedArticle) -> ImportedArticle:
    return replace(
        article,
        title=punctuate(article.title),
        kicker=punctuate(article.kicker),
        subtitle=punctuate(article.subtitle),
        caption=punctuate(article.caption),
        body=tuple(punctuate(part) for part in article.body),
    )
