#!/usr/bin/env python3
"""The search page as a reader meets it: Debian's Chromium (Playwright)
on the benchmark corpus, built with the default build (search on) and
served by ``python -m http.server`` on 127.0.0.1 (a static host: no
compression, no range requests). Reports against the targets of the issue,
asserts nothing.

    python bench/bench_search_browser.py [--articles 2000,20000] [--work /tmp/newsgen-bench-search] [--runs 3] [--latency 0]

--latency adds that many milliseconds to each request's round trip
(Chromium's network emulation), as a phone's network does: the targets
are for loopback, and a round trip saved shows there as its latency.

For each size: makes the corpus (../shared/bench/gen_corpus.py, through
bench_build.corpus), builds it with this checkout's newsgen, then

    first query   a fresh browser context (cold cache) per query: from the
                  start of the navigation to /search/?q=... until the
                  count (#search-count) is in the page; the median of
                  --runs contexts; the bytes of everything the page
                  fetched, search code and page included (target: shown
                  in ≤ 300 ms, ≤ 300 KB)
    later query   a fresh page that showed the first query of the list (网格,
                  by its link), then this query typed into the search box:
                  from the submit until the new count is in the page, and
                  the bytes fetched for it (target ≤ 100 KB each); each
                  query after the same one, so that no figure depends on
                  what the other queries happened to load

Times are the page's own clock (performance.now(): the navigation's start,
or the form's submit event, to the moment the count element is inserted);
"wall" is the same span seen from Python, Playwright's round trips
included. Bytes are Chromium's (CDP Network.loadingFinished
encodedDataLength): what came over the wire, HTTP headers included;
http.server compresses nothing, so a host that gzips would send less of
the search code (the index files are deflated already). "body" is the sum
of the response bodies (Network.dataReceived).

Index size on disk against the indexed text (target ≤ 3×): the indexed
text is approximated by the UTF-8 size of the articles' Markdown bodies
plus their front-matter text fields (title, kicker, subtitle, byline
names, caption), not the text the build extracts from the HTML.

Prints a table per size and writes everything to WORK/results-search-browser.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from urllib.parse import quote

import yaml
from bench_build import corpus  # the same corpus folders as the build benchmark

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
FIRST_MS, FIRST_KB, LATER_KB, INDEX_RATIO = 300, 300, 100, 3
TIMEOUT_MS = 180_000
SOFT_BREAK = re.compile(r"(?<=\S)\n(?=\S)")
HAN = re.compile(r"[\u4e00-\u9fff]")
# The page's clock: when each #search-count was inserted, when each submit happened.
PROBE = """
window.__bench = {shown: [], submits: [], last: null};
new MutationObserver(() => {
  const count = document.getElementById("search-count");
  if (count && count !== window.__bench.last) { window.__bench.last = count; window.__bench.shown.push(performance.now()); }
}).observe(document, {subtree: true, childList: true});
document.addEventListener("submit", () => window.__bench.submits.push(performance.now()), true);
"""


# ---------------------------------------------------------------- the corpus


def articles(site: Path) -> list[dict]:
    """Each article's front matter and body (the Markdown, as written)."""
    out = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted((site / "content").glob("*/*.md")):
        _, head, body = path.read_text("utf-8").split("---\n", 2)
        out.append({**yaml.load(head, Loader=loader), "body": body})
    return out


def indexed_text(a: dict) -> str:
    """Title, kicker, subtitle, byline names, caption and body (its paragraphs' lines joined)."""
    names = [b["name"] if isinstance(b, dict) else str(b) for b in a.get("byline") or []]
    fields = [a.get("title"), a.get("kicker"), a.get("subtitle"), *names, a.get("caption"), joined(a["body"])]
    return "\n".join(str(f) for f in fields if f)


def joined(text: str) -> str:
    """Lines of a paragraph joined (the build joins a page-layout line break in Chinese text)."""
    return SOFT_BREAK.sub("", text)


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def scan(texts: list[str], query: str) -> int:
    """Articles holding every term (a brute-force scan of the Markdown: approximate)."""
    terms = fold(query).split()
    return sum(all(t in text for t in terms) for text in texts) if terms else 0


def long_pieces(items: list[dict], sizes: list[int], seed: int = 1) -> list[str]:
    """A piece of each size from the bodies' paragraphs (no spaces, no Markdown
    marks, a Chinese character at each end: what a reader would paste)."""
    chooser, out = random.Random(seed), []
    for size in sizes:
        while True:
            body = joined(chooser.choice(items)["body"])
            lines = [ln for ln in body.splitlines() if len(ln) > size and ln[0] != "#"]
            if lines:
                line = chooser.choice(lines)
                start = chooser.randrange(len(line) - size)
                piece = line[start : start + size]
                plain = not any(ch.isspace() or ch in "*_`[]#" for ch in piece)
                if plain and HAN.match(piece[0]) and HAN.match(piece[-1]):
                    out.append(piece)
                    break
    return out


def query_list(items: list[dict], texts: list[str]) -> list[tuple[str, str]]:
    """(kind, query): the first is the one the later queries follow."""
    out = [("short", "网格"), ("short", "医保"), ("short", "县")]
    out += [("long", p) for p in long_pieces(items, [4, 6, 9, 12])]
    if scan(texts, "乡村振兴"):
        out.append(("common long", "乡村振兴"))
    out += [("nowhere", "不存在的字串"), ("digits", "2023"), ("latin", "NBA"), ("multi", "党员 干部")]
    out.append(("multi", "网格 " + out[3][1]))
    return out


def build(site: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's newsgen
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsgen", "build"], cwd=site, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def folder_bytes(folder: Path) -> dict[str, int]:
    """Bytes on disk per top-level entry of ``folder``."""
    out: dict[str, int] = {}
    for p in folder.rglob("*"):
        if p.is_file():
            top = p.relative_to(folder).parts[0]
            out[top] = out.get(top, 0) + p.stat().st_size
    return out


@contextlib.contextmanager
def http_server(folder: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "http.server", "-b", "127.0.0.1", "-d", str(folder), str(port)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait()


# ---------------------------------------------------------------- the browser


class Traffic:
    """Every response the page received (CDP), by kind of file."""

    def __init__(self, page, latency_ms: float = 0):
        self.urls: dict[str, str] = {}
        self.body: dict[str, int] = {}
        self.wire: dict[str, int] = {}
        self.open: set[str] = set()
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._done)
        cdp.on("Network.loadingFailed", lambda e: self.open.discard(e["requestId"]))
        cdp.send("Network.enable")
        if latency_ms:  # each request's round trip, as a phone's network adds it
            conditions = {"offline": False, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1}
            cdp.send("Network.emulateNetworkConditions", conditions)
        self.cdp = cdp

    def _sent(self, e):
        self.urls[e["requestId"]] = e["request"]["url"]
        self.open.add(e["requestId"])

    def _data(self, e):
        self.body[e["requestId"]] = self.body.get(e["requestId"], 0) + e["dataLength"]

    def _done(self, e):
        self.wire[e["requestId"]] = int(e["encodedDataLength"])
        self.open.discard(e["requestId"])

    def mark(self) -> set[str]:
        return set(self.wire)

    def since(self, mark: set[str]) -> dict:
        ids = [i for i in self.wire if i not in mark]
        kinds: dict[str, int] = {}
        for i in ids:
            kind = kind_of(self.urls.get(i, ""))
            kinds[kind] = kinds.get(kind, 0) + self.wire[i]
        return {
            "requests": len(ids),
            "wire": sum(self.wire[i] for i in ids),
            "body": sum(self.body.get(i, 0) for i in ids),
            "kinds": kinds,
        }

    def settle(self, page) -> None:
        for _ in range(100):
            if not self.open:
                return
            page.wait_for_timeout(20)


def kind_of(url: str) -> str:
    if "/search/index/" in url:
        return "index"
    if "search-engine.js" in url or "search.js" in url:
        return "code"
    if "/search/" in url:
        return "page"
    return "other"


def new_page(browser, latency_ms: float):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.add_init_script(PROBE)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page, Traffic(page, latency_ms)


def count_shown(page, seen: int) -> int | str:
    """The count once the page shows it, or the page's message if it says the search failed."""
    page.wait_for_function(
        "n => window.__bench.shown.length > n || (document.getElementById('search-status')?.textContent || '').includes('不可用')",
        arg=seen,
        polling="raf",
    )
    if page.evaluate("window.__bench.shown.length") > seen:
        return int(page.locator("#search-count").get_attribute("data-count"))
    return "failed: " + page.locator("#search-status").inner_text()


def first_query(browser, url: str, query: str, latency_ms: float) -> dict:
    page, traffic = new_page(browser, latency_ms)
    started = time.perf_counter()
    page.goto(f"{url}search/?q={quote(query)}", wait_until="commit")
    hits = count_shown(page, 0)
    wall = (time.perf_counter() - started) * 1000
    ms = page.evaluate("window.__bench.shown[0]") if isinstance(hits, int) else wall
    traffic.settle(page)
    out = {"hits": hits, "ms": ms, "wall_ms": wall, **traffic.since(set())}
    page.context.close()
    return out


def later_query(browser, url: str, first: str, query: str, latency_ms: float) -> dict:
    """``query`` typed into the box of a page that showed ``first`` (by its link)."""
    page, traffic = new_page(browser, latency_ms)
    page.goto(f"{url}search/?q={quote(first)}", wait_until="commit")
    count_shown(page, 0)
    traffic.settle(page)
    mark = traffic.mark()
    box = page.locator("#search-q")
    box.fill(query)
    started = time.perf_counter()
    box.press("Enter")
    hits = count_shown(page, 1)
    wall = (time.perf_counter() - started) * 1000
    ms = page.evaluate("window.__bench.shown.at(-1) - window.__bench.submits.at(-1)") if isinstance(hits, int) else wall
    traffic.settle(page)
    out = {"hits": hits, "ms": ms, "wall_ms": wall, **traffic.since(mark)}
    page.context.close()
    return out


# ---------------------------------------------------------------- one size


def bench_size(browser, size: int, work: Path, runs: int, latency_ms: float) -> dict:
    site = corpus(work, size, "newsgen")
    seconds = build(site)
    items = articles(site)
    texts = [fold(indexed_text(a)) for a in items]
    text_bytes = sum(len(indexed_text(a).encode()) for a in items)
    index = folder_bytes(site / "site" / "search" / "index")
    queries = query_list(items, texts)
    rows = [{"kind": kind, "query": q, "scan": scan(texts, q)} for kind, q in queries]
    with http_server(site / "site") as url:
        for row in rows:
            tries = [first_query(browser, url, row["query"], latency_ms) for _ in range(runs)]
            row["first"] = {**tries[0], "ms": statistics.median(t["ms"] for t in tries)}
            row["first"]["wall_ms"] = statistics.median(t["wall_ms"] for t in tries)
            row["first"]["ms_runs"] = [round(t["ms"], 1) for t in tries]
            print(
                f"  {size} {row['query']}: {row['first']['ms']:.0f} ms, {kb(row['first']['wire'])} KB", file=sys.stderr
            )
        for row in rows[1:]:
            row["later"] = later_query(browser, url, rows[0]["query"], row["query"], latency_ms)
    return {
        "articles": size,
        "latency_ms": latency_ms,
        "load_average": os.getloadavg(),
        "build_s": seconds,
        "index_bytes": index,
        "indexed_text_bytes": text_bytes,
        "queries": rows,
    }


def kb(n: float) -> str:
    return f"{n / 1000:.1f}"


def table(fig: dict) -> str:
    index = sum(fig["index_bytes"].values())
    ratio = index / fig["indexed_text_bytes"]
    parts = ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sorted(fig["index_bytes"].items()))
    lines = [
        f"\n{fig['articles']:,} articles (build {fig['build_s']:.0f} s; load average after"
        f" {' '.join(f'{x:.1f}' for x in fig['load_average'])} on {os.cpu_count()} CPUs;"
        f" {fig['latency_ms']:.0f} ms added to each round trip)",
        f"index on disk {index / 1e6:.2f} MB ({parts}); indexed text ≈ {fig['indexed_text_bytes'] / 1e6:.2f} MB"
        f" (Markdown bodies + front-matter text fields); {ratio:.2f}× "
        + ("ok" if ratio <= INDEX_RATIO else f"OVER {INDEX_RATIO}×"),
        "| kind | query | hits | scan≈ | first ms | wall ms | first KB | code KB | index KB | req"
        " | later ms | later KB | req | target |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in fig["queries"]:
        f, later = row["first"], row.get("later")
        over = []
        if f["ms"] > FIRST_MS:
            over.append(f"first > {FIRST_MS} ms")
        if f["wire"] > FIRST_KB * 1000:
            over.append(f"first > {FIRST_KB} KB")
        if later and later["wire"] > LATER_KB * 1000:
            over.append(f"later > {LATER_KB} KB")
        for run, what in ((f, "first"), (later, "later")):
            if run and not isinstance(run["hits"], int):
                over.append(f"{what} query failed after {run['wall_ms'] / 1000:.0f} s ({run['hits'][8:]})")
        if later and later["hits"] != f["hits"]:
            over.append("later count differs")
        cells = [
            row["kind"],
            row["query"],
            str(f["hits"]) if isinstance(f["hits"], int) else "FAILED",
            str(row["scan"]),
            f"{f['ms']:.0f}",
            f"{f['wall_ms']:.0f}",
            kb(f["wire"]),
            kb(f["kinds"].get("code", 0)),
            kb(f["kinds"].get("index", 0)),
            str(f["requests"]),
            f"{later['ms']:.0f}" if later else "(first)",
            kb(later["wire"]) if later else "",
            str(later["requests"]) if later else "",
            "; ".join(over) or "ok",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", default="2000,20000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsgen-bench-search"))
    parser.add_argument("--runs", type=int, default=3, help="fresh contexts per first query (median time)")
    parser.add_argument("--latency", type=float, default=0, help="ms added to each request's round trip (0: loopback)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    figures = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for size in (int(s) for s in args.articles.split(",")):
                figures.append(bench_size(browser, size, args.work, args.runs, args.latency))
                print(table(figures[-1]), flush=True)
        finally:
            browser.close()
    out = args.work / "results-search-browser.json"
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=1), "utf-8")
    print(f"\nfigures in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
