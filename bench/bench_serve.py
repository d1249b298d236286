#!/usr/bin/env python3
"""Save-to-page-on-disk latency of ``newsgen serve`` on a large corpus.

    python bench/bench_serve.py [--corpus DIR] [--articles 10000] [--edits 7]
                                [--watch auto|inotify|poll] [--profile] [--code DIR]

1. Generates the corpus with /work/shared/bench/gen_corpus.py unless DIR
   already holds one (default /tmp/newsgen-serve-bench/corpus-10000).
2. Starts ``python -m newsgen serve`` on a free port of 127.0.0.1 (its first
   build is cold the first time: tens of seconds at 10,000 articles) and
   waits until the article's page is served.
3. For each edit: writes the article with a new sentence, then polls the
   article's page in the preview folder (every 2 ms) until it holds the
   sentence. That interval is "save -> page on disk". The server's own
   log line gives the build's share; the rest is detection + debounce.
4. Restores the article, stops the server with SIGINT.

``--profile`` then runs the same one-article rebuild in one process (the
build's phase clock over a few rounds, then cProfile) and prints where
build() spends it, for the note on the warm path.

The code measured is a snapshot of the working tree copied to
/tmp/newsgen-serve-bench/code (or ``--code DIR``): every cache key holds a
hash of newsgen's source (codeid.py), so an edit to any module while the
benchmark runs would otherwise turn a one-article rebuild into a full one.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = Path("/work/shared/bench/gen_corpus.py")
BUILT = re.compile(r" in ([\d.]+) s$")
DEBOUNCE_MS = 50


def ensure_corpus(corpus: Path, articles: int) -> None:
    if (corpus / "newsgen.yaml").is_file():
        print(f"corpus: reusing {corpus}")
        return
    print(f"corpus: generating {articles} articles in {corpus} ...", flush=True)
    subprocess.run(
        [sys.executable, str(GEN), str(corpus), "--articles", str(articles)], check=True, stdout=subprocess.DEVNULL
    )


def pick_article(corpus: Path) -> tuple[Path, str]:
    """A middle article without an explicit slug: its page is <date>/<stem>/."""
    files = sorted((corpus / "content").glob("*/*.md"))
    for path in files[len(files) // 2 :]:
        text = path.read_text("utf-8")
        if "\nslug:" not in text.split("\n---\n", 1)[0] and "kind:" not in text.split("\n---\n", 1)[0]:
            return path, f"{path.parent.name}/{path.stem}/index.html"
    raise SystemExit("no suitable article found")


def snapshot(dest: Path) -> Path:
    """A frozen copy of newsgen and its themes to measure."""
    if dest.exists():
        shutil.rmtree(dest)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "newsgen", dest / "newsgen", ignore=ignore)
    shutil.copytree(REPO / "themes", dest / "themes", ignore=ignore)
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``newsgen serve`` in a subprocess; its stderr lines are collected."""

    def __init__(self, corpus: Path, watch: str, code: Path):
        self.port = free_port()
        env = dict(os.environ, PYTHONPATH=str(code), NEWSGEN_WATCH=watch)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "newsgen", "serve", "--root", str(corpus), "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self.log: list[str] = []  # the lines with their arrival times, for --verbose
        self.url = ""
        threading.Thread(target=self._read, args=(self.proc.stderr,), daemon=True).start()
        threading.Thread(target=self._read_url, daemon=True).start()

    def _read(self, stream) -> None:
        started = time.perf_counter()
        for line in stream:
            self.lines.append(line.rstrip("\n"))
            self.log.append(f"{time.perf_counter() - started:9.3f}  {line.rstrip()}")

    def _read_url(self) -> None:
        for line in self.proc.stdout:
            match = re.search(r"(http://\S+)", line)
            if match:
                self.url = match.group(1)

    def builds(self) -> list[float]:
        return [float(m.group(1)) for line in self.lines if (m := BUILT.search(line)) and line.startswith("built ")]

    def wait_served(self, page: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            if self.url:
                try:
                    with urllib.request.urlopen(self.url + page.removesuffix("index.html"), timeout=5) as r:
                        if r.status == 200:
                            return
                except OSError:
                    pass
            time.sleep(0.2)
        raise SystemExit(f"server not up after {timeout} s:\n" + "\n".join(self.lines[-20:]))

    def wait_builds(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(self.builds()) < count and time.monotonic() < deadline:
            time.sleep(0.01)

    def peak_mib(self) -> float:
        """The server process's peak resident memory (Linux), 0 if unknown."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def wait_for_bytes(path: Path, needle: bytes, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if needle in path.read_bytes():
                return True
        except OSError:
            pass
        time.sleep(0.002)
    return False


def measure(corpus: Path, edits: int, watch: str, code: Path, verbose: bool = False) -> None:
    article, page = pick_article(corpus)
    target = corpus / ".newsgen-cache" / "preview" / page
    original = article.read_text("utf-8")
    server = Server(corpus, watch, code)
    started = time.monotonic()
    try:
        server.wait_served(page, timeout=900)
        print(
            f"server up after {time.monotonic() - started:.1f} s (first build {server.builds()[0]:.2f} s); "
            f"editing {article.relative_to(corpus)}",
            flush=True,
        )
        latencies, build_times = [], []
        for n in range(edits):
            time.sleep(0.5)  # a quiet server, as between an editor's saves
            done = len(server.builds())
            sentence = f"基准测试第{n}次修改{time.time_ns()}。"
            text = original.replace("\n---\n", f"\n---\n{sentence}", 1)
            t0 = time.perf_counter()
            server.log.append(f"--- edit {n} written")
            article.write_text(text, "utf-8")
            if not wait_for_bytes(target, sentence.encode()):
                raise SystemExit(f"edit {n}: the page never showed the change")
            latencies.append((time.perf_counter() - t0) * 1000)
            server.wait_builds(done + 1)
            build_times.append(server.builds()[-1] * 1000)
            print(
                f"  edit {n}: save -> page on disk {latencies[-1]:.0f} ms (build {build_times[-1]:.0f} ms)", flush=True
            )
    finally:
        article.write_text(original, "utf-8")
        time.sleep(1)
        peak = server.peak_mib()
        code = server.stop()
        if verbose:
            print("server log:\n  " + "\n  ".join(server.log))
    report(latencies, build_times, code, watch)
    print(f"server's peak memory: {peak:.0f} MiB")


def report(latencies: list[float], build_times: list[float], code: int, watch: str) -> None:
    def fig(values):
        return f"median {statistics.median(values):.0f}, min {min(values):.0f}, max {max(values):.0f} ms"

    rest = [lat - b for lat, b in zip(latencies, build_times)]
    print(f"\nwatcher: {watch}; load average {os.getloadavg()[0]:.2f}; server exit code {code}")
    print(f"save -> page on disk: {fig(latencies)} over {len(latencies)} edits")
    print(f"  of which build():   {fig(build_times)}")
    print(
        f"  the rest (detection + the {DEBOUNCE_MS} ms debounce; the page lands just before build() returns): "
        f"{fig(rest)}"
    )


def profile(corpus: Path, rounds: int = 5) -> None:
    """One warm one-article rebuild, as the server runs it (jobs=1): the
    build's own phase clock over a few rounds, then one under cProfile."""
    from newsgen.build import BuildOptions, build

    article, _page = pick_article(corpus)
    options = BuildOptions(corpus, out=corpus / ".newsgen-cache" / "preview", jobs=1)
    build(options)
    original = article.read_text("utf-8")
    phases: dict[str, list[float]] = {}
    totals = []
    try:
        for n in range(rounds):
            article.write_text(original.replace("\n---\n", f"\n---\n性能剖析{n}。", 1), "utf-8")
            result = build(options)
            totals.append(result.seconds * 1000)
            for phase, seconds in getattr(result, "phases", {}).items():
                phases.setdefault(phase, []).append(seconds * 1000)
        article.write_text(original.replace("\n---\n", "\n---\n性能剖析。", 1), "utf-8")
        profiler = cProfile.Profile()
        result = profiler.runcall(build, options)
    finally:
        article.write_text(original, "utf-8")
        build(options)
    print(
        f"\nin-process one-article rebuild (jobs=1), {rounds} rounds: median {statistics.median(totals):.0f} ms "
        f"(min {min(totals):.0f}, max {max(totals):.0f}); {result.rendered} tasks rendered, written {result.written}"
    )
    for phase, values in phases.items():
        print(f"  {phase:8} median {statistics.median(values):6.0f} ms")
    print(f"cProfile of one such rebuild: {result.seconds * 1000:.0f} ms under the profiler; cumulative by callee:")
    print_callees(pstats.Stats(profiler), "build.py", "build", depth=4)


def print_callees(stats: pstats.Stats, filename: str, name: str, depth: int, indent: str = "  ") -> None:
    entries = stats.stats  # func -> (cc, nc, tt, ct, callers)
    parent = next((f for f in entries if f[0].endswith(filename) and f[2] == name), None)
    if parent is None:
        return
    callees = []
    for func, (_cc, _nc, _tt, _ct, callers) in entries.items():
        if parent in callers:
            ct = callers[parent][3]
            callees.append((ct, func))
    for ct, func in sorted(callees, reverse=True):
        if ct < 0.005:
            break
        where = f"{Path(func[0]).name}:{func[2]}" if func[0] != "~" else func[2]
        print(f"{indent}{ct * 1000:7.0f} ms  {where}")
        if depth > 1 and "newsgen" in func[0]:
            print_callees(stats, Path(func[0]).name, func[2], depth - 1, indent + "    ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/newsgen-serve-bench/corpus-10000"))
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--watch", choices=("auto", "inotify", "poll"), default="auto")
    parser.add_argument("--profile", action="store_true", help="also profile one warm rebuild in one process")
    parser.add_argument("--code", type=Path, help="newsgen to measure (default: a snapshot of this tree)")
    parser.add_argument("--verbose", action="store_true", help="print the server's log with times")
    parser.add_argument("--profile-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.profile_only:
        return profile(args.corpus)
    ensure_corpus(args.corpus, args.articles)
    code = args.code or snapshot(Path("/tmp/newsgen-serve-bench/code"))
    code_id = subprocess.run(
        [sys.executable, "-c", "from newsgen.codeid import CODE_ID; print(CODE_ID)"],
        env=dict(os.environ, PYTHONPATH=str(code)),
        capture_output=True,
        text=True,
    ).stdout
    print(f"code: {code} (newsgen code id {code_id.strip() or '?'})")
    measure(args.corpus, args.edits, args.watch, code, args.verbose)
    if args.profile:
        subprocess.run(
            [sys.executable, __file__, "--corpus", str(args.corpus), "--profile-only"],
            env=dict(os.environ, PYTHONPATH=str(code)),
            check=True,
        )


if __name__ == "__main__":
    main()
