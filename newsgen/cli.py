"""The command line: the only module that prints. Exit codes: 0 success,
1 content or configuration errors, 2 usage errors."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from newsgen import __version__, progress
from newsgen.build.phases import BuildOptions, build
from newsgen.config import load_config
from newsgen.console import print_diagnostics, summary_line
from newsgen.errors import has_errors
from newsgen.i18n import ENGLISH_TEXT, Translator, choose_language, msg
from newsgen.scaffold import new_article, new_edition


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    translator = Translator(choose_language(os.environ, site_language(_root_in(argv))))
    t = translator.text
    parser = make_parser(translator)
    args = parser.parse_args(argv)
    args.translator = translator
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print(t(msg("interrupted")), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in newsgen, not in the content
        if getattr(args, "debug", False):
            raise
        text = msg(
            "newsgen: internal error: {error} (run with --debug for details)", error=f"{type(exc).__name__}: {exc}"
        )
        print(t(text), file=sys.stderr)
        return 3


def site_language(root: Path) -> str:
    """The site's ``language`` (newsgen.yaml), for when the environment names none."""
    config, _problems = load_config(root)
    return config.language if config is not None else "zh-CN"


def _root_in(argv: list[str]) -> Path:
    for index, arg in enumerate(argv):
        if arg == "--root" and index + 1 < len(argv):
            return Path(argv[index + 1])
        if arg.startswith("--root="):
            return Path(arg[len("--root=") :])
    return Path(".")


class Parser(argparse.ArgumentParser):
    """argparse, with its own words (usage, options, error) translated."""

    def __init__(self, *args, translator: Translator = ENGLISH_TEXT, **kwargs):
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.translator = translator
        self._positionals.title = translator.text(msg("positional arguments"))
        self._optionals.title = translator.text(msg("options"))
        self.add_argument("-h", "--help", action="help", help=translator.text(msg("show this help message and exit")))

    def _get_formatter(self):
        formatter = super()._get_formatter()
        add_usage, prefix = formatter.add_usage, self.translator.text(msg("usage: "))
        formatter.add_usage = lambda usage, actions, groups, given=None: add_usage(
            usage, actions, groups, prefix if given is None else given
        )
        return formatter

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(
            2, f"{self.prog}: {self.translator.text(msg('error'))}: {self.translator.text(_usage_error(message))}\n"
        )


# argparse's own messages, as it words them (Python 3.10 to 3.13).
USAGE_ERRORS = (
    (r"argument (?P<name>[^:]+): (?P<problem>.*)", lambda **a: msg("argument {name}: {problem}", **a)),
    (r"the following arguments are required: (?P<names>.*)", lambda **a: msg("required: {names}", **a)),
    (r"unrecognized arguments: (?P<args>.*)", lambda **a: msg("unrecognized arguments: {args}", **a)),
    (
        r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)",
        lambda **a: msg("invalid choice: {value} (choose from {choices})", **a),
    ),
    (r"expected one argument", lambda **a: msg("expected one argument")),
)


def _usage_error(message: str):
    """An argparse error as a message to translate (the inner one too)."""
    for pattern, make in USAGE_ERRORS:
        match = re.fullmatch(pattern, message, re.S)
        if match:
            return make(**{name: _usage_error(value) for name, value in match.groupdict().items()})
    return message


def make_parser(translator: Translator = ENGLISH_TEXT) -> argparse.ArgumentParser:
    t = translator.text
    parser = Parser(
        prog="newsgen",
        description=t(msg("Static site generator for a newspaper's digital edition.")),
        translator=translator,
    )
    parser.add_argument(
        "--version", action="version", version=f"newsgen {__version__}", help=t(msg("show the version and exit"))
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name, help):
        return sub.add_parser(name, help=help, description=help, translator=translator)

    def common(p):
        p.add_argument("--root", type=Path, default=Path("."), help=t(msg("site root (default: .)")))
        p.add_argument("--debug", action="store_true", help=t(msg("show tracebacks of internal errors")))

    drafts, strict = t(msg("include articles marked draft")), t(msg("treat warnings as errors (for CI)"))
    positive = partial(_positive, translator=translator)
    p = command("build", t(msg("build the site into site/")))
    common(p)
    p.add_argument("--out", type=Path, help=t(msg("output folder (default: ROOT/site)")))
    p.add_argument("--drafts", action="store_true", help=drafts)
    p.add_argument("--strict", action="store_true", help=strict)
    p.add_argument("--jobs", "-j", type=positive, default=0, help=t(msg("worker processes (default: all cores)")))
    p.add_argument("--no-search", action="store_true", help=t(msg("do not build the search index this time")))
    p.set_defaults(run=cmd_build)

    p = command("check", t(msg("validate the content; write nothing")))
    common(p)
    p.add_argument("--drafts", action="store_true", help=drafts)
    p.add_argument("--strict", action="store_true", help=t(msg("treat warnings as errors and check links")))
    p.set_defaults(run=cmd_check)

    _add_content_commands(command, common, translator)
    p = command("serve", t(msg("build, serve and rebuild on change (live preview)")))
    common(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--drafts", action="store_true", help=drafts)
    p.add_argument("--out", type=Path, help=t(msg("preview folder (default: a folder in the cache)")))
    p.set_defaults(run=cmd_serve)
    return parser


def _add_content_commands(command, common, translator: Translator) -> None:
    """newsgen new edition|article, newsgen import."""
    t = translator.text
    date, positive = partial(_date, translator=translator), partial(_positive, translator=translator)
    p = command("new", t(msg("scaffold an edition or an article")))
    new = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    e = new.add_parser("edition", help="content/DATE/edition.yaml", translator=translator)
    common(e)
    e.add_argument("date", type=date)
    e.set_defaults(run=cmd_new_edition)
    a = new.add_parser("article", help="content/DATE/SLUG.md", translator=translator)
    common(a)
    a.add_argument("date", type=date)
    a.add_argument("slug")
    a.add_argument("--page", type=positive, required=True)
    a.add_argument("--kind", choices=("article", "picture", "banner", "notice"), default="article")
    a.set_defaults(run=cmd_new_article)

    p = command("import", t(msg("turn the raw text of a printed page into articles")))
    common(p)
    p.add_argument("page_file", type=Path, metavar="PAGE.txt")
    p.add_argument("--date", type=date, required=True)
    p.add_argument("--page", type=positive, required=True)
    p.add_argument("--page-name", default="")
    p.add_argument("--dry-run", action="store_true", help=t(msg("print what was found; write nothing")))
    p.add_argument("--force", action="store_true", help=t(msg("overwrite existing article files")))
    p.add_argument("--keep-punctuation", action="store_true", help=t(msg("keep half-width punctuation as it is")))
    p.set_defaults(run=cmd_import)


def _date(text: str, translator: Translator = ENGLISH_TEXT) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problem = msg("'{text}' is not a date (YYYY-MM-DD)", text=text)
        raise argparse.ArgumentTypeError(translator.text(problem)) from None


def _positive(text: str, translator: Translator = ENGLISH_TEXT) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(translator.text(msg("'{text}' is not a whole number", text=text))) from None
    if value < 1:
        raise argparse.ArgumentTypeError(translator.text(msg("must be at least 1")))
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
    print_diagnostics(report.diagnostics, args.translator)
    print(summary_line(report, True, args.translator), file=sys.stderr if report.failed else sys.stdout)
    return 1 if report.failed else 0


def cmd_check(args) -> int:
    report = build(BuildOptions(root=args.root, drafts=args.drafts, strict=args.strict, write=False))
    print_diagnostics(report.diagnostics, args.translator)
    print(summary_line(report, False, args.translator), file=sys.stderr if report.failed else sys.stdout)
    return 1 if report.failed else 0


def cmd_new_edition(args) -> int:
    diagnostics, created = new_edition(args.root, args.date)
    return _report_scaffold(diagnostics, created, args.translator)


def cmd_new_article(args) -> int:
    diagnostics, created = new_article(args.root, args.date, args.slug, args.page, args.kind)
    return _report_scaffold(diagnostics, created, args.translator)


def _report_scaffold(diagnostics, created, translator: Translator) -> int:
    print_diagnostics(diagnostics, translator)
    if created:
        print(translator.text(msg("created {path}", path=created)))
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
        out=sys.stdout,
    )
    print_diagnostics(diagnostics, args.translator)
    return 1 if has_errors(diagnostics) else 0


def cmd_serve(args) -> int:
    from newsgen.preview.server import serve

    return serve(
        root=args.root, host=args.host, port=args.port, drafts=args.drafts, out=args.out, translator=args.translator
    )
