"""build(): a short script of named phases.

    scan     read every content file; fingerprint all inputs
    (skip)   inputs and outputs exactly as the last build left them: done
    load     config, editions, articles; Markdown for bodies the cache lacks
    check    images and other references; stop here on any error
    plan     the list of output tasks, each keyed by a hash of its payload
    render   tasks whose key changed (process pool), into a staging folder;
             under --strict, internal links checked
    commit   the standby copy brought up to date and swapped with the site
             in one atomic step (publish.py)
    after    changed-urls.txt and the search index

The output of an incremental build is the same as a clean build's because
every task's key covers everything its bytes depend on."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import time
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows: builds are then not locked
    fcntl = None

from newsgen.build import pool
from newsgen.build.cache import BuildCache, Manifest
from newsgen.codeid import CODE_ID
from newsgen.config import CONFIG_FILE, SiteConfig, load_config
from newsgen.errors import ERROR, WARNING, Diagnostic, error, has_errors
from newsgen.files import write_if_changed
from newsgen.build.fragments import FragmentStore
from newsgen.build.ingest import Ingest
from newsgen.render.links import Site as LinkSite, check_links, extract
from newsgen.content.load import load_site
from newsgen.build.plan.site import Plan, PlanInput, Task, plan_site
from newsgen.progress import Progress, no_progress
from newsgen.publish.publisher import Publisher, check_output_folder
from newsgen.search.pagefind import build_search_index
from newsgen.build.session import Session
from newsgen.build.plan.seo import changed_urls
from newsgen.images.site import SiteImages
from newsgen.content.source import fingerprint, source_index
from newsgen.render.theme import Theme, find_theme
from newsgen.urls import SEARCH_BUNDLE

CHANGED_URLS = "changed-urls.txt"  # the pages a build wrote, one absolute URL a line


SAVE_AFTER_MISSES = 20


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
    def __init__(self, report: BuildReport):
        self.report, self.last = report, time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.report.phases[phase] = self.report.phases.get(phase, 0.0) + now - self.last
        self.last = now


def build(options: BuildOptions, session: Session | None = None) -> BuildReport:
    """``session``: kept by a process that builds again and again (serve)."""
    # A build makes many small objects and no garbage cycles worth chasing:
    # the cyclic collector would run thousands of times for nothing (it
    # triples the time to load the cache at 20,000 articles).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with _one_build_at_a_time(options) as busy:
            if busy:
                return _finish(BuildReport(diagnostics=[busy]), time.perf_counter(), options)
            return _build(options, session if session is not None else Session())
    finally:
        if collecting:
            gc.enable()


@contextlib.contextmanager
def _one_build_at_a_time(options: BuildOptions):
    """Two builds writing one output folder would tangle its generations:
    the second is refused while the first holds a lock beside the folder."""
    if not options.write or fcntl is None:
        yield None
        return
    out = Path(os.path.abspath(options.out or options.root / "site"))
    try:
        lock = open(out.parent / f".{out.name}.newsgen-lock", "a+b")
    except OSError:
        yield None  # a folder we cannot write beside: publish.py reports what follows
        return
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield error(
                str(options.out or "site"),
                0,
                0,
                "another newsgen build is writing to this folder",
                "wait for it to finish",
            )
            return
        yield None


def _build(options: BuildOptions, session: Session) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    clock = Clock(report)
    root, out = options.root, options.out or options.root / "site"
    jobs = options.jobs or pool.default_jobs()

    config, problems = load_config(root)
    report.diagnostics += problems
    if config is None:
        return _finish(report, started, options)
    theme, problems = find_theme(root, config.theme)
    report.diagnostics += problems
    if options.write:
        report.diagnostics += check_output_folder(root, out)
    if report.failed or theme is None:
        return _finish(report, started, options)
    cache = BuildCache(_cache_folder(root, config))

    index = cache.load_sources() if not session.sources else None
    scanned = session.scan(root, index)
    if index is not None and (files := source_index(scanned)) != index:
        cache.save_sources(files)
    # --strict is an input too: only a strict build has checked the links.
    inputs = fingerprint(
        scanned,
        root,
        CODE_ID.encode(),
        (root / CONFIG_FILE).read_bytes(),
        theme.digest().encode(),
        f"{options.drafts} {options.strict}".encode(),
    )
    previous = cache.load_manifest(out) if options.write else Manifest()
    clock.lap("scan")
    wants_search = options.search and config.search
    if (
        options.write
        and not session.plan_always
        and previous.fingerprint == inputs
        and _outputs_intact(out, previous)
        and (not wants_search or (out / SEARCH_BUNDLE).is_dir())
    ):
        report.diagnostics += previous.diagnostics
        report.unchanged = len(previous.files)
        report.editions, report.articles = previous.counts
        return _finish(report, started, options)

    site, infos = _load(root, config, options, scanned, cache, jobs, report, session)
    images = SiteImages(root, config, cache.folder, jobs, options.progress)
    report.diagnostics += images.check(site, infos)
    report.editions, report.articles = len(site.editions), site.article_count
    clock.lap("load")
    if has_errors(_strictly(report.diagnostics, options)) or not options.write:
        return _finish(report, started, options)

    # The memo on disk holds keys: it is read (and then written) by the first
    # build of a process, and again whenever the theme changed since.
    plan_header = (CODE_ID, theme.digest())
    from_disk = session.plan.header != plan_header
    if from_disk:
        session.plan.earlier, session.plan.header = cache.load_plan(plan_header), plan_header
    plan = plan_site(
        PlanInput(
            site,
            config,
            infos,
            images.catalog(),
            _static_sources(theme),
            static_digest=theme.static_digest(),
            file_keys=session.file_keys,
        ),
        session.plan,
    )
    report.diagnostics += _check_collisions(plan.tasks)
    clock.lap("plan")
    if report.failed:
        return _finish(report, started, options)
    last_work = []

    def before_swap(folder: Path, written: list[str]) -> None:
        last_work.extend(_last_work(folder, config, wants_search, written))
        clock.lap("search")

    trusted = session.owns_output and session.published == out and not previous.dirty
    session.published = None  # until this build is committed
    manifest, keys = _render_and_publish(
        plan, theme, cache, out, jobs, report, images, previous.files, clock, options, before_swap, session, trusted
    )
    report.diagnostics += last_work
    if manifest is not None:
        cache.save_manifest(out, Manifest(inputs, report.diagnostics, manifest, (report.editions, report.articles)))
        session.published = out
        if from_disk and session.plan.changed_since_earlier():
            cache.save_plan(plan_header, session.plan.export(keys, session.keys.digests()))
    clock.lap("commit")
    return _finish(report, started, options)


def _last_work(folder: Path, config: SiteConfig, search: bool, written: list[str]) -> list[Diagnostic]:
    """On the new generation, complete but not yet live: the list of pages
    this build wrote (to push to search engines) and the search index,
    which Pagefind makes from the pages. Both go live with the pages."""
    write_if_changed(folder / CHANGED_URLS, changed_urls(written, config.base_url).encode("utf-8"))
    if not search or not (written or not (folder / SEARCH_BUNDLE).is_dir()):
        return []
    # A search index that could not be made is worth a warning (an error
    # under --strict), not a lost build.
    return [replace(d, severity=WARNING) for d in build_search_index(folder, config.base_path)]


def _cache_folder(root: Path, config: SiteConfig) -> Path:
    folder = Path(config.cache_dir)
    return folder if folder.is_absolute() else root / folder


def _strictly(diagnostics: list[Diagnostic], options: BuildOptions) -> list[Diagnostic]:
    """Under --strict, warnings fail the build like errors (notes never do)."""
    if not options.strict:
        return diagnostics
    return [replace(d, severity=ERROR) if d.severity == WARNING else d for d in diagnostics]


def _outputs_intact(out: Path, manifest: Manifest) -> bool:
    """Every file the last build wrote is there, as it wrote it."""
    for output, record in manifest.files.items():
        if not _unchanged_on_disk(os.path.join(out, output), record):
            return False
    return True


def _load(root, config, options, scanned, cache: BuildCache, jobs, report, session: Session):
    state = session.state if session.state is not None else cache.load_state()
    store = FragmentStore(cache.fragments_path)
    try:
        ingest = Ingest(state, store, config.markdown, jobs, options.progress, last_keys=session.file_keys)
        site, problems = load_site(root, options.drafts, ingest, scanned, session.loaded)
        new_state = ingest.new_state()
    finally:
        store.close()
    report.diagnostics += problems
    # Saving costs a third of a second at 20,000 articles: a few misses are
    # cheaper to convert again next time than to save now.
    stale = len(state.parsed) - len(new_state.parsed.keys() & state.parsed.keys())
    if ingest.converted > SAVE_AFTER_MISSES or stale > SAVE_AFTER_MISSES or not state.parsed:
        cache.save_state(new_state)
    session.state, session.file_keys = new_state, ingest.file_keys
    return site, ingest.infos


def _static_sources(theme: Theme) -> dict[str, str]:
    return {name: str(path) for name, path in theme.static_files().items()}


def _check_collisions(tasks: list[Task]) -> list[Diagnostic]:
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
                    f"output {task.output} collides with the one from {other.source or other.output}",
                )
            )
        seen[folded] = task
    return problems


def _render_and_publish(
    plan: Plan,
    theme,
    cache: BuildCache,
    out: Path,
    jobs,
    report: BuildReport,
    images,
    previous: dict,
    clock: Clock,
    options: BuildOptions,
    before_swap,
    session: Session,
    trusted: bool,
) -> tuple[dict | None, dict[str, str]]:
    """Render what changed, then commit (publish.py); the new manifest (or
    None on failure) and every output's key. ``trusted``: the live files are
    as ``previous`` says (the session's own folder), so unchanged tasks are
    not checked on disk."""
    tasks = plan.tasks
    # Every page sees the theme and the site context: both are part of every key.
    context = hashlib.blake2b(theme.digest().encode() + marshal.dumps(plan.site, 2), digest_size=16).digest()
    keys = session.keys.keys(tasks, plan.shared, context, session.plan.ghost_digests())
    todo, kept = [], {}
    folder = os.path.join(out, "")
    for index, task in enumerate(tasks):
        old = previous.get(task.output)
        record = old and old[0] == keys[index] and (old if trusted else _unchanged_on_disk(folder + task.output, old))
        if record:
            kept[task.output] = record
            report.unchanged += 1
        else:
            todo.append((index, task))
    todo = _materialize(todo, tasks, keys, session)
    clock.lap("plan")
    publisher = Publisher(out, cache)
    report.diagnostics += publisher.prepare()
    try:
        staged, failures = _render(todo, tasks, theme, plan, cache, out, publisher, jobs, report, options)
        clock.lap("render")
        keyed = {task.output: keys[index] for index, task in enumerate(tasks)}
        report.diagnostics += _link_problems(plan, keyed, cache, out, images, report, options)
        if failures or has_errors(_strictly(report.diagnostics, options)):
            report.diagnostics += failures
            publisher.abort()
            return None, keyed
        unrecorded = set()  # live files that are not as the live manifest says
        for index, task in todo:  # rendered, and the live file already holds those bytes
            if index not in staged:
                record = kept[task.output] = _stamp(out / task.output, keys[index])
                if task.output not in previous or record[1:] != previous[task.output][1:]:
                    unrecorded.add(task.output)
        outcome = publisher.publish(
            kept, {tasks[i].output: keys[i] for i in staged}, images, previous, unrecorded, before_swap
        )
    except BaseException:
        publisher.abort()
        raise
    report.written = sorted(set(report.written) | set(outcome.written))
    report.removed = outcome.removed
    return outcome.files, keyed


def _materialize(todo: list, tasks: list[Task], keys: list[str], session: Session) -> list:
    """Ghosts to render (their file is missing or not as recorded) are
    planned for real first: a ghost has no payload (plan_memo.py)."""
    ghosts = [index for index, task in todo if task.key]
    if not ghosts:
        return todo
    real = session.plan.materialize({tasks[index].output for index in ghosts})
    for index in ghosts:
        tasks[index] = real[tasks[index].output]
    for index, key in zip(ghosts, session.keys.more([tasks[index] for index in ghosts])):
        keys[index] = key
    return [(index, tasks[index]) for index, _task in todo]


def _link_problems(
    plan: Plan, keys: dict[str, str], cache: BuildCache, out: Path, images, report: BuildReport, options: BuildOptions
) -> list[Diagnostic]:
    """Under --strict, check every page's links against the files of this
    build. Pages rendered now give their links; the others' are remembered
    in the cache under their task key, or read once from disk."""
    if not options.strict:
        return []  # the index costs half a second at 20,000 articles: kept for strict builds only
    known = cache.load_links(out)
    pages = {}
    for task in plan.tasks:
        if task.output.endswith(".html"):
            links = report.links.get(task.output)
            if links is None:
                remembered = known.get(task.output)  # (key, links): valid for that key only
                links = (
                    remembered[1]
                    if remembered and remembered[0] == keys[task.output]
                    else extract((out / task.output).read_text("utf-8"))
                )
            pages[task.output] = links
    cache.save_links(out, {page: (keys[page], links) for page, links in pages.items()})
    files = {task.output for task in plan.tasks} | images.outputs()
    files |= {f"{SEARCH_BUNDLE}{name}" for name in ("pagefind.js", "pagefind-entry.json")}
    sources = {task.output: task.source for task in plan.tasks}
    return check_links(pages, files, sources, LinkSite(plan.site["base_url"], plan.site["base_path"]))


def _render(todo, tasks, theme, plan, cache, out, publisher, jobs, report, options) -> tuple[set, list]:
    """Render ``todo``; the indexes of the tasks staged (bytes changed), and failures."""
    staged, failures = set(), []
    init_args = (
        theme,
        plan.site,
        plan.shared,
        cache.fragments_path,
        out,
        publisher.staging,
        options.strict,
        cache.templates_path,
    )
    results = pool.run(todo, pool.render_one, pool.init_render, init_args, jobs)
    for done, (index, status, detail, links) in enumerate(results, 1):
        options.progress("render", done, len(todo))
        task = tasks[index]
        if links is not None:
            report.links[task.output] = links
        if status == "failed":
            failures.append(error(task.source or task.output, 0, 0, f"cannot render {task.output}: {detail}"))
        elif status == "staged":
            staged.add(index)
        else:
            report.unchanged += 1
    report.rendered = len(todo)
    return staged, failures


def _unchanged_on_disk(path, record) -> tuple | None:
    """The file's record (with its inode) when the file is as the record
    says (size, mtime and, when recorded, inode); None otherwise."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if st.st_size != record[1] or st.st_mtime_ns != record[2]:
        return None
    if len(record) > 3:
        return record if st.st_ino == record[3] else None
    return (record[0], st.st_size, st.st_mtime_ns, st.st_ino)  # a record from an older manifest


def _stamp(path: Path, key: str) -> tuple:
    st = path.stat()
    return (key, st.st_size, st.st_mtime_ns, st.st_ino)


def _finish(report: BuildReport, started: float, options: BuildOptions) -> BuildReport:
    diagnostics = _strictly(report.diagnostics, options)
    report.diagnostics = sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.message))
    report.seconds = time.perf_counter() - started
    return report
