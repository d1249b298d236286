"""The rules that turn a story's blocks into an article, for every input:
credits out of the body, column breaks joined, kind and caption decided."""

from __future__ import annotations

import re
from dataclasses import replace

from newsgen.content.model import Contributor
from newsgen.i18n import Msg, msg
from newsgen.importer.model import (
    CAPTION_PARAGRAPHS,
    JUMP,
    LIST_ITEM,
    NOTICE_ENDS,
    PARAGRAPH_ENDS,
    PHOTO_MARK,
    PICTURE_TITLES,
    SENTENCE_MARKS,
    Block,
    Headline,
    ImportedArticle,
    join_text,
    without_first_line,
)
from newsgen.newspaper.credits import parse_credit, split_opening, split_trailing_credit


def finish_article(
    headline: Headline, blocks: tuple[Block, ...], line: int, notes: list[tuple[int, Msg]], boxes: tuple = ()
) -> ImportedArticle:
    """Blocks -> article: credits out of the body, column breaks joined,
    kind and caption decided."""
    blocks = _without_jumps(blocks)
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
        boxes=boxes,
    )
    article = _classify(article, [t for tag, t in items if tag == "p"])
    if not article.title:
        text = next((t for tag, t in items if tag == "p"), "")
        title = re.split(r"[，,。！？!?；;：:]", text, maxsplit=1)[0][:20] or "无题"
        note = msg(
            "no headline found above '{start}…'; the title '{title}' was made from the text",
            start=text[:12],
            title=title,
        )
        notes.append((line, note))
        article = replace(article, title=title)
    return article


def _without_jumps(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    kept = []
    for block in blocks:
        text = JUMP.sub("", block.text).strip() if block.kind == "text" else block.text
        if text == block.text:
            kept.append(block)
        elif text:
            kept.append(replace(block, text=text, lines=tuple(JUMP.sub("", ln).strip() for ln in block.lines)))
    return tuple(kept)


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
        people, block = credit, without_first_line(block)
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
            joined[-1] = ("p", join_text(joined[-1][1], text))
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
    if names & PICTURE_TITLES or (not article.title and photo_credit and len(paragraphs) <= CAPTION_PARAGRAPHS):
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
