"""The page's own header, printed above its articles: 第3版, the page
name beside it, the date, and the 责任编辑 when it is printed there. Read
from a PDF's header strip and from the first line of a text page."""

from __future__ import annotations

import re

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
    texts = []
    for line in lines:
        parts = _parts(line)
        credits.extend(pair for part in parts for pair in parse_page_foot(part) or ())
        texts.append(" ".join(part for part in parts if not parse_page_foot(part)))
    for text in texts:
        if (date := DATE.search(text)) and "date" not in header:
            header["date"] = "{}-{:02d}-{:02d}".format(*map(int, date.groups()))
    alone = re.compile(PAGE_NUMBER.pattern + r"(?=\s|$)")  # 第4版 综合, not 据第3版文字稿
    found = [(t, m) for t in texts if (m := alone.search(t))] or [(t, m) for t in texts if (m := PAGE_NUMBER.search(t))]
    if found:
        text, number = found[0]
        header["number"] = chinese_number(number.group(1))
        rest = WEEKDAY.sub(" ", DATE.sub(" ", text[number.end() :])).strip(" ：:·|/　")
        name = rest.split()[0] if rest.split() else ""
        if 1 < len(name) <= 8 and not re.search(r"\d", name):
            header["name"] = name
    return header, tuple(credits)


def _parts(line: str) -> list[str]:
    """Pieces of a header line set apart by wide spaces; a 责任编辑 credit
    runs to the end of the line."""
    text = line.strip()
    credit = re.search(r"(责任编辑|本版编辑|责编|编辑)\s*[:：]", text)
    tail = [text[credit.start() :]] if credit else []
    head = text[: credit.start()] if credit else text
    return [p for p in re.split(r"\s{2,}|\u3000+", head.strip()) if p] + tail


def is_header_line(line: str) -> bool:
    """2024年1月10日 星期三  第3版 综合 (责任编辑：王某): a page's header
    line, not a headline."""
    parts = _parts(line.lstrip("# "))
    alone = [p for p in parts if re.search(PAGE_NUMBER.pattern + r"(?:\s|$)", p)]
    if not alone or len(line.strip()) > 80 or (line.startswith("#") and not DATE.search(line)):
        return False
    return all(len(p) <= 20 or parse_page_foot(p) for p in parts)
