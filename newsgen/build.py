"""build(): a short script of named phases.

    load     config, editions, articles (parsed articles cached by hash)
    convert  Markdown bodies that the cache does not hold (process pool)
    check    images and other references; stop here on any error
    plan     the list of output tasks, each keyed by a hash of its payload
    render   tasks whose key changed (process pool), into a staging folder
    commit   staged files moved into place; stale outputs removed

The output of an incremental build is the same as a clean build's because
every task's key covers everything its bytes depend on."""
from __future__ import annotations

import hashlib
import marshal
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__
from .cache import BuildCache, CacheState
from .config import SiteConfig, load_config
from .errors import Diagnostic, error, has_errors, warning
from .fragments import FragmentStore
from .images_core import ImageCatalog
from .ingest import Ingest
from .load import load_site
from .model import Site
from .plan import PlanInput, Task, plan_site
from .publish import Publisher, check_output_folder
from .theme import Theme, find_theme
from . import workers


@dataclass
class BuildOptions:
    root: Path
    out: Path | None = None          # default: <root>/site
    drafts: bool = False
    strict: bool = False
    jobs: int = 0                    # 0: all cores
    write: bool = True               # False: check only


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

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)


def build(options: BuildOptions) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    root = options.root
    out = options.out or root / "site"
    jobs = options.jobs or workers.default_jobs()

    config, problems = load_config(root)
    report.diagnostics += problems
    if config is None:
        return _finish(report, started)
    theme, problems = find_theme(root, config.theme)
    report.diagnostics += problems
    if options.write:
        report.diagnostics += check_output_folder(root, out)
    cache = BuildCache(_cache_folder(root, config))
    state = cache.load_state()

    site, infos = _load_and_convert(root, config, options, state, cache, jobs, report)
    images = ImageCatalog(root, config)
    report.diagnostics += images.check(site, infos)
    if options.strict:
        report.diagnostics = [_strict(d) for d in report.diagnostics]
    report.editions, report.articles = len(site.editions), site.article_count
    if report.failed or theme is None or not options.write:
        return _finish(report, started)

    tasks = plan_site(PlanInput(site, config, infos, images.catalog(), _static_sources(theme),
                                static_digest=theme.digest()))
    report.diagnostics += _check_collisions(tasks)
    if report.failed:
        return _finish(report, started)
    _render_and_publish(tasks, theme, cache, out, jobs, report, images)
    if not report.failed:
        cache.save_state(state)
    return _finish(report, started)


def _cache_folder(root: Path, config: SiteConfig) -> Path:
    folder = Path(config.cache_dir)
    return folder if folder.is_absolute() else root / folder


def _strict(d: Diagnostic) -> Diagnostic:
    return replace(d, severity="error") if not d.is_error else d


def _load_and_convert(root, config, options, state: CacheState, cache: BuildCache, jobs, report):
    store = FragmentStore(cache.fragments_path)
    try:
        ingest = Ingest(state, store, config.raw_html, jobs)
        site, problems = load_site(root, options.drafts, ingest)
    finally:
        store.close()
    report.diagnostics += problems
    return site, ingest.infos


def _static_sources(theme: Theme) -> dict[str, str]:
    return {name: str(path) for name, path in theme.static_files().items()}


def _check_collisions(tasks: list[Task]) -> list[Diagnostic]:
    """Two outputs on one path (also when they differ only by case or
    Unicode normalisation, which some file systems fold together)."""
    import unicodedata
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


def task_key(task: Task, theme_digest: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(theme_digest.encode())
    if task.template:
        h.update(task.template.encode() + b"\0")
        # marshal version 2 writes equal values as equal bytes whatever the
        # object identities (pickle's memo would not), and is fast C.
        h.update(marshal.dumps(task.payload, 2))
    else:
        h.update(b"copy\0" + Path(task.payload).read_bytes())
    return h.hexdigest()


def _render_and_publish(tasks, theme, cache: BuildCache, out: Path, jobs, report: BuildReport, images) -> None:
    digest = theme.digest()
    previous = cache.load_manifest(out)
    keys = [task_key(task, digest) for task in tasks]
    todo = []
    manifest: dict[str, list] = {}
    for index, (task, key) in enumerate(zip(tasks, keys)):
        old = previous.get(task.output)
        if old and old[0] == key and _unchanged_on_disk(out / task.output, old):
            manifest[task.output] = old
            report.unchanged += 1
        else:
            todo.append((index, task))
    publisher = Publisher(out)
    publisher.prepare()
    staged, failures = [], []
    try:
        init_args = (theme, cache.fragments_path, out, publisher.staging)
        for index, status, detail in workers.run(todo, workers.render_one, workers.init_render, init_args, jobs):
            task = tasks[index]
            if status == "failed":
                failures.append(error(task.source or task.output, 0, 0, f"cannot render {task.output}: {detail}"))
            elif status == "staged":
                staged.append((str(index), task.output))
            else:
                report.unchanged += 1
        report.rendered = len(todo)
        if failures:
            report.diagnostics += failures
            publisher.abort()
            return
        publisher.commit(staged)
        report.written += images.publish(out)
    except BaseException:
        publisher.abort()
        raise
    report.written = sorted(report.written + [output for _name, output in staged])
    current = {task.output for task in tasks}
    report.removed = publisher.prune(previous, current | images.outputs())
    for index, task in todo:
        manifest[task.output] = _stamp(out / task.output, keys[index])
    for output in images.outputs():
        manifest[output] = _stamp(out / output, "image")
    cache.save_manifest(out, manifest)


def _unchanged_on_disk(path: Path, record: list) -> bool:
    try:
        st = path.stat()
    except OSError:
        return False
    return [st.st_size, st.st_mtime_ns] == record[1:3]


def _stamp(path: Path, key: str) -> list:
    st = path.stat()
    return [key, st.st_size, st.st_mtime_ns]


def _finish(report: BuildReport, started: float) -> BuildReport:
    report.diagnostics = sorted(set(report.diagnostics), key=lambda d: (d.path, d.line, d.col, d.message))
    report.seconds = time.perf_counter() - started
    return report
