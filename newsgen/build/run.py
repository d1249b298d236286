"""The context of one build, passed to every phase."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from newsgen.build.cache import BuildCache
from newsgen.build.report import BuildOptions, BuildReport, Clock
from newsgen.build.session import Session
from newsgen.config import SiteConfig
from newsgen.render.theme import Theme


@dataclass
class Run:
    """One build: what it was asked, what it runs with, what it reports.
    Every phase takes it; nothing else is shared between phases."""

    options: BuildOptions
    session: Session
    config: SiteConfig
    theme: Theme
    cache: BuildCache
    report: BuildReport
    clock: Clock
    jobs: int
    now: dt.datetime  # the moment embargoes are judged at: an input, like the files

    @property
    def root(self) -> Path:
        return self.options.root

    @property
    def out(self) -> Path:
        return self.options.output

    @property
    def wants_search(self) -> bool:
        return self.options.search and self.config.search


def cores() -> int:
    """The cores this process may run on: the default number of jobs."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
