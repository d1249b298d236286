"""build(): a short script of named phases over one context (Run).

    scan     read every content file; fingerprint all inputs
    (skip)   inputs and outputs exactly as the last build left them: done
    load     config, editions, articles; Markdown for bodies the cache lacks
    check    images and other references; stop here on any error
    plan     the list of output tasks, each keyed by a hash of its payload
    render   tasks whose key changed (process pool), into a staging folder;
             under --strict, internal links checked          (commit.py)
    commit   the standby copy brought up to date and swapped with the site
             in one atomic step (newsgen.publish)            (commit.py)
    search   the search index of the articles (search/index.py), made
             again only where they changed                   (extras.py)
    after    changed-urls.txt, on the new generation before it goes
             live                                            (commit.py)

The output of an incremental build is the same as a clean build's because
every task's key covers everything its bytes depend on."""

from __future__ import annotations

import datetime as dt
import gc
import time
import unicodedata
from pathlib import Path

from newsgen.build import commit, links, pool
from newsgen.build.cache import BuildCache, Manifest
from newsgen.build.extras import Extras, search_index
from newsgen.build.fragments import FragmentInfo, FragmentStore
from newsgen.build.ingest import Ingest
from newsgen.build.lock import one_build_at_a_time
from newsgen.build.plan.site import Plan, PlanInput, plan_site
from newsgen.build.report import BuildOptions, BuildReport, Clock, strictly
from newsgen.build.run import Run
from newsgen.build.session import Session
from newsgen.codeid import CODE_ID
from newsgen.config import CONFIG_FILE, SiteConfig, load_config
from newsgen.content.load import load_site
from newsgen.content.model import Site
from newsgen.content.publishing import holds, publish, window
from newsgen.content.source import EditionFolder, fingerprint, source_index
from newsgen.errors import Diagnostic, error, has_errors
from newsgen.i18n import msg
from newsgen.images.site import SiteImages
from newsgen.publish.folders import check_output_folder
from newsgen.publish.records import outputs_intact
from newsgen.render.task import Task
from newsgen.render.theme import find_theme

__all__ = ["BuildOptions", "BuildReport", "build"]

SAVE_AFTER_MISSES = 20


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
            return _finish(_build(options, session if session is not None else Session()), started, options)
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
    site, infos = _load(run, scanned)
    inputs += " " + window(site, run.now)
    shown = publish(site, run.now, options.drafts)
    site = shown.site
    report.diagnostics += shown.diagnostics
    images = SiteImages(run.root, run.config, run.cache.folder, run.jobs, options.progress)
    report.diagnostics += images.check(site, infos)
    report.editions, report.articles = len(site.editions), site.article_count
    run.clock.lap("load")
    if not options.write and options.strict and not has_errors(strictly(report.diagnostics, options)):
        plan, _header = _plan(run, site, infos, images)
        report.diagnostics += links.unrendered_problems(run, plan, Extras(images))
    if has_errors(strictly(report.diagnostics, options)) or not options.write:
        return report
    plan, plan_header = _plan(run, site, infos, images)
    run.clock.lap("plan")
    if report.failed:
        return report
    extras = Extras(images)
    if run.wants_search:
        extras.parts.append(search_index(site, infos, run.config, run.cache, run.jobs))
        run.clock.lap("search")
    files, keys = commit.render_and_publish(run, plan, extras, previous)
    if files is not None:
        _remember(run, Manifest(inputs, report.diagnostics, files, (report.editions, report.articles)))
        if plan_header is not None and session.plan.changed_since_earlier():
            run.cache.save_plan(plan_header, session.plan.export(keys, session.keys.digests()))
    run.clock.lap("commit")
    return report


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
    return Run(options, session, config, theme, cache, report, clock, options.jobs or pool.default_jobs(), now)


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


def _load(run: Run, scanned: list[EditionFolder]) -> tuple[Site, dict[str, FragmentInfo]]:
    session = run.session
    state = session.state if session.state is not None else run.cache.load_state()
    store = FragmentStore(run.cache.fragments_path)
    try:
        ingest = Ingest(state, store, run.config.markdown, run.jobs, run.options.progress, last_keys=session.file_keys)
        site, problems = load_site(run.root, run.options.drafts, ingest, scanned, session.loaded)
        new_state = ingest.new_state()
    finally:
        store.close()
    run.report.diagnostics += problems
    # Saving costs a third of a second at 20,000 articles: a few misses are
    # cheaper to convert again next time than to save now.
    stale = len(state.parsed) - len(new_state.parsed.keys() & state.parsed.keys())
    if ingest.converted > SAVE_AFTER_MISSES or stale > SAVE_AFTER_MISSES or not state.parsed:
        run.cache.save_state(new_state)
    session.state, session.file_keys = new_state, ingest.file_keys
    return site, ingest.infos


def _plan(run: Run, site: Site, infos: dict[str, FragmentInfo], images: SiteImages) -> tuple[Plan, tuple | None]:
    """The plan, and the memo's header when the memo was read from disk
    (it is then written back after the commit, if it changed)."""
    # The memo on disk holds keys: it is read (and then written) by the first
    # build of a process, and again whenever the theme changed since.
    session, theme = run.session, run.theme
    header = (CODE_ID, theme.digest())
    from_disk = session.plan.header != header
    if from_disk:
        session.plan.earlier, session.plan.header = run.cache.load_plan(header), header
    static = {name: str(path) for name, path in theme.static_files().items()}
    plan_input = PlanInput(
        site,
        run.config,
        infos,
        images.catalog(),
        static,
        static_digest=theme.static_digest(),
        file_keys=session.file_keys,
    )
    plan = plan_site(plan_input, session.plan)
    run.report.diagnostics += check_collisions(plan.tasks)
    return plan, header if from_disk else None


def check_collisions(tasks: list[Task]) -> list[Diagnostic]:
    """Two outputs on one path (also when they differ only by case or
    Unicode normalisation, which some file systems fold together)."""
    seen: dict[str, Task] = {}
    problems = []
    for task in tasks:
        folded = unicodedata.normalize("NFC", task.output).casefold()
        other = seen.get(folded)
        if other is not None:
            problems.append(
                error(
                    task.source or task.output,
                    0,
                    0,
                    msg(
                        "output {output} collides with the one from {other}",
                        output=task.output,
                        other=other.source or other.output,
                    ),
                )
            )
        seen[folded] = task
    return problems


def _remember(run: Run, manifest: Manifest) -> None:
    run.cache.save_manifest(run.out, manifest)
    run.session.published = run.out


def _finish(report: BuildReport, started: float, options: BuildOptions) -> BuildReport:
    diagnostics = strictly(report.diagnostics, options)
    report.diagnostics = sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.message))
    report.seconds = time.perf_counter() - started
    return report
