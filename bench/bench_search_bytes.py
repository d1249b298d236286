"""Bytes the search page fetches: the first query (with the search code
and the index's meta and catalog) and each later one, against the targets
of issue 13 (first ≤ 300 KB, later ≤ 100 KB). Builds the benchmark corpus
(../shared/bench/gen_corpus.py) with the index, then runs the browser's
engine in Node over it (search_bytes.js), counting every file it loads.

    python bench/bench_search_bytes.py --articles 2000 [--work /tmp/search-bytes]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared" / "bench"
FIRST_KB, LATER_KB = 300, 100


def long_pieces(index: Path, count: int, size: int) -> list[str]:
    """Pieces of ``size`` characters of the articles' texts (common words in them)."""
    chooser, out = random.Random(1), []
    groups = sorted((index / "t").rglob("*.bin"))
    while len(out) < count:
        rows = json.loads(zlib.decompress(chooser.choice(groups).read_bytes(), -15))
        text = "".join(chooser.choice(rows)[5].split())
        if len(text) > size:
            start = chooser.randrange(len(text) - size)
            out.append(text[start : start + size])
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/search-bytes"))
    args = parser.parse_args()
    site = args.work / f"corpus-{args.articles}"
    if not site.exists():
        subprocess.run(
            [sys.executable, str(SHARED / "gen_corpus.py"), str(site), "--articles", str(args.articles)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's newsgen
    subprocess.run([sys.executable, "-m", "newsgen", "build"], cwd=site, env=env, check=True, stdout=subprocess.DEVNULL)
    index = site / "site" / "search" / "index"
    code = sum((REPO / "themes/default/static" / name).stat().st_size for name in ("search-engine.js", "search.js"))
    page = (site / "site" / "search" / "index.html").stat().st_size
    queries = ["网格", "医保", "县", "乡村振兴", *long_pieces(index, 4, 12), "党员 干部", "不存在的字串"]
    done = subprocess.run(
        ["node", str(HERE / "search_bytes.js"), str(index)], input=json.dumps(queries), capture_output=True, text=True
    )
    if done.returncode:
        print(done.stderr, file=sys.stderr)
        return 1
    rows = json.loads(done.stdout)
    size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
    print(f"{args.articles} articles; index {size / 1e6:.1f} MB; search page {page} B, search code {code} B")
    print(f"{'query':<16} {'hits':>6} {'files':>6} {'KB':>9} {'ms':>7}  target")
    for i, row in enumerate(rows):
        kb = (row["bytes"] + (code + page if i == 0 else 0)) / 1000
        limit = FIRST_KB if i == 0 else LATER_KB
        verdict = "ok" if kb <= limit else f"OVER {limit} KB"
        print(f"{row['query']:<16} {row['hits']:>6} {row['files']:>6} {kb:>9.1f} {row['ms']:>7.1f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
