#!/usr/bin/env python3
"""newsgen beside Hugo, Pelican and the Python floor, on the same corpus.

    python bench/bench_build.py [--sizes 5000,20000] [--work /tmp/newsgen-bench] [--runs 1] [--skip pelican]

For each size: makes the corpus with ../shared/bench/gen_corpus.py in the
three formats (same articles), installs Hugo (apt-get) and Pelican (pip)
when they are missing, then times, with ../shared/bench/timecmd.py (wall,
CPU, peak memory of the largest process):

    newsgen cold        the default build (search index on): empty output and cache
    newsgen no change   the same build again
    newsgen one edit    one article's body changed: a paragraph added at its end
                        (and the files it wrote to the output)
    newsgen one word    one word put into the middle of its first paragraph
                        (put_word.py: what an editor's mend does to the index)
    newsgen --no-search the same three without the search index
    hugo                hugo --quiet -d OUT (it rebuilds everything every time)
    hugo + pagefind     Pagefind over Hugo's output (the setup a Hugo site uses)
    pelican             pelican content -o OUT -s pelicanconf.py
    floor               floor.py --jobs 2 (read, front matter, Markdown, one template, write)

and prints a table with each figure and its ratios. Figures come from one
run (the machines are noisy: compare ratios taken in the same run).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "bench"


def sh(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, **kw)


def ensure_tools(skip: set[str]) -> None:
    if "hugo" not in skip and not shutil.which("hugo"):
        sh(["apt-get", "install", "-y", "-qq", "hugo"])
    if (
        "pagefind" not in skip
        and subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True).returncode
    ):
        sh([sys.executable, "-m", "pip", "install", "-q", "pagefind[bin]"])
    if "pelican" not in skip and not shutil.which("pelican"):
        sh([sys.executable, "-m", "pip", "install", "-q", "pelican", "markdown"])


def corpus(work: Path, size: int, fmt: str) -> Path:
    folder = work / "corpus" / f"{fmt}-{size}"
    if not folder.exists():
        sh(
            [sys.executable, str(SHARED / "gen_corpus.py"), str(folder), "--articles", str(size), "--format", fmt],
            stdout=subprocess.DEVNULL,
        )
    return folder


def timed(label: str, cmd: list[str], cwd: Path, prep: str, runs: int, results: Path, warmup: int = 0) -> dict:
    sh(
        [
            sys.executable,
            str(SHARED / "timecmd.py"),
            "--runs",
            str(runs),
            "--warmup",
            str(warmup),
            "--prep",
            prep,
            "--cwd",
            str(cwd),
            "--label",
            label,
            "--jsonl",
            str(results),
            "--",
            *cmd,
        ],
        env={**os.environ, "PYTHONPATH": str(REPO)},  # this checkout's newsgen, whatever is installed
    )
    return json.loads(results.read_text().splitlines()[-1])


def written_bytes(folder: Path, since: float) -> int:
    """Bytes of the files under ``folder`` made or replaced after ``since``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.stat().st_mtime >= since)


def bench_size(size: int, work: Path, runs: int, skip: set[str]) -> dict[str, dict]:
    results = work / f"results-{size}.jsonl"
    out = work / "out"
    figures = {}
    site = corpus(work, size, "newsgen")
    # An article in the middle of the archive (a banner has no paragraph to mend).
    middle = sorted((site / "content").glob("*/*.md"))[size // 2 :]
    edited = next(p for p in middle if "\nkind: banner" not in p.read_text(encoding="utf-8"))
    edits = {
        "one edit": f"printf '\\n编辑后的一段。\\n' >> {edited}",
        "one word": f"{sys.executable} {REPO / 'bench' / 'put_word.py'} {edited}",
    }
    for label, extra in (("", []), (" --no-search", ["--no-search"])):
        target = out / f"newsgen-{size}{label.replace(' --', '-')}"
        newsgen = [sys.executable, "-m", "newsgen", "build", *extra, "--out", str(target)]
        clean = f"rm -rf {target} {target.parent}/.{target.name}.newsgen-standby {site}/.newsgen-cache"
        figures[f"newsgen cold{label}"] = timed(f"newsgen cold{label}", newsgen, site, clean, runs, results)
        figures[f"newsgen no change{label}"] = timed(f"newsgen no change{label}", newsgen, site, "true", runs, results)
        # one edit untimed first: the first build after a cold one makes the
        # standby copy of the site (a hardlink per file, once)
        import time

        for name, edit in edits.items():
            since = time.time()
            figures[f"newsgen {name}{label}"] = timed(
                f"newsgen {name}{label}", newsgen, site, edit, runs, results, warmup=1
            )
            figures[f"newsgen {name}{label}"]["written_mib"] = written_bytes(target, since) / 2**20 / (runs + 1)
    if "hugo" not in skip:
        figures["hugo"] = timed(
            "hugo",
            ["hugo", "--quiet", "-d", str(out / f"hugo-{size}")],
            corpus(work, size, "hugo"),
            f"rm -rf {out}/hugo-{size}",
            runs,
            results,
        )
        if "pagefind" not in skip:
            figures["pagefind over hugo"] = timed(
                "pagefind over hugo",
                [sys.executable, "-m", "pagefind", "--site", str(out / f"hugo-{size}"), "--quiet"],
                corpus(work, size, "hugo"),
                f"rm -rf {out}/hugo-{size}/pagefind",
                1,
                results,
            )
    if "pelican" not in skip:
        figures["pelican"] = timed(
            "pelican",
            ["pelican", "content", "-o", str(out / f"pelican-{size}"), "-s", "pelicanconf.py", "-q"],
            corpus(work, size, "pelican"),
            f"rm -rf {out}/pelican-{size}",
            runs,
            results,
        )
    if "floor" not in skip:
        figures["floor"] = timed(
            "floor",
            [sys.executable, str(SHARED / "floor.py"), str(site), str(out / f"floor-{size}"), "--jobs", "2"],
            site,
            f"rm -rf {out}/floor-{size}",
            runs,
            results,
        )
    return figures


def table(size: int, figures: dict[str, dict]) -> str:
    cold = figures["newsgen cold"]["wall"]["median"]
    rows = [
        f"\n{size:,} articles",
        "| run | wall s | peak MiB | newsgen cold ÷ this | this ÷ newsgen no change |",
        "|---|---|---|---|---|",
    ]
    quiet = figures["newsgen no change"]["wall"]["median"]
    for name, fig in figures.items():
        wall = fig["wall"]["median"]
        rows.append(
            f"| {name} | {wall:.2f} | {fig['peak_mib']['median']:.0f} | {cold / wall:.2f} | {wall / quiet:.1f} |"
            + (f" wrote {fig['written_mib']:.2f} MiB" if "written_mib" in fig else "")
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsgen-bench"))
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--skip", default="", help="comma-separated: hugo, pagefind, pelican, floor")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    ensure_tools(skip)
    sizes = [int(s) for s in args.sizes.split(",")]
    report = [table(size, bench_size(size, args.work, args.runs, skip)) for size in sizes]
    print("\n".join(report))


if __name__ == "__main__":
    main()
