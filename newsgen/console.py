"""What a build tells the person at the terminal: every diagnostic, then
one summary line. Shared by the CLI and the live preview; the translator
(newsgen.i18n) is chosen by them, once."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from newsgen.build.report import BuildReport
from newsgen.errors import WARNING, Diagnostic
from newsgen.i18n import ENGLISH_TEXT, Translator, msg


def print_diagnostics(diagnostics: Sequence[Diagnostic], translator: Translator = ENGLISH_TEXT) -> None:
    for d in diagnostics:
        print(d.render(translator), file=sys.stderr)


def summary_line(report: BuildReport, wrote: bool, translator: Translator = ENGLISH_TEXT) -> str:
    errors = sum(1 for d in report.diagnostics if d.is_error)
    warnings = sum(1 for d in report.diagnostics if d.severity == WARNING)
    seconds = f"{report.seconds:.2f}"
    editions = msg("1 edition") if report.editions == 1 else msg("{count} editions", count=report.editions)
    what = msg("{editions}, {articles} articles", editions=translator.text(editions), articles=report.articles)
    what = translator.text(what)
    if errors:
        errors_text = msg("1 error") if errors == 1 else msg("{count} errors", count=errors)
        line = msg(
            "failed: {errors}, {warnings} warnings in {what}; nothing was written ({seconds} s)",
            errors=translator.text(errors_text),
            warnings=warnings,
            what=what,
            seconds=seconds,
        )
    elif not wrote:
        line = msg(
            "checked {what}: no errors, {warnings} warnings ({seconds} s)",
            what=what,
            warnings=warnings,
            seconds=seconds,
        )
    else:
        line = msg(
            "built {what}: {written} files written, {unchanged} unchanged, {removed} removed, "
            "{warnings} warnings in {seconds} s",
            what=what,
            written=len(report.written),
            unchanged=report.unchanged,
            removed=len(report.removed),
            warnings=warnings,
            seconds=seconds,
        )
    return translator.text(line)
