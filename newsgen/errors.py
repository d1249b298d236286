"""Diagnostics: problems in the input, reported as values with a location.

Every module that reads editor input returns or collects ``Diagnostic``
objects instead of raising; the CLI prints them all as
``path:line:col: severity: message`` and picks the exit code.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"  # fails a --strict build
NOTE = "note"  # about the machine, not the content: never fails a build


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # relative to the site root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based; 0 when unknown
    severity: str  # ERROR or WARNING
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def error(path: str, line: int, col: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, col, ERROR, message, hint)


def warning(path: str, line: int, col: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, col, WARNING, message, hint)


def note(path: str, line: int, col: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, col, NOTE, message, hint)


class NewsgenError(Exception):
    """Raised to stop a command; carries every diagnostic found so far."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest valid choice, or '' when none is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)
