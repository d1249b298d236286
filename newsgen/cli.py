"""The command line: the only module that prints. Exit codes: 0 success,
1 content or configuration errors, 2 usage errors."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import re
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from newsgen import __version__, progress
from newsgen.build import BuildOptions, build
from newsgen.config import load_config
from newsgen.console import print_diagnostics, summary_line
from newsgen.content.editions import parse_time
from newsgen.content.publishing import today
from newsgen.errors import has_errors
from newsgen.i18n import ENGLISH_TEXT, Translator, choose_language, msg
from newsgen.scaffold import init_site, new_article, new_edition


def main(argv: Sequence[str] | None = None) -> int:
    own_process = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    translator = Translator(choose_language(os.environ, site_language(_root_in(argv))))
    t = translator.text
    parser = make_parser(translator)
    args = parser.parse_args(argv)
    args.translator = translator
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    # One build, and the process ends (not a call from other code, not serve): see _end_process.
    one_build = own_process and args.run in (cmd_build, cmd_check)
    if one_build:
        gc.disable()
    try:
        code = args.run(args)
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
    if one_build:
        _end_process(code)
    return code


def _end_process(code: int) -> None:
    """Exit now, after a build whose files are all written and closed.
    What a normal exit would add is freeing the build's objects one by one
    (half a second at 20,000 articles), memory the system takes back at
    once; and the cyclic garbage collector, off for the whole process, would
    only have walked them before (build() turns it off while it runs and
    back on after, for a caller that goes on)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (newsgen build | head): nothing more can be said
            pass
    os._exit(code)


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
    words = Words(translator, sub)
    for add in (_build_command, _check_command, _new_command, _init_command, _import_command, _serve_command):
        add(words)
    return parser


class Words:
    """What every command's options share: the translator and the common options."""

    def __init__(self, translator: Translator, sub):
        self.t, self.translator, self.sub = translator.text, translator, sub
        self.date = partial(_date, translator=translator)
        self.positive = partial(_positive, translator=translator)
        self.drafts = self.t(msg("include articles marked draft"))

    def command(self, name: str, help) -> argparse.ArgumentParser:
        return self.sub.add_parser(name, help=self.t(help), description=self.t(help), translator=self.translator)

    def common(self, p: argparse.ArgumentParser) -> None:
        p.add_argument("--root", type=Path, default=Path("."), help=self.t(msg("site root (default: .)")))
        p.add_argument("--debug", action="store_true", help=self.t(msg("show tracebacks of internal errors")))

    def now(self, p: argparse.ArgumentParser) -> None:
        help = msg("judge embargoes (publish_at) as at this time, e.g. 2024-01-10T06:00+08:00 (default: the clock)")
        p.add_argument("--now", type=partial(_time, translator=self.translator), help=self.t(help))


def _build_command(w: Words) -> None:
    p = w.command("build", msg("build the site into site/"))
    w.common(p)
    p.add_argument("--out", type=Path, help=w.t(msg("output folder (default: ROOT/site)")))
    p.add_argument("--drafts", action="store_true", help=w.drafts)
    p.add_argument("--strict", action="store_true", help=w.t(msg("treat warnings as errors (for CI)")))
    p.add_argument("--jobs", "-j", type=w.positive, default=0, help=w.t(msg("worker processes (default: all cores)")))
    p.add_argument("--no-search", action="store_true", help=w.t(msg("do not build the search index this time")))
    w.now(p)
    p.set_defaults(run=cmd_build)


def _check_command(w: Words) -> None:
    p = w.command("check", msg("validate the content; write nothing"))
    w.common(p)
    p.add_argument("--drafts", action="store_true", help=w.drafts)
    p.add_argument("--strict", action="store_true", help=w.t(msg("treat warnings as errors and check links")))
    w.now(p)
    p.set_defaults(run=cmd_check)


def _new_command(w: Words) -> None:
    p = w.command("new", msg("scaffold an edition or an article"))
    new = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    e = new.add_parser("edition", help="content/DATE/edition.yaml", translator=w.translator)
    w.common(e)
    e.add_argument("date", type=w.date)
    e.set_defaults(run=cmd_new_edition)
    a = new.add_parser("article", help="content/DATE/SLUG.md", translator=w.translator)
    w.common(a)
    a.add_argument("date", type=w.date)
    a.add_argument("slug")
    a.add_argument("--page", type=w.positive, required=True)
    a.add_argument("--kind", choices=("article", "picture", "banner", "notice"), default="article")
    a.set_defaults(run=cmd_new_article)


def _init_command(w: Words) -> None:
    p = w.command("init", msg("make a new paper's site in DIR"))
    p.add_argument("folder", type=Path, metavar="DIR")
    p.add_argument("--title", required=True, help=w.t(msg("the paper's name, e.g. 某某县报")))
    help = msg("the site's address (default: a placeholder)")
    p.add_argument("--base-url", default="https://example.org/", help=w.t(help))
    p.add_argument("--debug", action="store_true", help=w.t(msg("show tracebacks of internal errors")))
    p.set_defaults(run=cmd_init)


def _import_command(w: Words) -> None:
    p = w.command("import", msg("turn a printed page (its text or its layout PDF) into articles"))
    w.common(p)
    p.add_argument("page_file", type=Path, metavar="PAGE.txt|PAGE.pdf")
    p.add_argument("--date", type=w.date, required=True)
    p.add_argument("--page", type=w.positive, required=True)
    p.add_argument("--page-name", default="")
    p.add_argument("--dry-run", action="store_true", help=w.t(msg("print what was found; write nothing")))
    p.add_argument("--force", action="store_true", help=w.t(msg("overwrite existing article files")))
    p.add_argument("--keep-punctuation", action="store_true", help=w.t(msg("keep half-width punctuation as it is")))
    pages_help = msg("which pages of a PDF to import, e.g. 1-8 (default: all)")
    p.add_argument("--pages", type=partial(_page_range, translator=w.translator), help=w.t(pages_help))
    p.set_defaults(run=cmd_import)


def _serve_command(w: Words) -> None:
    p = w.command("serve", msg("build, serve and rebuild on change (live preview)"))
    w.common(p)
    p.add_argument("--host", default="127.0.0.1")
    port_help = msg("1-65535, or 0 for any free port (default: 8000)")
    p.add_argument("--port", type=partial(_port, translator=w.translator), default=8000, help=w.t(port_help))
    p.add_argument("--drafts", action="store_true", help=w.drafts)
    p.add_argument("--out", type=Path, help=w.t(msg("preview folder (default: a folder in the cache)")))
    p.set_defaults(run=cmd_serve)


def _time(text: str, translator: Translator = ENGLISH_TEXT) -> dt.datetime:
    moment = parse_time(text)
    if moment is None:
        problem = msg("'{text}' is not a time (e.g. 2024-01-10T06:00+08:00)", text=text)
        raise argparse.ArgumentTypeError(translator.text(problem))
    return moment


def _port(text: str, translator: Translator = ENGLISH_TEXT) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(translator.text(msg("'{text}' is not a port number", text=text))) from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(translator.text(msg("port {value} is outside 1-65535", value=value)))
    return value


def _date(text: str, translator: Translator = ENGLISH_TEXT) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problem = msg("'{text}' is not a date (YYYY-MM-DD)", text=text)
        raise argparse.ArgumentTypeError(translator.text(problem)) from None


def _page_range(text: str, translator: Translator = ENGLISH_TEXT) -> tuple[int, int]:
    first, _, last = text.partition("-")
    low, high = _positive(first, translator), _positive(last or first, translator)
    if high < low:
        problem = msg("'{text}': the first page comes before the last", text=text)
        raise argparse.ArgumentTypeError(translator.text(problem))
    return low, high


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
                now=args.now,
            )
        )
    finally:
        if bar:
            bar.close()
    print_diagnostics(report.diagnostics, args.translator)
    print(summary_line(report, True, args.translator), file=sys.stderr if report.failed else sys.stdout)
    return 1 if report.failed else 0


def cmd_check(args) -> int:
    options = BuildOptions(root=args.root, drafts=args.drafts, strict=args.strict, write=False, now=args.now)
    report = build(options)
    print_diagnostics(report.diagnostics, args.translator)
    print(summary_line(report, False, args.translator), file=sys.stderr if report.failed else sys.stdout)
    return 1 if report.failed else 0


def cmd_new_edition(args) -> int:
    diagnostics, created = new_edition(args.root, args.date)
    return _report_scaffold(diagnostics, created, args.translator)


def cmd_new_article(args) -> int:
    diagnostics, created = new_article(args.root, args.date, args.slug, args.page, args.kind)
    return _report_scaffold(diagnostics, created, args.translator)


def cmd_init(args) -> int:
    t = args.translator.text
    title = " ".join(args.title.split())
    if not title:
        print(t(msg("newsgen init: --title must not be empty")), file=sys.stderr)
        return 2
    diagnostics, created = init_site(args.folder, title, args.base_url, today(dt.datetime.now(dt.timezone.utc)))
    print_diagnostics(diagnostics, args.translator)
    for rel in created:
        print(t(msg("created {path}", path=args.folder / rel)))
    if created:
        print(t(msg("next: cd {folder} && newsgen serve", folder=args.folder)))
    return 1 if has_errors(diagnostics) else 0


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
        pdf_pages=args.pages,
        out=sys.stdout,
        translator=args.translator,
    )
    print_diagnostics(diagnostics, args.translator)
    return 1 if has_errors(diagnostics) else 0


def cmd_serve(args) -> int:
    from newsgen.preview.server import serve

    return serve(
        root=args.root, host=args.host, port=args.port, drafts=args.drafts, out=args.out, translator=args.translator
    )
