#!/usr/bin/env python3
"""newsgen's image pipeline, timed: seconds per photo, cold and warm cache.

    python bench/bench_images_newsgen.py IMAGES_DIR [--jobs 1,2] [--limit K] [--rounds R]

For each --jobs value: process_images() on every .jpg/.png/.webp/.gif under
IMAGES_DIR with an empty cache (cold: decode, 3 widths, WebP + fallback,
written to the cache), then again (warm: nothing decoded), then
publish_variants() of everything to an empty output folder.  Rounds
alternate the --jobs values (this machine's speed drifts; compare within a
round).  Peak RSS of this process and of the largest worker are printed.
Compare with shared/bench/bench_images.py on the same folder.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsgen.images.process import ImageSettings, process_images, publish_variants  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (the pool's workers)."""
    return sum(
        resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )


def one_round(images: Path, refs: list[str], jobs: int, tmp: Path) -> dict:
    cache, out = tmp / f"cache-{jobs}", tmp / f"site-{jobs}"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    cpu0 = _cpu()
    t0 = time.perf_counter()
    done, errors = process_images(images, refs, ImageSettings(), cache, jobs)
    t1 = time.perf_counter()
    cpu = _cpu() - cpu0
    again, _ = process_images(images, refs, ImageSettings(), cache, jobs)
    t2 = time.perf_counter()
    for ref, p in done.items():
        publish_variants(p, cache, out / Path(ref).parent)
    t3 = time.perf_counter()
    assert again == done and not errors, errors[:3]
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return {
        "cold": (t1 - t0) / len(refs),
        "cpu": cpu / len(refs),
        "warm": (t2 - t1) / len(refs),
        "publish": (t3 - t2) / len(refs),
        "kib": size / len(refs) / 1024,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("images", type=Path)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--rounds", type=int, default=1)
    a = ap.parse_args()
    refs = sorted(
        str(p.relative_to(a.images))
        for p in a.images.rglob("*")
        if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".gif")
    )[: a.limit]
    if not refs:
        ap.error(f"no images under {a.images}")
    jobs_list = [int(j) for j in a.jobs.split(",")]
    results: dict[int, list[dict]] = {j: [] for j in jobs_list}
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        for r in range(a.rounds):
            for j in jobs_list:
                res = one_round(a.images, refs, j, Path(tmp))
                results[j].append(res)
                print(
                    f"round {r + 1} jobs={j}: cold {res['cold']:.3f} s/photo ({res['cpu']:.3f} CPU-s), warm {res['warm'] * 1000:.2f} "
                    f"ms/photo, publish {res['publish'] * 1000:.2f} ms/photo, {res['kib']:.0f} KiB out/photo",
                    flush=True,
                )
    print(f"{len(refs)} images, {a.rounds} round(s), medians:")
    for j, rs in results.items():
        print(
            f"  jobs={j}: cold {statistics.median(r['cold'] for r in rs):.3f} s/photo "
            f"({statistics.median(r['cpu'] for r in rs):.3f} CPU-s), "
            f"warm {statistics.median(r['warm'] for r in rs) * 1000:.2f} ms/photo"
        )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: this process {own:.0f} MiB, largest worker {kids:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
