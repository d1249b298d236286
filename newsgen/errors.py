"""Diagnostics: problems in the input, reported as values with a location.

Every module that reads editor input returns or collects ``Diagnostic``
objects instead of raising; the CLI prints them all as
``path:line:col: severity: message`` and picks the exit code.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsgen.i18n import ENGLISH, ENGLISH_TEXT, Msg, Translator, msg

ERROR = "error"
WARNING = "warning"  # fails a --strict build
NOTE = "note"  # about the machine, not the content: never fails a build


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # relative to the site root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based; 0 when unknown
    severity: str  # ERROR or WARNING
    message: str  # in English
    hint: str = ""
    # (message id, its arguments, hint id, its arguments): what a
    # Translator needs to print it in another language (newsgen.i18n).
    text: tuple = ()

    @property
    def where(self) -> str:
        """path, path:line or path:line:col"""
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return where

    def __str__(self) -> str:
        text = f"{self.where}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def render(self, translator: Translator = ENGLISH_TEXT) -> str:
        """As ``str()``, in the translator's language: ``path:line:col:`` stays."""
        if translator.language == ENGLISH:
            return str(self)
        message, hint = self.message, self.hint
        if self.text:
            msgid, args, hint_id, hint_args = self.text
            message = translator.text(Msg(msgid, args))
            hint = translator.text(Msg(hint_id, hint_args)) if hint_id else hint
        else:
            message, hint = translator.text(message), translator.text(hint)
        text = f"{self.where}: {translator.text(SEVERITIES[self.severity])}：{message}"
        return text + f"（{hint}）" if hint else text


SEVERITIES = {ERROR: msg("error"), WARNING: msg("warning"), NOTE: msg("note")}


def diagnostic(path: str, line: int, col: int, severity: str, message: str | Msg, hint: str | Msg = "") -> Diagnostic:
    """A Diagnostic from messages made with ``msg()`` (or plain English)."""
    if isinstance(message, str) and isinstance(hint, str):
        return Diagnostic(path, line, col, severity, message, hint)
    message, hint = _as_msg(message), _as_msg(hint)
    text = (message.msgid, message.args, hint.msgid, hint.args)
    return Diagnostic(path, line, col, severity, str(message), str(hint), text)


def _as_msg(message: str | Msg) -> Msg:
    """Plain text is a message with no fields: its braces are text."""
    return message if isinstance(message, Msg) else Msg(message.replace("{", "{{").replace("}", "}}"))


def error(path: str, line: int, col: int, message: str | Msg, hint: str | Msg = "") -> Diagnostic:
    return diagnostic(path, line, col, ERROR, message, hint)


def warning(path: str, line: int, col: int, message: str | Msg, hint: str | Msg = "") -> Diagnostic:
    return diagnostic(path, line, col, WARNING, message, hint)


def note(path: str, line: int, col: int, message: str | Msg, hint: str | Msg = "") -> Diagnostic:
    return diagnostic(path, line, col, NOTE, message, hint)


class NewsgenError(Exception):
    """Raised to stop a command; carries every diagnostic found so far."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def did_you_mean(word: str, choices: Iterable[str]) -> Msg | str:
    """A hint naming the closest valid choice, or '' when none is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return msg("did you mean '{choice}'?", choice=close[0]) if close else ""


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)
