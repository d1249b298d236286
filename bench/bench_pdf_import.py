#!/usr/bin/env python3
"""newsgen import PAGE.pdf: seconds per page to read it, find its articles
and zones, and render the page image, against the target of 1 s a page.

    python bench/bench_pdf_import.py [--pages 8] [--runs 3]

The pages: the sample's page 3 (the seed page as a layout PDF, 1000 x 1414
pt, about 3,600 characters, embedded TrueType) and random A3 fixture pages
from tests/pdf_fixtures.py in both font variants (needs reportlab and
fonts-wqy-microhei). For each page, the best of ``--runs`` of:

    read     open the PDF, characters with boxes, pictures and rules
    layout   lines, stories, the shared rules, zones (parse_pdf_page)
    render   the page at 150 dpi, encoded as the scan's JPEG

Figures come from one run of this script; the machine is shared, so read
the ratios, not the last digit.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from newsgen.importer.pdf import open_pdf, read_page, render_page  # noqa: E402
from newsgen.importer.pdf_command import DPI  # noqa: E402
from newsgen.importer.pdf_page import parse_pdf_page  # noqa: E402


def timed(data: bytes) -> tuple[float, float, float, int]:
    start = time.perf_counter()
    document = open_pdf(data)
    raw = read_page(document, 0)
    read = time.perf_counter()
    page, _share = parse_pdf_page(raw)
    laid = time.perf_counter()
    image = render_page(document, 0, DPI)
    image.save(io.BytesIO(), "JPEG", quality=80, optimize=True, progressive=True)
    done = time.perf_counter()
    return read - start, laid - read, done - laid, len(page.articles)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=8, help="random fixture pages per font variant")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from pdf_fixtures import make_page

    pages = [("sample p03 (seed page)", (HERE.parent / "images/2024-01-10/p03.pdf").read_bytes())]
    pages += [
        (f"fixture {font} {seed}", make_page(seed, font).pdf) for font in ("cid", "ttf") for seed in range(args.pages)
    ]
    timed(pages[0][1])  # PDFium's first page load and render set up fonts: not a page's cost
    rows = []
    for name, data in pages:
        best = min((timed(data) for _ in range(args.runs)), key=lambda t: sum(t[:3]))
        rows.append((name, *best))
    print(f"{'page':26} {'read':>7} {'layout':>7} {'render':>7} {'total':>7}  articles")
    for name, read, laid, render, count in rows:
        print(f"{name:26} {read:7.3f} {laid:7.3f} {render:7.3f} {read + laid + render:7.3f}  {count}")
    totals = [r[1] + r[2] + r[3] for r in rows]
    print(f"median {statistics.median(totals):.3f} s a page, slowest {max(totals):.3f} s (target 1 s)")


if __name__ == "__main__":
    main()
