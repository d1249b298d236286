"""The shared rules after reading: blocks (from text or from a PDF) ->
stories (a headline and what follows it) -> articles. ``parse_blocks`` is
the one entry; ``newsgen.importer.text`` and ``newsgen.importer.pdf``
only make the blocks."""

from __future__ import annotations

import re
from dataclasses import replace

from newsgen.i18n import Msg, msg
from newsgen.importer.articles import finish_article
from newsgen.importer.model import (
    BRIEF_LEAD,
    COLUMNS,
    CORE_VALUES,
    DASH,
    JUMP,
    PICTURE_TITLES,
    PLACE_ENDS,
    SENTENCE_MARKS,
    VALUES,
    Block,
    Headline,
    ImportedArticle,
    ImportedPage,
    Story,
    squeeze,
    without_first_line,
)
from newsgen.importer.punctuation import punctuate_article
from newsgen.newspaper.credits import page_editor, parse_credit, split_opening, split_trailing_credit


def parse_blocks(
    blocks: list[Block], credits: tuple[tuple[str, str], ...], *, keep_punctuation: bool = False
) -> ImportedPage:
    notes: list[tuple[int, Msg]] = []
    articles: list[ImportedArticle] = []
    for story in group_stories(blocks):
        articles.extend(read_story(story, notes))
    if not keep_punctuation:
        articles = [punctuate_article(a) for a in articles]
    return ImportedPage(tuple(articles), page_editor(credits), credits, tuple(notes))


def group_stories(blocks: list[Block]) -> list[Story]:
    stories: list[Story] = []
    index = 0
    while index < len(blocks):
        end = index
        while end < len(blocks) and blocks[end].kind == "heading" and (end == index or not blocks[end].fresh):
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
    current = stories[-1] if stories and not run[0].fresh else None
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
    second = current and current.closed and not current.banner and not block.fresh
    if second and parse_credit(block.text, need_role=True):
        stories[-1] = replace(current, blocks=current.blocks + (block,))  # a second closing credit
        return
    if current is None or current.closed or block.fresh:
        current = Story(line=block.line)
        stories.append(current)
    has_text = any(b.kind == "text" and not parse_credit(b.text, need_role=True) for b in current.blocks)
    is_column = read_headline(current.headline).title in COLUMNS
    # a credit glued to a sentence ends the story even in its first block
    glued = bool(split_trailing_credit(block.text)[1])
    jump = JUMP.search(block.text[-16:]) is not None  # （下转第二版）: the rest is on another page
    closing = (has_text and _ends_with_credit(block)) or glued or jump
    stories[-1] = replace(current, blocks=current.blocks + (block,), closed=closing and not is_column)


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


def read_story(story: Story, notes: list[tuple[int, Msg]]) -> list[ImportedArticle]:
    if story.banner:
        return [replace(_banner(story), boxes=boxes_of(story.headline + story.blocks))]
    headline = read_headline(story.headline)
    if headline.title in COLUMNS:
        return [
            finish_article(Headline(title, kicker=headline.title), blocks, line, notes, boxes + boxes_of(blocks))
            for title, line, blocks, boxes in split_briefs(story.blocks, story.line, notes)
        ]
    blocks = story.blocks
    if not headline.title and blocks and blocks[0].kind == "text" and BRIEF_LEAD.match(blocks[0].text):
        return [  # briefs with run-in titles and no column label
            finish_article(Headline(title), body, line, notes, boxes + boxes_of(body))
            for title, line, body, boxes in split_briefs(blocks, story.line, notes)
        ]
    if not headline.title:
        headline, blocks = _title_from_text(blocks)
    return [finish_article(headline, blocks, story.line, notes, boxes_of(story.headline + story.blocks))]


def boxes_of(blocks: tuple[Block, ...]) -> tuple:
    return tuple(box for block in blocks for box in block.boxes)


def _banner(story: Story) -> ImportedArticle:
    """Hard line breaks kept: the banner is set as lines, not a sentence."""
    lines = [squeeze(line) for block in story.blocks for line in block.lines if CORE_VALUES not in line]
    return ImportedArticle(title=CORE_VALUES, kind="banner", body=("  \n".join(lines),), line=story.line)


def _title_from_text(blocks: tuple[Block, ...]) -> tuple[Headline, tuple[Block, ...]]:
    """Text with no heading above it: a short first line of several is its
    title (遗失声明 / …); otherwise the title is found later."""
    first = blocks[0] if blocks else None
    if (
        first
        and first.kind == "text"
        and looks_like_title(first.lines[0])
        and (len(first.lines) > 1 or len(blocks) > 1)
    ):
        tail = (without_first_line(first),) if len(first.lines) > 1 else ()
        return Headline(title=first.lines[0]), tail + blocks[1:]
    if len(blocks) == 1 and first.kind == "text" and len(first.lines) == 1 and looks_like_title(first.text):
        return Headline(title=first.text), ()  # a slogan set as a line of its own
    return Headline(), blocks


def looks_like_title(line: str) -> bool:
    return (
        len(line) <= 25
        and not SENTENCE_MARKS.search(line)
        and parse_credit(line, need_role=True) is None
        and split_opening(line) is None
    )


def split_briefs(blocks: tuple[Block, ...], line: int, notes: list[tuple[int, Msg]]) -> list[tuple]:
    """A 短讯 column -> (title, line, blocks, boxes of the title) per brief. A
    brief's title is a sub-heading, a **bold** run-in, a 【bracketed】 or
    ■-marked lead, or a short line of its own."""
    briefs: list[tuple] = []
    for index, block in enumerate(blocks):
        lead = BRIEF_LEAD.match(block.text) if block.kind == "text" else None
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "heading":
            briefs.append((block.text, block.line, (), block.boxes))
        elif lead:
            rest = lead.group(lead.lastindex).strip()
            title = next(g for g in lead.groups() if g)
            briefs.append((title, block.line, (replace(block, text=rest, lines=(rest,)),), ()))
        elif len(block.lines) == 1 and looks_like_title(block.text) and following and following.kind == "text":
            briefs.append((block.text, block.line, (), block.boxes))
        elif briefs:
            title, start, body, boxes = briefs[-1]
            briefs[-1] = (title, start, body + (block,), boxes)
        else:
            notes.append((block.line, msg("text at the top of a briefs column has no title of its own")))
            briefs.append(("", block.line, (block,), ()))
    return briefs
