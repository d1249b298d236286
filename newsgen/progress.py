"""Progress of a long build on a terminal: a bar on stderr that appears
only after a moment (short builds stay quiet) and is erased at the end.
Not a terminal (CI, a pipe): nothing; the CLI prints one summary line."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[str, int, int], None]  # (phase, done, total)
DELAY = 1.5  # seconds before the bar shows
WIDTH = 30


def no_progress(_phase: str, _done: int, _total: int) -> None:
    return None


class TerminalBar:
    def __init__(self, stream: TextIO = sys.stderr, clock: Callable[[], float] = time.monotonic):
        self.stream, self.clock = stream, clock
        self.started = clock()
        self.shown = False
        self.last_draw = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started < DELAY or (now - self.last_draw < 0.1 and done < total):
            return
        self.last_draw = now
        filled = WIDTH * done // max(total, 1)
        self.stream.write(f"\r{phase:<8} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def for_stream(stream: TextIO = sys.stderr):
    """A bar when ``stream`` is a terminal, else nothing."""
    return TerminalBar(stream) if stream.isatty() else None
