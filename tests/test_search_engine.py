"""The search engine against a brute-force oracle: on random corpora and
random queries (substrings of the texts of random lengths, strings found
nowhere, Latin and digits, full-width forms, several terms), the answer of
the browser's engine (search-engine.js, run in Node) is exactly the
articles whose folded text contains every term. And the index made
incrementally, after random edits, is byte for byte the one a clean build
makes."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import subprocess
import unicodedata
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.search import blocks, ngram, segment, tiers
from newsgen.search import index as index_module
from newsgen.search.articles import SearchDoc, body_text, doc_text
from newsgen.search.index import SearchIndex

HERE = Path(__file__).resolve().parent
NODE = shutil.which("node")
# CI installs node (.ci/run) and sets NEWSGEN_REQUIRE_BROWSER: there the engine's tests never skip.
pytestmark = pytest.mark.skipif(
    NODE is None and not os.environ.get("NEWSGEN_REQUIRE_BROWSER"), reason="node is needed to run search-engine.js"
)

# Few characters, so that grams repeat across articles and long terms have
# candidates that do not hold them; full-width and upper-case forms.
# Two characters beyond the BMP (rare ones, as in names: two UTF-16 units
# each in the browser) and a capital sigma (its lower case depends on what
# follows it).
ALPHABET = "网格价格也的一二三党员组织流动ＡＢabc１2Ｚz。，𠀀𡘙Σ" + "  "
TEXT = st.text(alphabet=ALPHABET, min_size=0, max_size=60)
# Strides of places (ngram.STRIDE) to test with: the real one, and ones so
# small that lines take several (1: each line's places right after the last's).
STRIDES = st.sampled_from([ngram.STRIDE, 4, 1])


def stride(value: int):
    return mock.patch.object(ngram, "STRIDE", value)


@st.composite
def corpora(draw):
    count = draw(st.integers(1, 14))
    docs, bodies = [], {}
    for i in range(count):
        day = dt.date(2023, 11, 20) + dt.timedelta(days=draw(st.integers(0, 80)))
        body = draw(TEXT)
        key = f"f{i}"
        bodies[key] = "".join(f"<p>{part}</p>" for part in body.split("  ")) if body else ""
        docs.append(
            SearchDoc(
                day,
                draw(st.integers(1, 3)),
                "第01版",
                draw(st.sampled_from(["要闻", "综合"])),
                f"/a/{i}/",
                draw(TEXT).replace("  ", "\n"),  # (a title of two lines: a YAML block)
                (draw(TEXT), "", draw(st.sampled_from(["", "张三 李四"])), ""),
                key,
            )
        )
    docs.sort(key=lambda d: d.date)
    return docs, bodies


def plain_fold(text: str) -> str:
    """The oracle's folding: the obviously right one, whole text at once."""
    return unicodedata.normalize("NFKC", text).lower()


def texts(docs, bodies) -> list[str]:
    return [plain_fold(doc_text(d, body_text(bodies[d.fragment]))) for d in docs]


@st.composite
def queries(draw, folded: list[str]):
    picks = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["piece", "piece", "piece", "random", "wide"]))
        source = draw(st.sampled_from(folded)) if any(folded) else ""
        if kind != "random" and source:
            start = draw(st.integers(0, len(source) - 1))
            piece = source[start : start + draw(st.integers(1, 9))]
            if kind == "wide":  # the full-width or upper-case form of a piece
                piece = piece.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}).upper()
            picks.append(piece)
        else:
            picks.append(draw(st.text(alphabet=ALPHABET + "不存在Q", min_size=1, max_size=8)))
    return " ".join(picks)


def oracle(folded: list[str], query: str) -> list[int]:
    terms = ngram.terms_of(query)
    return [i for i, text in enumerate(folded) if terms and all(t in text for t in terms)]


def build(tmp: Path, docs, bodies) -> Path:
    index = SearchIndex(tmp / "cache")
    index.update(docs, bodies.__getitem__)
    out = tmp / "out"
    index.publish(out)
    return out / "search/index"


def engine(folder: Path, query_list: list[str], tiers: list | None = None) -> list[dict]:
    """The engine's answers; ``tiers``: the search page's hint of the index's tiers."""
    done = subprocess.run(
        [NODE, str(HERE / "search_query.js"), str(folder), *([json.dumps(tiers)] if tiers is not None else [])],
        input=json.dumps(query_list),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_the_engine_finds_exactly_the_articles_that_contain_every_term(tmp_path_factory, data):
    docs, bodies = data.draw(corpora())
    folded = texts(docs, bodies)
    query_list = [data.draw(queries(folded)) for _ in range(12)]
    with stride(data.draw(STRIDES)):
        folder = build(tmp_path_factory.mktemp("index"), docs, bodies)
    # The search page's hint of the tiers: none, meta.json's own, or a stale one (only asked for early).
    right = json.loads((folder / "meta.json").read_text())["tiers"]
    stale = [{"name": "a", "shards": 128, "placeShards": 512}, {"name": "q", "shards": 64, "placeShards": 256}]
    hint = data.draw(st.sampled_from([None, right, stale]))
    for query, answer in zip(query_list, engine(folder, query_list, hint)):
        want = sorted(docs[i].url for i in oracle(folded, query))
        assert sorted(answer["hits"]) == want, query
        titles = [ngram.fold(d.title) for d in docs]
        terms = ngram.terms_of(query)
        assert sorted(answer["title"]) == sorted(
            d.url for i, d in enumerate(docs) if i in oracle(folded, query) and all(t in titles[i] for t in terms)
        )


def test_known_queries_on_a_small_corpus(tmp_path):
    bodies = {"a": "<p>特色产业助乡村振兴，价格也不错。</p>", "b": "<p>小网格里见大民生。ＡＢＣ１２３</p>", "c": ""}
    docs = [
        SearchDoc(dt.date(2024, 1, 10), 1, "第01版", "要闻", "/a/", "特色产业", (), "a"),
        SearchDoc(dt.date(2024, 1, 10), 1, "第01版", "要闻", "/b/", "小网格", ("", "", "张三 李四", ""), "b"),
        SearchDoc(dt.date(2024, 2, 1), 2, "第02版", "综合", "/c/", "张三丰", (), "c"),
    ]
    folder = build(tmp_path, docs, bodies)
    queries_ = ["网格", "张三丰", "xyz不存在", "abc123", "ABC", "张三", "网格 民生", "价格也不错", "台风", "三 丰"]
    answers = engine(folder, queries_)
    assert [a["hits"] for a in answers] == [
        ["/b/"],
        ["/c/"],
        [],
        ["/b/"],
        ["/b/"],
        ["/b/", "/c/"],
        ["/b/"],
        ["/a/"],
        [],
        ["/c/"],
    ]


EDITS = st.lists(
    st.tuples(st.integers(0, 20), st.sampled_from(["body", "title", "drop", "add", "later"]), TEXT),
    min_size=1,
    max_size=5,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), EDITS, STRIDES)
def test_an_index_updated_after_edits_is_the_one_a_clean_build_makes(tmp_path_factory, corpus, edits, places_stride):
    with stride(places_stride):
        _edit_and_compare(tmp_path_factory, corpus, edits)


def _edit_and_compare(tmp_path_factory, corpus, edits):
    docs, bodies = corpus
    bodies = dict(bodies)
    tmp = tmp_path_factory.mktemp("edits")
    live = SearchIndex(tmp / "live")
    live.update(docs, bodies.__getitem__)
    for step, (which, kind, text) in enumerate(edits):
        i = which % len(docs) if docs else 0
        if kind == "body" and docs:
            key = f"e{step}"
            bodies[key] = f"<p>{text}</p>"
            docs[i] = SearchDoc(
                *[getattr(docs[i], f) for f in ("date", "page", "page_label", "page_name", "url", "title", "fields")],
                key,
            )
        elif kind == "title" and docs:
            d = docs[i]
            docs[i] = SearchDoc(d.date, d.page, d.page_label, d.page_name, d.url, text, d.fields, d.fragment)
        elif kind == "drop" and len(docs) > 1:
            docs.pop(i)
        elif kind == "add":
            bodies[f"n{step}"] = f"<p>{text}</p>"
            docs.append(SearchDoc(dt.date(2024, 2, 1), 1, "第01版", "要闻", f"/n/{step}/", text, (), f"n{step}"))
            docs.sort(key=lambda d: d.date)
        elif kind == "later":  # a new edition, in a month after the newest: the newest month becomes archive
            bodies[f"n{step}"] = f"<p>{text}</p>"
            day = max(d.date for d in docs) + dt.timedelta(days=which + 1)
            docs.append(SearchDoc(day, 1, "第01版", "要闻", f"/n/{step}/", text, (), f"n{step}"))
        live.update(docs, bodies.__getitem__)
        clean = SearchIndex(tmp / f"clean{step}")
        clean.update(docs, bodies.__getitem__)
        assert live.files == clean.files


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), st.lists(TEXT, min_size=1, max_size=4))
def test_a_new_edition_in_the_newest_month_leaves_the_archive_files_as_they_were(tmp_path_factory, corpus, added):
    """What a deploy copies each day: the newest month's shard files, its
    text files and the catalog, never the archive's shard files."""
    docs, bodies = corpus
    bodies = dict(bodies)
    index = SearchIndex(tmp_path_factory.mktemp("daily"))
    index.update(docs, bodies.__getitem__)
    before = dict(index.files)
    newest = max(d.date for d in docs)
    for i, text in enumerate(added):
        bodies[f"new{i}"] = f"<p>{text}</p>"
        docs.append(SearchDoc(newest, 9, "第09版", "要闻", f"/new/{i}/", text, (), f"new{i}"))
    index.update(docs, bodies.__getitem__)
    changed = {rel for rel in index.files.keys() | before.keys() if index.files.get(rel) != before.get(rel)}
    month = index_module.month_of(newest)
    allowed = ("search/index/sr/", "search/index/gr/", f"search/index/t/{month}/")
    assert {rel for rel in changed if not rel.startswith(allowed)} <= {
        "search/index/meta.json",
        "search/index/docs.bin",
    }
    assert not any(rel.startswith(("search/index/sa/", "search/index/ga/")) for rel in changed)


PARAGRAPH = TEXT.filter(lambda t: t.strip())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PARAGRAPH, min_size=2, max_size=6), st.data())
def test_a_word_put_into_one_paragraph_rewrites_only_the_place_files_of_that_paragraph(
    tmp_path_factory, paragraphs, data
):
    """What a deploy copies when a typo is mended in an archive article:
    the files of the mended paragraph's 3-grams, not of the whole
    article's (whose places after the edit would all move by a character)."""
    which = data.draw(st.integers(0, len(paragraphs) - 1))
    at = data.draw(st.integers(0, len(paragraphs[which])))
    mended = paragraphs[which][:at] + data.draw(st.sampled_from(["网", "的的", "Ａb"])) + paragraphs[which][at:]
    bodies = {"old": "".join(f"<p>{p}</p>" for p in paragraphs), "later": "<p>网格价格</p>"}
    docs = [
        SearchDoc(dt.date(2024, 1, 10), 1, "第01版", "要闻", "/a/", "网格", (), "old"),
        SearchDoc(dt.date(2024, 3, 1), 1, "第01版", "要闻", "/b/", "价格", (), "later"),
    ]
    index = SearchIndex(tmp_path_factory.mktemp("mend"))
    index.update(docs, bodies.__getitem__)
    before = dict(index.files)
    bodies["mended"] = "".join(f"<p>{p}</p>" for p in [*paragraphs[:which], mended, *paragraphs[which + 1 :]])
    docs[0] = SearchDoc(dt.date(2024, 1, 10), 1, "第01版", "要闻", "/a/", "网格", (), "mended")
    index.update(docs, bodies.__getitem__)
    changed = {rel for rel in index.files if index.files[rel] != before.get(rel) and "/ga/" in rel}
    shards = ngram.place_shards(tiers.tier_shards("a", 1))
    grams = ngram.place_terms(paragraphs[which]).keys() | ngram.place_terms(mended).keys()
    assert changed <= {f"search/index/ga/{ngram.shard_of(g, shards):04x}.bin" for g in grams}


def test_segments_made_term_by_term_are_the_ones_made_in_arrays():
    texts_ = ["网格价格也 ab12", "价格 ＡＢ１２ 网格网格", "", "的的的的", "  网格\n\n格价格"]
    titles = ["网格", "", "价格", "的", ""]
    lists, places = blocks.block_segments(texts_, titles, 64)
    for data in lists.values():
        assert segment.encode_lists(segment.read_lists(data)) == data
    for data in places.values():
        assert segment.encode_places(segment.read_places(data)) == data
    found_lists, found_places = {}, {}
    for data in lists.values():
        found_lists.update(segment.read_lists(data))
    for data in places.values():
        found_places.update(segment.read_places(data))
    assert (
        found_lists[(0, "网格")] == [0, 1, 4] and found_lists[(1, "网格")] == [0] and found_lists[(0, "ab")] == [0, 1]
    )
    assert (0, "的的的") not in found_lists and (0, "也 a") not in found_lists
    assert found_places["的的的"] == {3: [0, 1]} and found_places["格价格"] == {0: [1], 4: [2 * ngram.STRIDE]}
    assert found_places["网格网"] == {1: [8]} and "也\0a" not in found_places


def skewed_bytes(seed: int, size: int) -> bytes:
    """Bytes mostly small, as a segment's are (Huffman codes pay off; random bytes would be stored)."""
    chooser = random.Random(seed)
    return bytes(min(255, int(chooser.expovariate(0.05))) for _ in range(size))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.builds(skewed_bytes, st.integers(0, 1 << 32), st.integers(0, 40_000) | st.integers(0, 300)), max_size=12
    )
)
def test_segments_made_by_one_compressor_are_those_each_made_by_its_own(raws):
    # Sizes past a DEFLATE block (16,384 symbols) and, in all, past the
    # compressor's window (64 KiB), where its state could carry over.
    piece = segment.piece_maker()
    assert [piece(raw) for raw in raws] == [segment.piece(raw) for raw in raws]
    assert [segment.inflate(piece(raw)) for raw in raws] == raws


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=8), STRIDES)
def test_places_are_where_each_3_gram_stands_in_its_line(pairs, places_stride):
    texts_, titles = [t.replace("  ", "\n") for t, _ in pairs], [t for _, t in pairs]
    with stride(places_stride):
        lists, places = blocks.block_segments(texts_, titles, 64)
    found: dict[str, dict[int, list[int]]] = {}
    for data in places.values():
        for term, docs in segment.read_places(data).items():
            assert term not in found
            found[term] = docs
    want: dict[str, dict[int, list[int]]] = {}
    for number, text in enumerate(texts_):  # brute force: every offset of each line, from a stride past the last
        start = 0
        for line in ngram.fold(text).split("\n"):
            joined = "\0".join(ngram.WS.split(line))
            for at in range(len(joined) - 2):
                if "\0" not in joined[at : at + 3]:
                    want.setdefault(joined[at : at + 3], {}).setdefault(number, []).append(start + at)
            end, start = start + len(joined), 0
            while start <= end:  # the first multiple of the stride past the line's end
                start += places_stride
    assert found == want
    for data in lists.values():
        assert segment.encode_lists(segment.read_lists(data)) == data


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=8), st.sampled_from([1, 3, 17]))
def test_a_block_laid_out_in_chunks_or_sorted_the_other_way_gives_the_same_segments(pairs, chunk):
    """Big blocks lay their places' bytes out in chunks, and long articles
    take a stable sort of (term, article): both give the bytes of one sort
    of (term, article, place) laid out at once."""
    texts_, titles = [t for t, _ in pairs], [t for _, t in pairs]
    whole = blocks.block_segments(texts_, titles, 64)
    saved = blocks.CHUNK, blocks.KEY_BITS
    try:
        blocks.CHUNK, blocks.KEY_BITS = chunk, 0
        assert blocks.block_segments(texts_, titles, 64) == whole
    finally:
        blocks.CHUNK, blocks.KEY_BITS = saved


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_an_index_made_in_many_passes_over_the_shards_is_the_one_made_in_one(tmp_path_factory, corpus):
    """A big archive's shard files are made in passes, holding a share of
    the segments at a time: the same files."""
    docs, bodies = corpus
    one = SearchIndex(tmp_path_factory.mktemp("one"))
    one.update(docs, bodies.__getitem__)
    saved = index_module.HELD_BYTES
    try:
        index_module.HELD_BYTES = 1
        many = SearchIndex(tmp_path_factory.mktemp("many"))
        many.update(docs, bodies.__getitem__)
    finally:
        index_module.HELD_BYTES = saved
    assert many.files == one.files


def test_the_characters_the_results_page_does_not_fold_are_those_folding_leaves_alone():
    """search.js highlights without folding most characters one by one
    (``PLAIN``): checked against NFKC and lower case for every code point."""
    script = """
const src = require("fs").readFileSync(process.argv[1], "utf8");
const PLAIN = eval(src.match(/var PLAIN = (\\/.*\\/);/)[1]);
const changed = [];
let plain = 0;
for (let c = 0; c < 0x110000; c++) {
  if (c >= 0xd800 && c < 0xe000) continue;
  const ch = String.fromCodePoint(c);
  if (!PLAIN.test(ch)) continue;
  plain++;
  if (ch.normalize("NFKC").toLowerCase() !== ch) changed.push(c.toString(16));
}
console.log(JSON.stringify({ plain, changed }));
"""
    search_js = HERE.parent / "themes" / "default" / "static" / "search.js"
    done = subprocess.run([NODE, "-e", script, str(search_js)], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["changed"] == []
    assert result["plain"] > 20000  # the CJK block at least: the fast path is taken for Chinese text


def test_the_browser_folds_and_cuts_a_query_as_the_index_does():
    """search-engine.js folds a query (String.normalize, toLowerCase) and
    cuts it at white space; the index folds the text with Python's
    unicodedata and str.lower. Were they to differ on a character, a query
    holding it would miss. Checked for every code point that Python's
    Unicode assigns (private use aside), and for random strings of
    characters whose lower case depends on their neighbours, white space
    and forms NFKC changes."""
    chars = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co")]
    tricky = "ΣσςΑΩΌİIiıŁẞßǅǄﬁﬃ＿　\u3000\u00a0\t\n\u2028ＡＺａ１。网格\u0301\u0307"
    rng = random.Random(13)
    strings = ["".join(rng.choice(tricky) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    script = """
const S = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify({
  folded: input.chars.map(S.fold),
  terms: input.strings.map(S.termsOf),
}));
"""
    engine_js = HERE.parent / "themes" / "default" / "static" / "search-engine.js"
    done = subprocess.run(
        [NODE, "-e", script, str(engine_js)],
        input=json.dumps({"chars": chars, "strings": strings}),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    answer = json.loads(done.stdout)
    differ = [f"U+{ord(c):04X}" for c, js in zip(chars, answer["folded"]) if js != ngram.fold(c)]
    assert differ == [], f"folded otherwise in the browser: {differ[:20]}"
    assert [ngram.terms_of(text) for text in strings] == answer["terms"]
    assert len(chars) > 140_000  # (every assigned character, not some)


# Characters NFKC changes or composes: full-width forms, an ellipsis, a
# ligature, a letter and its combining accents (an accent after a line
# break has nothing to compose with).
FOLDABLE = "ＡａＺ１…ﬁe\u0301\u0308\u0323\u1100\u1161\u11a8Å\n\n网格 \r"


@given(st.text(alphabet=st.one_of(st.sampled_from(FOLDABLE), st.characters()), max_size=80))
def test_folding_line_by_line_is_folding_the_whole_text(text):
    """ngram.fold normalizes only the lines that are not yet NFKC."""
    assert ngram.fold(text) == plain_fold(text)


@given(st.lists(st.text(min_size=1, max_size=3), min_size=1, max_size=50), st.sampled_from([64, 1024, 8192]))
def test_a_terms_shard_is_the_same_worked_out_alone_or_in_arrays(terms, shards):
    """ngram.shard_of (an edit's patch, and search-engine.js) and
    blocks.shards_of (a block made whole) must agree, or a term would be
    looked for in a file that does not hold it."""
    import numpy as np

    points = [[ord(c) for c in term] + [0] * (3 - len(term)) for term in terms]
    columns = [np.array([p[k] for p in points], dtype=np.uint32) for k in range(3)]
    assert blocks.shards_of(*columns, shards).tolist() == [ngram.shard_of(term, shards) for term in terms]
