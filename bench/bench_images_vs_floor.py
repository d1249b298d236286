#!/usr/bin/env python3
"""newsgen's image pipeline beside Pillow's floor, on the same photos, in one run.

    python bench/bench_images_vs_floor.py [--photos DIR] [--jobs 2] [--rounds 2]

Photos: by default those of ``gen_corpus.py OUT --articles 2000 --images 200``
(made under /tmp/newsgen-bench if missing). Each round runs, back to back,
the floor (../shared/bench/bench_images.py: open, transpose, 3 widths, WebP +
JPEG, no metadata) and newsgen's ``process_images`` with an empty cache
(cold), then again with the full cache (warm). Prints seconds per photo and
the ratios newsgen/floor (target ≤ 1.15) and warm/cold (target < 2 %).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "bench"
sys.path.insert(0, str(REPO))

from newsgen.images.process import ImageSettings, process_images  # noqa: E402


def photos(folder: Path | None) -> Path:
    if folder:
        return folder
    corpus = Path("/tmp/newsgen-bench/corpus/newsgen-2000-img200")
    if not corpus.exists():
        subprocess.run(
            [sys.executable, str(SHARED / "gen_corpus.py"), str(corpus), "--articles", "2000", "--images", "200"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return corpus / "images"


def floor(images: Path, jobs: int) -> float:
    out = subprocess.run(
        [sys.executable, str(SHARED / "bench_images.py"), str(images), "--jobs", str(jobs)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(re.search(r"baseline\s+([\d.]+) s/photo", out).group(1))


def newsgen(images: Path, jobs: int, cache: Path) -> tuple[float, float, int]:
    refs = sorted(p.relative_to(images).as_posix() for p in images.rglob("*.jpg"))
    shutil.rmtree(cache, ignore_errors=True)
    started = time.perf_counter()
    done, errors = process_images(images, refs, ImageSettings(), cache, jobs)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    process_images(images, refs, ImageSettings(), cache, jobs)
    warm = time.perf_counter() - started
    assert not errors, errors[:3]
    return cold / len(refs), warm / len(refs), len(refs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    images = photos(args.photos)
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(1, args.rounds + 1):
            floor_s = floor(images, args.jobs)
            cold, warm, count = newsgen(images, args.jobs, Path(tmp) / "cache")
            print(
                f"round {round_}: {count} photos, jobs={args.jobs}: floor {floor_s:.3f} s/photo, "
                f"newsgen cold {cold:.3f} s/photo ({cold / floor_s:.2f}x floor), "
                f"warm {warm * 1000:.1f} ms/photo ({warm / cold:.1%} of cold)"
            )


if __name__ == "__main__":
    main()
