"""The browser's search engine against a brute-force scan, at archive
scale: the tests check it on small random corpora; this checks it on the
benchmark corpus (../shared/bench/gen_corpus.py, built with the default
build), for random queries taken from its articles: pieces of 1 to 20
characters, some in capitals or full-width forms, and a few that are
nowhere or have several terms. The engine runs in Node
(tests/search_query.js); the scan reads the indexed text from the
index's own text files. Prints each query whose hits differ; exits 1 if any.

    python bench/search_oracle.py --articles 20000 [--queries 60] [--work /tmp/newsgen-bench-search]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench_build import corpus  # noqa: E402  (the benchmarks' corpus folders)
from bench_search_browser import build  # noqa: E402  (built with this checkout's newsgen)

from newsgen.search.ngram import terms_of  # noqa: E402  (this checkout's newsgen)

LENGTHS = [1, 2, 3, 4, 5, 7, 9, 13, 20]
FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ASCII -> its full-width form


def indexed_runs(index: Path) -> dict[str, list[str]]:
    """Article URL -> its indexed text, folded, cut at white space (a term never spans it)."""
    out = {}
    for group in sorted(index.glob("t/*/*.bin")):
        for row in json.loads(zlib.decompress(group.read_bytes(), -15)):
            out[row[0]] = terms_of(row[5])
    return out


def queries(runs: dict[str, list[str]], count: int, seed: int) -> list[str]:
    chooser, urls, out = random.Random(seed), sorted(runs), []
    while len(out) < count:
        pieces = runs[chooser.choice(urls)]
        if not pieces:
            continue
        run, length = chooser.choice(pieces), chooser.choice(LENGTHS)
        if len(run) < length:
            continue
        start = chooser.randrange(len(run) - length + 1)
        query = run[start : start + length]
        if chooser.random() < 0.2:
            query = query.upper()
        if chooser.random() < 0.2:
            query = query.translate(FULL_WIDTH)
        out.append(query)
    return [*out, "不存在的字串xyz", "乡村 振兴 2023", "网格 说。随着"]


def scan(runs: dict[str, list[str]], query: str) -> list[str]:
    terms = terms_of(query)
    return sorted(url for url, pieces in runs.items() if all(any(t in p for p in pieces) for t in terms))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsgen-bench-search"))  # bench_search_browser's
    args = parser.parse_args()
    site = corpus(args.work, args.articles, "newsgen")
    build(site)
    index = site / "site" / "search" / "index"
    runs = indexed_runs(index)
    asked = queries(runs, args.queries, args.seed)
    done = subprocess.run(
        ["node", str(REPO / "tests" / "search_query.js"), str(index)],
        input=json.dumps(asked),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        print(done.stderr, file=sys.stderr)
        return 1
    wrong = 0
    for query, answer in zip(asked, json.loads(done.stdout)):
        expected = scan(runs, query)
        if sorted(answer["hits"]) != expected:
            wrong += 1
            print(f"differs: {query!r}: the engine {len(answer['hits'])} hits, the scan {len(expected)}")
    print(f"{len(runs)} articles, {len(asked)} queries: {len(asked) - wrong} equal to the scan, {wrong} differ")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
