"""One PDF page -> ``ImportedPage``: the layout's blocks through the rules
shared with the text reader, the header strip and the page foot read for
edition.yaml, the hot zones, and the share of characters without a usable
Unicode mapping."""

from __future__ import annotations

import re
from dataclasses import replace

from newsgen.importer.model import ImportedPage
from newsgen.importer.pdf import RawPage, fold_radicals, unreadable
from newsgen.importer.pdf_layout import layout
from newsgen.importer.stories import parse_blocks
from newsgen.importer.zones import with_areas
from newsgen.newspaper.credits import parse_page_foot

PAGE_NUMBER = re.compile(r"第\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*版")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
WEEKDAY = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]")
CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}


def chinese_number(text: str) -> int:
    """2, ２, 二, 十二, 二十 -> int."""
    text = text.translate({ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")})
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return CHINESE_DIGITS.get(tens, 1) * 10 + CHINESE_DIGITS.get(ones, 0)
    return CHINESE_DIGITS.get(text, 0)


def read_header(lines: list[str]) -> tuple[dict[str, object], tuple[tuple[str, str], ...]]:
    """The header strip or a page's header line: 第3版, the page name next
    to it, the date, and a 责任编辑 credit if it is printed there."""
    header: dict[str, object] = {}
    credits: list[tuple[str, str]] = []
    for line in lines:
        text = line.strip()
        foot = parse_page_foot(text)
        if foot:
            credits.extend(foot)
            continue
        if (date := DATE.search(text)) and "date" not in header:
            header["date"] = "{}-{:02d}-{:02d}".format(*map(int, date.groups()))
        number = PAGE_NUMBER.search(text)
        if number and "number" not in header:
            header["number"] = chinese_number(number.group(1))
            rest = WEEKDAY.sub(" ", DATE.sub(" ", text[number.end() :])).strip(" ：:·|/　")
            name = rest.split()[0] if rest.split() else ""
            if 1 < len(name) <= 8 and not re.search(r"\d", name):
                header["name"] = name
    return header, tuple(credits)


def parse_pdf_page(raw: RawPage, *, keep_punctuation: bool = False) -> tuple[ImportedPage, float]:
    """The page read, and the share (0-1) of its characters no reader can use."""
    found = layout(raw)
    header, credits = read_header(found.header)
    for line in found.foot:
        credits += parse_page_foot(line) or ()
    page = parse_blocks(found.blocks, credits, keep_punctuation=keep_punctuation)
    articles = with_areas(list(page.articles), raw.width, raw.height)
    ink = [c for c in raw.chars if not c.text.isspace()]
    bad = sum(1 for c in ink if c.bad or unreadable(fold_radicals(c.text)))
    share = bad / len(ink) if ink else 0.0
    return replace(page, articles=tuple(articles), header=header), share
