"""The command line: the only module that prints. Exit codes: 0 success,
1 content or configuration errors, 2 usage errors."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from newsgen import __version__, progress
from newsgen.build.phases import BuildOptions, build
from newsgen.console import print_diagnostics, summary_line
from newsgen.errors import has_errors
from newsgen.scaffold import new_article, new_edition


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in newsgen, not in the content
        if getattr(args, "debug", False):
            raise
        print(f"newsgen: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return 3


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsgen", description="Static site generator for a newspaper's digital edition."
    )
    parser.add_argument("--version", action="version", version=f"newsgen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p):
        p.add_argument("--root", type=Path, default=Path("."), help="site root (default: .)")
        p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")

    p = sub.add_parser("build", help="build the site into site/")
    common(p)
    p.add_argument("--out", type=Path, help="output folder (default: ROOT/site)")
    p.add_argument("--drafts", action="store_true", help="include articles marked draft")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (for CI)")
    p.add_argument("--jobs", "-j", type=_positive, default=0, help="worker processes (default: all cores)")
    p.add_argument("--no-search", action="store_true", help="do not build the search index this time")
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("check", help="validate the content; write nothing")
    common(p)
    p.add_argument("--drafts", action="store_true")
    p.add_argument("--strict", action="store_true")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("new", help="scaffold an edition or an article")
    new = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    e = new.add_parser("edition", help="content/DATE/edition.yaml")
    common(e)
    e.add_argument("date", type=_date)
    e.set_defaults(run=cmd_new_edition)
    a = new.add_parser("article", help="content/DATE/SLUG.md")
    common(a)
    a.add_argument("date", type=_date)
    a.add_argument("slug")
    a.add_argument("--page", type=_positive, required=True)
    a.add_argument("--kind", choices=("article", "picture", "banner", "notice"), default="article")
    a.set_defaults(run=cmd_new_article)

    p = sub.add_parser("import", help="turn a printed page (its text or its layout PDF) into articles")
    common(p)
    p.add_argument("page_file", type=Path, metavar="PAGE.txt|PAGE.pdf")
    p.add_argument("--date", type=_date, required=True)
    p.add_argument("--page", type=_positive, required=True)
    p.add_argument("--page-name", default="")
    p.add_argument("--dry-run", action="store_true", help="print what was found; write nothing")
    p.add_argument("--force", action="store_true", help="overwrite existing article files")
    p.add_argument("--keep-punctuation", action="store_true", help="keep half-width punctuation as it is")
    p.add_argument("--pages", type=_page_range, help="which pages of a PDF to import, e.g. 1-8 (default: all)")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("serve", help="build, serve and rebuild on change (live preview)")
    common(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--drafts", action="store_true")
    p.add_argument("--out", type=Path, help="preview folder (default: a folder in the cache)")
    p.set_defaults(run=cmd_serve)
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _page_range(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    low, high = _positive(first), _positive(last or first)
    if high < low:
        raise argparse.ArgumentTypeError(f"'{text}': the first page comes before the last")
    return low, high


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def cmd_build(args) -> int:
    bar = progress.for_stream(sys.stderr)
    try:
        report = build(
            BuildOptions(
                root=args.root,
                out=args.out,
                drafts=args.drafts,
                strict=args.strict,
                jobs=args.jobs,
                search=not args.no_search,
                progress=bar or progress.no_progress,
            )
        )
    finally:
        if bar:
            bar.close()
    print_diagnostics(report.diagnostics)
    print(summary_line(report, wrote=True), file=sys.stderr if report.failed else sys.stdout)
    return 1 if report.failed else 0


def cmd_check(args) -> int:
    report = build(BuildOptions(root=args.root, drafts=args.drafts, strict=args.strict, write=False))
    print_diagnostics(report.diagnostics)
    print(summary_line(report, wrote=False), file=sys.stderr if report.failed else sys.stdout)
    return 1 if report.failed else 0


def cmd_new_edition(args) -> int:
    diagnostics, created = new_edition(args.root, args.date)
    return _report_scaffold(diagnostics, created)


def cmd_new_article(args) -> int:
    diagnostics, created = new_article(args.root, args.date, args.slug, args.page, args.kind)
    return _report_scaffold(diagnostics, created)


def _report_scaffold(diagnostics, created) -> int:
    print_diagnostics(diagnostics)
    if created:
        print(f"created {created}")
    return 1 if has_errors(diagnostics) else 0


def cmd_import(args) -> int:
    from newsgen.importer.command import run_import

    diagnostics = run_import(
        args.page_file,
        date=args.date,
        page=args.page,
        page_name=args.page_name,
        root=args.root,
        dry_run=args.dry_run,
        force=args.force,
        keep_punctuation=args.keep_punctuation,
        pdf_pages=args.pages,
        out=sys.stdout,
    )
    print_diagnostics(diagnostics)
    return 1 if has_errors(diagnostics) else 0


def cmd_serve(args) -> int:
    from newsgen.preview.server import serve

    return serve(root=args.root, host=args.host, port=args.port, drafts=args.drafts, out=args.out)
