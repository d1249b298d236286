"""What search knows of an article (``SearchDoc``), the text it indexes,
and the files made from articles alone: the text files (the snippets'
texts) and the catalog. A block made whole is blocks.py's."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import marshal
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

from newsgen.search import ngram, segment

FORMAT = "newsgen-search-6"
GROUP = 4  # articles per text file (the snippets of ten scattered hits: ten files)
EPOCH = dt.date(1970, 1, 1)
Made = tuple[dict[int, bytes], dict[int, bytes], list[bytes]]  # a block made whole, with its text files
# Tags that end a run of text (any other, such as em or a, may sit inside a word).
BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|br|hr|tr|td|th|table|caption|figure|figcaption"
    r"|blockquote|section|header|footer|article|aside|nav|pre|picture|img)\b[^>]*>",
    re.I,
)
ANY_TAG = re.compile(r"<[^>]*>")
BLANK_LINES = re.compile(r"\s*\n\s*")


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """An article as search knows it (plain data)."""

    date: dt.date
    page: int
    page_label: str  # 第03版
    page_name: str  # 要闻
    url: str
    title: str
    fields: tuple[str, ...]  # kicker, subtitle, byline names, caption: indexed with the title and body
    fragment: str  # the key of its body's HTML in the fragment store
    key: bytes = field(init=False, compare=False)  # a hash of all the above: what the index cache knows it by

    def __post_init__(self) -> None:
        # Made at once: every build needs every article's (a cached_property
        # costs a lock per read, a tenth of a second at 20,000 articles).
        fields = (self.page, self.page_label, self.page_name, self.url, self.title, self.fields, self.fragment)
        key = hashlib.blake2b(marshal.dumps((FORMAT, fields, self.date.toordinal()), 2), digest_size=16).digest()
        object.__setattr__(self, "key", key)


def body_text(fragment_html: str) -> str:
    """The text a reader sees in a body, one line per block."""
    text = html.unescape(ANY_TAG.sub("", BLOCK_TAG.sub("\n", fragment_html)))
    return BLANK_LINES.sub("\n", text).strip()


def doc_text(doc: SearchDoc, body: str) -> str:
    """The indexed text: title, the other fields, the body, a line each."""
    return "\n".join(part for part in (doc.title, *doc.fields, body) if part)


def month_of(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def text_maker(body_html: Callable[[str], str]) -> Callable[[SearchDoc], str]:
    """An article's indexed text, each made once."""
    made: dict[bytes, str] = {}

    def text_of(doc: SearchDoc) -> str:
        if doc.key not in made:
            made[doc.key] = doc_text(doc, body_text(body_html(doc.fragment)) if doc.fragment else "")
        return made[doc.key]

    return text_of


def group_maker(members: list[SearchDoc], text_of) -> Callable[[int], bytes]:
    """The bytes of the block's n-th text file."""

    def make(n: int) -> bytes:
        return segment.compress(_group_json(members[n * GROUP : (n + 1) * GROUP], text_of), segment.TEXT_LEVEL)

    return make


def _group_json(members: list[SearchDoc], text_of) -> bytes:
    rows = [[d.url, d.title, d.date.isoformat(), d.page_label, d.page_name, text_of(d)] for d in members]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()


def catalog(docs: list[SearchDoc], names: list[str]) -> bytes:
    """Columns: u16 day (since 1970), u16 page name number, u16 end of
    the title's places (``ngram.title_end``: a place before it minus a
    term's length is a title hit), u8 page number."""
    number = {name: i for i, name in enumerate(names)}
    days = [(d.date - EPOCH).days for d in docs]
    return (
        struct.pack(f"<{len(docs)}H", *days)
        + struct.pack(f"<{len(docs)}H", *(number[d.page_name] for d in docs))
        + struct.pack(f"<{len(docs)}H", *(min(ngram.title_end(d.title), 0xFFFF) for d in docs))
        + bytes(min(d.page, 255) for d in docs)
    )


def search_docs(site, fragments: dict, linker) -> list[SearchDoc]:
    """Every article of the site, in print order (oldest edition first)."""
    from newsgen.urls import article_path

    docs = []
    for content in site.editions:
        edition = content.edition
        for article in content.articles:
            page = edition.page(article.page)
            info = fragments.get(article.source)
            docs.append(
                SearchDoc(
                    date=article.date,
                    page=article.page,
                    page_label=page.label if page else "",
                    page_name=page.name if page else "",
                    url=linker.url(article_path(article.date, article.slug)),
                    title=article.title,
                    fields=(
                        article.kicker,
                        article.subtitle,
                        " ".join(c.name for c in article.byline),
                        article.caption,
                    ),
                    fragment=info.key if info else "",
                )
            )
    return docs
