"""Search in Chinese: a static Pagefind index of every article, built at
the end of a build, searched in the browser (themes/default/static/search.js).

Why not let Pagefind read the pages itself: it cuts Chinese into words
with a dictionary when indexing, and the browser cuts the query with
another one (Intl.Segmenter), so a query that is not a whole word in both
("务心连" from "服务心连心") finds nothing. Here every article is indexed
as overlapping character pairs (bigrams, the classic way to index CJK
text): "服务心连心" -> "服务 务心 心连 连心 心". search.js turns a query into
pairs the same way, and Pagefind finds the pages that have all of them, so
any piece of an article's text finds it, whatever its length.

The pages say what to index, with Pagefind's own attributes (so that
Pagefind could also index them directly):

    data-pagefind-body     the element whose text is indexed (articles only;
                           pages without it, such as lists, are left out)
    data-pagefind-ignore   inside it, an element that is not indexed
    data-pagefind-meta="title|date|page"   an element whose text is shown
                           with a result; the summary is <meta name=description>

The index is made in a scratch folder and copied into <out>/pagefind/
writing only files whose bytes changed (Pagefind names its index files by
their content, so stale ones are removed). Pagefind's output is the same
for the same input: two builds give the same files."""

from __future__ import annotations

import html
import operator
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from newsgen import urls
from newsgen.errors import Diagnostic, error
from newsgen.i18n import msg

BUNDLE = urls.SEARCH_BUNDLE.rstrip("/")
# The same classes as TOKEN in search.js: a run of Han characters, or of
# ASCII letters and digits (after NFKC, which folds full-width forms).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(f"[{HAN}]+|[0-9a-z]+")
HAN_FIRST = "\u3400"
BODY = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-body\b[^>]*>")
IGNORED = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-ignore\b[^>]*>")
META = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-meta=\"([\w-]+)\"[^>]*>(.*?)</\1>", re.S)
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
# Tags that end a run of text; any other tag (em, a, span) may sit inside
# a word and must not split it.
BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|br|hr|tr|td|th|table|caption|figure|figcaption"
    r"|blockquote|section|header|footer|article|aside|nav|pre)\b[^>]*>",
    re.I,
)
ANY_TAG = re.compile(r"<[^>]*>")
TIMEOUT_SECONDS = 600
# Pagefind also writes its ready-made search interfaces; the theme has its
# own (search.js), so they are not published: 400 kB less to upload, and no
# third-party CSS to keep valid and accessible.
UNUSED = re.compile(r"pagefind-(?:ui|component-ui|modular-ui|highlight)\.(?:js|css)$")


def index_terms(text: str) -> str:
    """The text as the terms Pagefind indexes: each run of Han characters
    as its overlapping pairs and its last character alone (so a query of
    that one character still finds it), each Latin word or number as is."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    parts = []
    for run in TOKEN.findall(text.lower()):
        if run >= HAN_FIRST:  # TOKEN's runs are Han, or ASCII letters and digits
            parts.append(" ".join(map(operator.add, run, run[1:])))
            parts.append(run[-1])
        else:
            parts.append(run)
    return " ".join(part for part in parts if part)


def build_search_index(out_dir: Path, base_path: str) -> list[Diagnostic]:
    """(Re)build <out_dir>/pagefind/ from the articles in <out_dir>; an
    error diagnostic if Pagefind cannot run. ``base_path`` ("/paper/") is
    the site's path on its host: result URLs are stored with it."""
    with tempfile.TemporaryDirectory(prefix="newsgen-search-") as scratch:
        corpus, bundle = Path(scratch) / "corpus", Path(scratch) / "bundle"
        prefix = corpus.joinpath(*[part for part in base_path.split("/") if part])
        if write_corpus(out_dir, prefix) == 0:
            bundle.mkdir()  # nothing to search (Pagefind refuses an empty site)
        elif problem := _run_pagefind(corpus, bundle):
            return [problem]
        sync_folder(bundle, out_dir / BUNDLE)
    return []


def write_corpus(out_dir: Path, corpus: Path) -> int:
    """One small HTML document per article, at the article's own path."""
    count = 0
    for page in sorted(out_dir.rglob("*.html")):
        rel = page.relative_to(out_dir)
        if rel.parts[0] == BUNDLE:
            continue
        document = corpus_document(page.read_text("utf-8"))
        if document is None:
            continue
        target = corpus / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document, "utf-8")
        count += 1
    return count


def corpus_document(page: str) -> str | None:
    """An article page -> the document Pagefind indexes: the title and the
    text as pairs (the title in <h1>, which Pagefind ranks higher), the
    readable title, date, page and summary as metadata to show."""
    body = BODY.search(page)
    if body is None:
        return None
    inner = page[body.end() : _element_end(page, body)]
    meta = {name: _text(value) for _tag, name, value in META.findall(page)}
    description = DESCRIPTION.search(page)
    meta["summary"] = html.unescape(description.group(1)) if description else ""
    title = meta.get("title", "")
    shown = "".join(
        f'<span data-pagefind-meta="{name}">{html.escape(value)}</span>'
        for name, value in sorted(meta.items())
        if value
    )
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>'
        f"<main data-pagefind-body><h1>{index_terms(title)}</h1><p>{index_terms(_text(_unignored(inner)))}</p>"
        f"</main>{shown}</body></html>\n"
    )


def _element_end(page: str, start: re.Match) -> int:
    """Where the element opened by ``start`` closes (elements of the same
    name may nest inside it)."""
    tag = start.group(1)
    opening, closing = re.compile(rf"<{tag}\b"), f"</{tag}>"
    depth, position = 1, start.end()
    while depth:
        end = page.find(closing, position)
        if end < 0:
            return len(page)
        depth += len(opening.findall(page, position, end)) - 1
        position = end + len(closing)
    return position - len(closing)


def _unignored(fragment: str) -> str:
    while (match := IGNORED.search(fragment)) is not None:
        end = _element_end(fragment, match)
        fragment = fragment[: match.start()] + fragment[end + len(f"</{match.group(1)}>") :]
    return fragment


def _text(fragment: str) -> str:
    return html.unescape(ANY_TAG.sub("", BLOCK_TAG.sub("\n", fragment))).strip()


def _run_pagefind(corpus: Path, bundle: Path) -> Diagnostic | None:
    # The pagefind package finds the binary that pagefind[extended] installs
    # (pagefind_bin_extended) and runs it.
    command = [sys.executable, "-m", "pagefind", "--site", str(corpus), "--output-path", str(bundle), "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return error(BUNDLE, 0, 0, msg("cannot build the search index: {exc}", exc=exc))
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return error(
            BUNDLE,
            0,
            0,
            msg("cannot build the search index: {exc}", exc="pagefind failed: " + " / ".join(detail)),
            "pip install 'pagefind[extended]'",
        )
    return None


def sync_folder(source: Path, target: Path) -> None:
    """Make ``target`` hold exactly the files of ``source`` (but the unused
    interfaces), writing only the files whose bytes differ (each atomically)
    and removing the others."""
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file() and not UNUSED.match(p.name)}
    for rel in sorted(wanted):
        data = (source / rel).read_bytes()
        path = target / rel
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            if path.is_file() and path.relative_to(target) not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
