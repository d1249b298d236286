#!/usr/bin/env python3
"""How well newsgen import reads random fixture pages: the share of
articles' fields read right and of zones overlapping the rectangle set by
IoU >= 0.9 and >= 0.8, per font variant, and every zone below 0.9.

    python bench/measure_pdf_import.py [--pages 40] [--first 0] [--fonts cid ttf unmapped] [--run-in] [--stroked]

The pages are tests/pdf_fixtures.py's ``make_page(seed, font)`` for seeds
``first`` to ``first + pages - 1``: use seeds the tests do not (they use
0-7) to measure on pages nothing was tuned on. "unmapped" pages have
their text refused: only their zones are measured.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from newsgen.importer.pdf import open_pdf, read_page  # noqa: E402
from newsgen.importer.pdf_page import parse_pdf_page  # noqa: E402
from newsgen.importer.unread import stub_page  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--fonts", nargs="+", default=["cid", "ttf"])
    parser.add_argument("--quiet", action="store_true", help="no list of the zones below 0.9")
    parser.add_argument("--run-in", action="store_true", help="briefs with bold run-in titles (ttf only)")
    parser.add_argument("--stroked", action="store_true", help="run-in titles in fake bold (fill and stroke), any font")
    args = parser.parse_args()
    from pdf_fixtures import make_page
    from test_importer_pdf import fields, fields_of, iou, percent

    for font in args.fonts:
        right = total = zones = high = close = 0
        misses = []
        for seed in range(args.first, args.first + args.pages):
            run_in = args.stroked or args.run_in and font == "ttf"
            fixture = make_page(seed, font, run_in=run_in, stroked=args.stroked)
            raw = read_page(open_pdf(fixture.pdf), 0)
            page, share = parse_pdf_page(raw)
            if font == "unmapped":
                page, _sound = stub_page(page, raw)
            got = [(fields_of(a), "".join(a.body), a.area) for a in page.articles]
            for truth in fixture.articles:
                want = percent(truth.rect, fixture.width, fixture.height)
                best = max(got, key=lambda g: iou(g[2], want) if g[2] else 0.0, default=None)
                score = iou(best[2], want) if best and best[2] else 0.0
                zones += 1
                high += score >= 0.9
                close += score >= 0.8
                if score < 0.9:
                    misses.append((seed, truth.kind, truth.title, round(score, 3), want, best[2] if best else None))
                if font != "unmapped" and best is not None:
                    right += sum(a == b for a, b in zip(best[0], fields(truth), strict=True))
                    right += best[1] == "".join(truth.paragraphs)
                total += 7
        text = f"fields {100 * right / total:.1f} %, " if font != "unmapped" else ""
        print(
            f"{font}: {args.pages} pages, {zones} zones: {text}"
            f"IoU >= 0.9 {100 * high / zones:.1f} %, IoU >= 0.8 {100 * close / zones:.1f} %"
        )
        if not args.quiet:
            for seed, kind, title, score, want, got_area in misses:
                rounded = [round(v, 1) for v in got_area] if got_area else None
                print(f"  seed {seed} {kind} {title}: IoU {score} set {[round(v, 1) for v in want]} read {rounded}")


if __name__ == "__main__":
    main()
