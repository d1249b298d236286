"""build(): a short script of named phases.

    scan     read every content file; fingerprint all inputs
    (skip)   inputs and outputs exactly as the last build left them: done
    load     config, editions, articles; Markdown for bodies the cache lacks
    check    images and other references; stop here on any error
    plan     the list of output tasks, each keyed by a hash of its payload
    render   tasks whose key changed (process pool), into a staging folder
    commit   staged files moved into place; stale outputs removed

The output of an incremental build is the same as a clean build's because
every task's key covers everything its bytes depend on."""
from __future__ import annotations

import gc
import hashlib
import marshal
import os
import time
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import workers
from .codeid import CODE_ID
from .cache import BuildCache, CacheState, Manifest
from .config import CONFIG_FILE, SiteConfig, load_config
from .errors import Diagnostic, error, has_errors
from .fragments import FragmentStore
from .site_images import SiteImages
from .ingest import Ingest
from .load import load_site
from .plan import Plan, PlanInput, Task, plan_site
from .progress import Progress, no_progress
from .publish import Publisher, check_output_folder
from .source import fingerprint, scan_content
from .theme import Theme, find_theme


SAVE_AFTER_MISSES = 20


@dataclass
class BuildOptions:
    root: Path
    out: Path | None = None          # default: <root>/site
    drafts: bool = False
    strict: bool = False
    jobs: int = 0                    # 0: all cores
    write: bool = True               # False: check only
    progress: Progress = no_progress  # (phase, done, total), for a progress bar


@dataclass
class BuildReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    rendered: int = 0                # tasks whose key changed and were rendered
    editions: int = 0
    articles: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)   # phase -> seconds

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


def build(options: BuildOptions) -> BuildReport:
    # A build makes many small objects and no garbage cycles worth chasing:
    # the cyclic collector would run thousands of times for nothing (it
    # triples the time to load the cache at 20,000 articles).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(options)
    finally:
        if collecting:
            gc.enable()


def _build(options: BuildOptions) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    clock = Clock(report)
    root, out = options.root, options.out or options.root / "site"
    jobs = options.jobs or workers.default_jobs()

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

    scanned = scan_content(root)
    inputs = fingerprint(scanned, root, CODE_ID.encode(), (root / CONFIG_FILE).read_bytes(),
                         theme.digest().encode(), str(options.drafts).encode())
    previous = cache.load_manifest(out) if options.write else Manifest()
    clock.lap("scan")
    if options.write and previous.fingerprint == inputs and _outputs_intact(out, previous):
        report.diagnostics += previous.diagnostics
        report.unchanged = len(previous.files)
        report.editions, report.articles = previous.counts
        return _finish(report, started, options)

    site, infos = _load(root, config, options, scanned, cache, jobs, report)
    images = SiteImages(root, config, _cache_folder(root, config), jobs, options.progress)
    report.diagnostics += images.check(site, infos)
    report.editions, report.articles = len(site.editions), site.article_count
    clock.lap("load")
    if has_errors(_strictly(report.diagnostics, options)) or not options.write:
        return _finish(report, started, options)

    plan = plan_site(PlanInput(site, config, infos, images.catalog(), _static_sources(theme),
                               static_digest=theme.static_digest()))
    report.diagnostics += _check_collisions(plan.tasks)
    clock.lap("plan")
    if report.failed:
        return _finish(report, started, options)
    manifest = _render_and_publish(plan, theme, cache, out, jobs, report, images, previous.files, clock, options)
    if manifest is not None:
        cache.save_manifest(out, Manifest(inputs, report.diagnostics, manifest,
                                          (report.editions, report.articles)))
    clock.lap("commit")
    return _finish(report, started, options)


def _cache_folder(root: Path, config: SiteConfig) -> Path:
    folder = Path(config.cache_dir)
    return folder if folder.is_absolute() else root / folder


def _strictly(diagnostics: list[Diagnostic], options: BuildOptions) -> list[Diagnostic]:
    """Under --strict, warnings fail the build like errors."""
    if not options.strict:
        return diagnostics
    return [d if d.is_error else replace(d, severity="error") for d in diagnostics]


def _outputs_intact(out: Path, manifest: Manifest) -> bool:
    """Every file the last build wrote is there, as it wrote it."""
    for output, record in manifest.files.items():
        if not _unchanged_on_disk(os.path.join(out, output), record):
            return False
    return True


def _load(root, config, options, scanned, cache: BuildCache, jobs, report):
    state = cache.load_state()
    store = FragmentStore(cache.fragments_path)
    try:
        ingest = Ingest(state, store, config.markdown, jobs, options.progress)
        site, problems = load_site(root, options.drafts, ingest, scanned)
        new_state = ingest.new_state()
    finally:
        store.close()
    report.diagnostics += problems
    # Saving costs a third of a second at 20,000 articles: a few misses are
    # cheaper to convert again next time than to save now.
    stale = len(state.parsed) - len(new_state.parsed.keys() & state.parsed.keys())
    if ingest.converted > SAVE_AFTER_MISSES or stale > SAVE_AFTER_MISSES or not state.parsed:
        cache.save_state(new_state)
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
            problems.append(error(task.source or task.output, 0, 0,
                                  f"output {task.output} collides with the one from {other.source or other.output}"))
        seen[folded] = task
    return problems


def task_key(task: Task, context_digest: bytes, shared_digests: dict[str, bytes]) -> str:
    h = hashlib.blake2b(context_digest, digest_size=16)
    for name, ref in task.shared:
        h.update(name.encode() + shared_digests[ref])
    for name, refs in task.lists:
        h.update(name.encode() + b"".join(shared_digests[ref] for ref in refs))
    if task.template:
        h.update(task.template.encode() + b"\0")
        # marshal version 2 writes equal values as equal bytes whatever the
        # object identities (pickle's memo would not), and is fast C.
        h.update(marshal.dumps(task.payload, 2))
    else:
        h.update(b"copy\0" + Path(task.payload).read_bytes())
    return h.hexdigest()


def _render_and_publish(plan: Plan, theme, cache: BuildCache, out: Path, jobs, report: BuildReport,
                        images, previous: dict, clock: Clock, options: BuildOptions) -> dict | None:
    """Render what changed, then commit; the new manifest, or None on failure."""
    tasks = plan.tasks
    # Every page sees the theme and the site context: both are part of every key.
    context = hashlib.blake2b(theme.digest().encode() + marshal.dumps(plan.site, 2), digest_size=16).digest()
    shared = {ref: hashlib.blake2b(marshal.dumps(value, 2), digest_size=16).digest()
              for ref, value in plan.shared.items()}
    todo, manifest, keys = [], {}, {}
    for index, task in enumerate(tasks):
        key = keys[index] = task_key(task, context, shared)
        old = previous.get(task.output)
        if old and old[0] == key and _unchanged_on_disk(os.path.join(out, task.output), old):
            manifest[task.output] = old
            report.unchanged += 1
        else:
            todo.append((index, task))
    clock.lap("plan")
    publisher = Publisher(out)
    publisher.prepare()
    try:
        staged, failures = _render(todo, tasks, theme, plan, cache, out, publisher, jobs, report, options.progress)
        clock.lap("render")
        if failures:
            report.diagnostics += failures
            publisher.abort()
            return None
        publisher.commit()
        report.written += images.publish(out)
    except BaseException:
        publisher.abort()
        raise
    report.written = sorted(report.written + [output for _name, output in staged])
    report.removed = publisher.prune(previous, {task.output for task in tasks} | images.outputs())
    for index, task in todo:
        manifest[task.output] = _stamp(out / task.output, keys[index])
    for output in images.outputs():
        manifest[output] = _stamp(out / output, "image")
    return manifest


def _render(todo, tasks, theme, plan, cache, out, publisher, jobs, report, progress):
    staged, failures = [], []
    init_args = (theme, plan.site, plan.shared, cache.fragments_path, out, publisher.staging)
    results = workers.run(todo, workers.render_one, workers.init_render, init_args, jobs)
    for done, (index, status, detail) in enumerate(results, 1):
        progress("render", done, len(todo))
        task = tasks[index]
        if status == "failed":
            failures.append(error(task.source or task.output, 0, 0, f"cannot render {task.output}: {detail}"))
        elif status == "staged":
            staged.append((index, task.output))
        else:
            report.unchanged += 1
    report.rendered = len(todo)
    return staged, failures


def _unchanged_on_disk(path, record) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_size == record[1] and st.st_mtime_ns == record[2]


def _stamp(path: Path, key: str) -> tuple:
    st = path.stat()
    return (key, st.st_size, st.st_mtime_ns)


def _finish(report: BuildReport, started: float, options: BuildOptions) -> BuildReport:
    diagnostics = _strictly(report.diagnostics, options)
    report.diagnostics = sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.message))
    report.seconds = time.perf_counter() - started
    return report
