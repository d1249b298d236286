"""The phases of a build that has work to do (phases.py runs them after
its scan found a change): load, check, plan, render and commit, search."""

from __future__ import annotations

import unicodedata

from newsgen.build import commit, links
from newsgen.build.cache import Manifest
from newsgen.build.extras import BackgroundIndex, Extras, start_search_index
from newsgen.build.fragments import FragmentInfo, FragmentStore
from newsgen.build.ingest import Ingest
from newsgen.build.plan.site import Plan, PlanInput, plan_site
from newsgen.build.report import BuildReport, strictly
from newsgen.build.run import Run
from newsgen.codeid import CODE_ID
from newsgen.content.load import load_site
from newsgen.content.model import Site
from newsgen.content.publishing import publish, window
from newsgen.content.source import EditionFolder
from newsgen.errors import Diagnostic, error, has_errors
from newsgen.i18n import msg
from newsgen.images.site import SiteImages
from newsgen.render.task import Task

SAVE_AFTER_MISSES = 20


def rebuild(run: Run, scanned: list[EditionFolder], inputs: str, previous: Manifest) -> BuildReport:
    """The build from its load on: ``inputs`` is the scan's fingerprint,
    ``previous`` the last build's manifest."""
    report, options, session = run.report, run.options, run.session
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
    search = start_search_index(site, infos, run.config, run.cache, run.jobs) if run.wants_search else None
    try:
        plan, plan_header = _plan(run, site, infos, images)
        run.clock.lap("plan")
        if report.failed:
            return report
        extras = Extras(images, *([search] if search is not None else []))
        files, keys = commit.render_and_publish(run, plan, extras, previous)
    finally:
        if isinstance(search, BackgroundIndex):
            search.wait()
    if files is not None:
        _remember(run, Manifest(inputs, report.diagnostics, files, (report.editions, report.articles)))
        if plan_header is not None and session.plan.changed_since_earlier():
            run.cache.save_plan(plan_header, session.plan.export(keys, session.keys.digests()))
    run.clock.lap("commit")
    return report


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
