"""build(): a short script of named phases over one context (Run).

    scan     read every content file; fingerprint all inputs
    (skip)   inputs and outputs exactly as the last build left them: done
    load     config, editions, articles; Markdown for bodies the cache lacks
             (this phase and the ones after it: rebuild.py)
    check    images and other references; stop here on any error
    search   the search index of the articles (search/index.py), made
             again only where they changed, in a forked process while
             this one goes on with the phases below          (extras.py)
    plan     the list of output tasks, each keyed by a hash of its payload
    render   tasks whose key changed (process pool), into a staging folder;
             under --strict, internal links checked          (commit.py)
    commit   the standby copy brought up to date and swapped with the site
             in one atomic step (newsgen.publish)            (commit.py)
    after    changed-urls.txt, on the new generation before it goes
             live                                            (commit.py)

The output of an incremental build is the same as a clean build's because
every task's key covers everything its bytes depend on."""

from __future__ import annotations

import datetime as dt
import gc
import time
from pathlib import Path

from newsgen.build.cache import BuildCache, Manifest
from newsgen.build.lock import one_build_at_a_time
from newsgen.build.report import BuildOptions, BuildReport, Clock, strictly
from newsgen.build.run import Run, cores
from newsgen.build.session import Session
from newsgen.codeid import CODE_ID
from newsgen.config import CONFIG_FILE, SiteConfig, load_config
from newsgen.content.publishing import holds
from newsgen.content.source import EditionFolder, fingerprint, source_index
from newsgen.publish.folders import check_output_folder
from newsgen.publish.records import outputs_intact
from newsgen.render.theme import find_theme

__all__ = ["BuildOptions", "BuildReport", "build"]


def build(options: BuildOptions, session: Session | None = None) -> BuildReport:
    """``session``: kept by a process that builds again and again (serve)."""
    # A build makes many small objects and no garbage cycles worth chasing:
    # the cyclic collector would run thousands of times for nothing (it
    # triples the time to load the cache at 20,000 articles).
    collecting = gc.isenabled()
    gc.disable()
    started = time.perf_counter()
    try:
        with one_build_at_a_time(options.output, str(options.out or "site"), options.write) as busy:
            if busy:
                return _finish(BuildReport(diagnostics=[busy]), started, options)
            return _finish(
                _build(options, session if session is not None else Session(one_shot=True)), started, options
            )
    finally:
        if collecting:
            gc.enable()


def _build(options: BuildOptions, session: Session) -> BuildReport:
    report = BuildReport()
    run = _configure(options, session, report)
    if run is None:
        return report
    scanned, inputs = _scan(run)
    previous = run.cache.load_manifest(run.out) if options.write else Manifest()
    run.clock.lap("scan")
    if _nothing_changed(run, inputs, previous):
        return report
    # Only a build with work to do imports Markdown, Jinja, Pillow and
    # NumPy and the code that drives them: the check above, which most
    # builds in CI end with, costs less than importing them.
    from newsgen.build import rebuild

    return rebuild.rebuild(run, scanned, inputs, previous)


def _configure(options: BuildOptions, session: Session, report: BuildReport) -> Run | None:
    """The site's configuration, theme, output folder and cache; None on any error."""
    clock = Clock(report)
    config, problems = load_config(options.root)
    report.diagnostics += problems
    if config is None:
        return None
    theme, problems = find_theme(options.root, config.theme)
    report.diagnostics += problems
    if options.write:
        report.diagnostics += check_output_folder(options.root, options.output)
    if report.failed or theme is None:
        return None
    cache = BuildCache(cache_folder(options.root, config))
    now = options.now or dt.datetime.now(dt.timezone.utc)
    return Run(options, session, config, theme, cache, report, clock, options.jobs or cores(), now)


def cache_folder(root: Path, config: SiteConfig) -> Path:
    folder = Path(config.cache_dir)
    return folder if folder.is_absolute() else root / folder


def _scan(run: Run) -> tuple[list[EditionFolder], str]:
    """The content files (read only if their stat changed) and a fingerprint of every input."""
    index = run.cache.load_sources() if not run.session.sources else None
    scanned = run.session.scan(run.root, index)
    if index is not None and (files := source_index(scanned)) != index:
        run.cache.save_sources(files)
    # --strict is an input too: only a strict build has checked the links.
    options = run.options
    inputs = fingerprint(
        scanned,
        run.root,
        CODE_ID.encode(),
        (run.root / CONFIG_FILE).read_bytes(),
        run.theme.digest().encode(),
        f"{options.drafts} {options.strict} {options.search}".encode(),
    )
    return scanned, inputs


def _nothing_changed(run: Run, inputs: str, previous: Manifest) -> bool:
    """Inputs and outputs exactly as the last build left them: its report stands."""
    last_inputs, _, last_window = previous.fingerprint.partition(" ")  # "now" is an input: see publishing.window
    if not run.options.write or run.session.plan_always or last_inputs != inputs or not holds(last_window, run.now):
        return False
    if not outputs_intact(run.out, previous.files):
        return False
    run.report.diagnostics += previous.diagnostics
    run.report.unchanged = len(previous.files)
    run.report.editions, run.report.articles = previous.counts
    return True


def _finish(report: BuildReport, started: float, options: BuildOptions) -> BuildReport:
    diagnostics = strictly(report.diagnostics, options)
    report.diagnostics = sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.message))
    report.seconds = time.perf_counter() - started
    return report
