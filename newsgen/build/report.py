"""What a build is asked to do (BuildOptions) and what it did (BuildReport)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsgen.errors import ERROR, WARNING, Diagnostic, has_errors
from newsgen.progress import Progress, no_progress


@dataclass
class BuildOptions:
    root: Path
    out: Path | None = None  # default: <root>/site
    drafts: bool = False
    strict: bool = False
    jobs: int = 0  # 0: all cores
    write: bool = True  # False: check only
    search: bool = True  # False: skip the search index (newsgen.yaml `search: false` too)
    progress: Progress = no_progress  # (phase, done, total), for a progress bar
    now: dt.datetime | None = None  # what drafts and embargoes are judged by; None: the clock

    @property
    def output(self) -> Path:
        return self.out or self.root / "site"


@dataclass
class BuildReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    rendered: int = 0  # tasks whose key changed and were rendered
    editions: int = 0
    articles: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # phase -> seconds
    links: dict[str, tuple] = field(default_factory=dict)  # page rendered -> (links, ids)

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)


class Clock:
    """Seconds spent in each phase, added up into the report."""

    def __init__(self, report: BuildReport):
        self.report, self.last = report, time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.report.phases[phase] = self.report.phases.get(phase, 0.0) + now - self.last
        self.last = now


def strictly(diagnostics: list[Diagnostic], options: BuildOptions) -> list[Diagnostic]:
    """Under --strict, warnings fail the build like errors (notes never do)."""
    if not options.strict:
        return diagnostics
    return [replace(d, severity=ERROR) if d.severity == WARNING else d for d in diagnostics]
