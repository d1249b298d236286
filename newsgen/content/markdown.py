"""Article body (Markdown) -> Fragment: HTML plus what the build needs to
know about it (summary, length, images). Pure: the same body and options
always give the same fragment, so the build caches fragments by hash."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from newsgen.content.model import MarkdownOptions

# Han, kana, bopomofo, CJK and full-width punctuation, and the quotes and
# dashes that Chinese text shares with Western text.
CJK_CHARS = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3200-\u33ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0003134f\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
)
IS_CJK = re.compile(f"[{CJK_CHARS}]")
WORD = re.compile(r"[A-Za-z0-9]+")
FULL_WIDTH_INDENT = "\u3000"
IMAGE_SCHEME = "newsgen-image:"  # a body image, resolved when the page is rendered
SUMMARY_CHARS = 120
SKIP_TAGS = {"pre", "code", "script", "style"}
# Only these characters let a body carry markup Markdown did not make:
# raw HTML and autolinks (<), attribute lists ({), character references
# (&), and URL schemes such as javascript: (:). A body without any of them
# comes out of Python-Markdown safe as it is, and most news copy has none,
# so the sanitizer (a sixth of the conversion time) runs only when needed.
MAY_NEED_SANITIZING = re.compile(r"[<{&:]")
# What any inline pattern (code, escapes, links, images, footnotes,
# autolinks, raw HTML, entities, emphasis, hard breaks) or attribute list
# needs to match, and the placeholders of stashed markup. A text without
# any of these comes out of inline processing as it went in; most news
# paragraphs have none, and inline processing is two fifths of the
# conversion time (it tries every pattern on every text).
MAY_HAVE_INLINE_MARKUP = re.compile(r"[`\\\[<&*_{\x02\x03]|  \n")

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "ol": {"start"},
}


@dataclass(frozen=True)
class Fragment:
    html: str
    summary: str  # plain text of the first paragraph, shortened
    chars: int  # CJK characters + Latin words, for reading time
    images: tuple[tuple[str, str], ...]  # (path under images/, alt text) in body order


class Converter:
    """One Python-Markdown instance, reset before every document (its
    extensions keep state, e.g. footnote counters). One per process.
    ``skip_plain``: leave texts without inline markup out of inline
    processing (the output is the same; off only to test that)."""

    def __init__(self, options: MarkdownOptions | None = None, skip_plain: bool = True):
        options = options or MarkdownOptions()
        self.options = options
        self.skip_plain = skip_plain
        raw_html = options.raw_html
        self.md = NewsMarkdown(
            extensions=["extra", "sane_lists", NewspaperExtension()],
            extension_configs={"extra": {"footnotes": {"BACKLINK_TITLE": "返回正文第 %d 处"}}},
            output_format="html",
        )
        if raw_html == "escape":
            self.md.preprocessors.deregister("html_block")
            self.md.inlinePatterns.deregister("html")

    def convert(self, body: str) -> Fragment:
        self.md.reset()
        # An empty body never reaches the tree processor: start from nothing
        # so that the previous document's facts cannot leak into this one.
        self.md.newsgen_info = {"summary": "", "chars": 0, "images": []}
        # Abbreviations (*[HTML]: ...) apply to plain text too: not skipped then.
        self.md.newsgen_skip_plain = self.skip_plain and "*[" not in body
        html = self.md.convert(body)
        if self.options.raw_html == "sanitize" and MAY_NEED_SANITIZING.search(body):
            html = sanitize(html, self.options.iframe_hosts)
        info = self.md.newsgen_info
        return Fragment(html=html, summary=info["summary"], chars=info["chars"], images=tuple(info["images"]))


def sanitize(html: str, iframe_hosts: tuple[str, ...] = ()) -> str:
    """Keep what Markdown makes and safe raw HTML; drop scripts, event
    handlers, styles, javascript:/data: URLs, and iframes except https ones
    from the configured video hosts."""
    tags, attributes = ALLOWED_TAGS, ALLOWED_ATTRIBUTES
    if iframe_hosts:
        tags = tags | {"iframe"}
        attributes = {**attributes, "iframe": {"src", "width", "height", "title", "allowfullscreen"}}

    def only_allowed_frames(tag: str, attribute: str, value: str):
        if tag == "iframe" and attribute == "src":
            parts = urlsplit(value)
            return value if parts.scheme == "https" and parts.hostname in iframe_hosts else None
        return value

    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        attribute_filter=only_allowed_frames,
        url_schemes={"http", "https", "mailto", "tel", IMAGE_SCHEME[:-1]},
        link_rel=None,
        filter_style_properties={"text-align"},
    )


class NewsMarkdown(markdown.Markdown):
    """Python-Markdown with the facts our tree processors leave for the
    converter: the summary, length and images of the document."""

    newsgen_info: dict
    newsgen_skip_plain: bool = False


class NewspaperExtension(Extension):
    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.newsgen_info = {}
        # After inline parsing (20), before prettify (10) adds layout newlines.
        md.treeprocessors.register(NewspaperTreeprocessor(md), "newsgen", 15)
        md.treeprocessors.register(PlainTextTreeprocessor(md), "newsgen-plain", 25)  # before inline (20)
        # After fenced code (25) and raw HTML blocks (20) are stashed away.
        md.preprocessors.register(IndentedParagraphs(md), "newsgen-indent", 15)

    def reset(self):
        pass


class IndentedParagraphs(Preprocessor):
    """Text pasted from WPS or Word starts each paragraph with a full-width
    indent (　　) and separates paragraphs by one line break only: a line
    that starts with one is a paragraph of its own."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            if line.startswith(FULL_WIDTH_INDENT) and out and out[-1].strip(" \t"):
                out.append("")
            out.append(line)
        return out


class PlainTextTreeprocessor(Treeprocessor):
    """Marks texts that no inline pattern can match as atomic, so that
    inline processing passes over them (see MAY_HAVE_INLINE_MARKUP)."""

    def run(self, root: etree.Element):
        if not getattr(self.md, "newsgen_skip_plain", False):
            return
        for element in root.iter():
            text, tail = element.text, element.tail
            if text and type(text) is str and not MAY_HAVE_INLINE_MARKUP.search(text):
                element.text = AtomicString(text)
            if tail and type(tail) is str and not MAY_HAVE_INLINE_MARKUP.search(tail):
                element.tail = AtomicString(tail)


class NewspaperTreeprocessor(Treeprocessor):
    md: NewsMarkdown

    def run(self, root: etree.Element):
        join_cjk_soft_breaks(root)
        shift_headings(root)
        images = collect_images(root)
        self.md.newsgen_info = {
            "summary": summarize(root),
            "chars": count_chars(root),
            "images": images,
        }


def _text_segments(root: etree.Element) -> list[tuple[etree.Element, str]]:
    """(element, "text" | "tail") in document order, skipping code."""
    segments = []

    def walk(element):
        if element.tag in SKIP_TAGS:
            return
        if element.text:
            segments.append((element, "text"))
        for child in element:
            walk(child)
            if child.tail:
                segments.append((child, "tail"))

    walk(root)
    return segments


def join_cjk_soft_breaks(root: etree.Element) -> None:
    """A line break between two CJK characters is removed (Chinese has no
    spaces between words); any other soft break becomes one space."""
    segments = _text_segments(root)
    texts = [getattr(el, attr) for el, attr in segments]
    for index, text in enumerate(texts):
        if "\n" not in text:
            continue
        before = _last_char(texts, index - 1)
        after = _first_char(texts, index + 1)
        texts[index] = _join_lines(text, before, after)
    for (element, attr), text in zip(segments, texts, strict=True):
        setattr(element, attr, text)


def _last_char(texts, index):
    while index >= 0:
        if texts[index]:
            return texts[index][-1]
        index -= 1
    return ""


def _first_char(texts, index):
    while index < len(texts):
        if texts[index]:
            return texts[index][0]
        index += 1
    return ""


def _join_lines(text: str, before: str, after: str) -> str:
    lines = text.split("\n")
    out = lines[0]
    for line in lines[1:]:
        left = out.rstrip(" ")[-1:] or before
        right = line.lstrip(" ")[:1] or after
        if left and right and IS_CJK.match(left) and IS_CJK.match(right):
            out = out.rstrip(" ") + line.lstrip(" ")
        else:
            out = out + " " + line if out and line else out + line
            if not out.strip():
                out = out.replace("  ", " ")
    return out


def shift_headings(root: etree.Element) -> None:
    """The page has one h1, the headline; body headings start at h2 whatever
    level the editor typed (### in the seed), keeping their relative order.
    Each gets an id so that it can be linked to."""
    headings = [el for el in root.iter() if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
    if not headings:
        return
    shift = 2 - min(int(el.tag[1]) for el in headings)
    for number, element in enumerate(headings, 1):
        element.tag = f"h{min(6, int(element.tag[1]) + shift)}"
        if "id" not in element.attrib:
            element.set("id", f"section-{number}")


def collect_images(root: etree.Element) -> list[tuple[str, str]]:
    """Relative image paths are files under images/: mark them so that the
    renderer can put in the processed <picture>."""
    images = []
    for element in root.iter("img"):
        src = element.get("src", "")
        if not src or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#", src):
            continue
        images.append((src, element.get("alt", "")))
        element.set("src", IMAGE_SCHEME + src)
    return images


def plain_text(element: etree.Element) -> str:
    """Text of an element without footnote markers."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "sup":
            parts.append(plain_text(child))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def summarize(root: etree.Element) -> str:
    for element in root.iter("p"):
        text = re.sub(r"\s+", " ", plain_text(element))
        text = re.sub("\x02[^\x03]*\x03", "", text).strip()  # stashed raw HTML
        if text:
            return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rstrip() + "…"
    return ""


def count_chars(root: etree.Element) -> int:
    """Characters for reading time: every non-ASCII letter (Chinese is read
    character by character) plus every Latin word or number."""
    text = "".join(root.itertext())
    ascii_part = text.encode("ascii", "ignore").decode("ascii")
    wide = len(text) - len(ascii_part) - text.count("\u3000")
    return wide + len(WORD.findall(ascii_part))
