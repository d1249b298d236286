"""What a build tells the person at the terminal: every diagnostic, then
one summary line. Shared by the CLI and the live preview."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from newsgen.build.phases import BuildReport
from newsgen.errors import WARNING, Diagnostic


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for d in diagnostics:
        print(str(d), file=sys.stderr)


def summary_line(report: BuildReport, wrote: bool) -> str:
    errors = sum(1 for d in report.diagnostics if d.is_error)
    warnings = sum(1 for d in report.diagnostics if d.severity == WARNING)
    what = f"{report.editions} edition{'s' if report.editions != 1 else ''}, {report.articles} articles"
    if errors:
        return (
            f"failed: {errors} error{'s' if errors != 1 else ''}, {warnings} warnings in {what}; "
            f"nothing was written ({report.seconds:.2f} s)"
        )
    if not wrote:
        return f"checked {what}: no errors, {warnings} warnings ({report.seconds:.2f} s)"
    return (
        f"built {what}: {len(report.written)} files written, {report.unchanged} unchanged, "
        f"{len(report.removed)} removed, {warnings} warnings in {report.seconds:.2f} s"
    )
