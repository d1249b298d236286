"""Work that runs in the process pool: Markdown conversion, rendering and
the search index's blocks.

Each worker builds its own Markdown converter and Jinja environment in
its initializer; tasks and results are plain picklable data. With one job
(or little work) everything runs in the calling process instead."""

from __future__ import annotations

import collections
import ctypes
import enum
import gc
import hashlib
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from newsgen.build.fragments import FragmentInfo, FragmentStore, fragment_key
from newsgen.build.memory import keep_freed_memory
from newsgen.content.articles import parse_article
from newsgen.content.markdown import Converter
from newsgen.content.publishing import PLACEHOLDER_BODY
from newsgen.render.links import extract
from newsgen.render.pages import Renderer
from newsgen.render.task import Task

_converter: Converter | None = None
_markdown_key = ""
_renderer: Renderer | None = None
_out: Path | None = None
_staging: Path | None = None
_collect_links = False
_fragments: FragmentStore | None = None  # a worker's fragment store, for the search index's blocks
POOL_THRESHOLD = 64  # below this many items the pool costs more than it saves
SEARCH_POOL_ARTICLES = 1000  # fewer articles in the blocks to make: starting workers costs more


def _fewer_collections() -> None:
    """Workers allocate many short-lived trees and few cycles: collect
    rarely. (The main process disables the collector during a build and
    enables it after; a worker inherits that and must turn it back on.)"""
    if multiprocessing.parent_process() is not None:
        gc.set_threshold(100_000, 50, 100)
        gc.enable()


def init_convert(options) -> None:
    global _converter, _markdown_key
    _fewer_collections()
    _converter = Converter(options)
    _markdown_key = options.key


def ingest_one(item: tuple) -> tuple:
    """(rel, path, date) -> (hash of the bytes read, rel, Article | None,
    diagnostics, FragmentInfo | None, html | None)."""
    rel, path, date = item
    with open(path, "rb") as f:
        raw = f.read()
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    article, problems = parse_article(raw, rel, date)
    if article is None:
        return digest, rel, None, problems, None, None
    assert _converter is not None, "init_convert runs first"
    fragment = _converter.convert(article.body)
    images = tuple((ref, alt, _line_of(article.body, ref)) for ref, alt in fragment.images)
    info = FragmentInfo(fragment_key(article.body, _markdown_key), fragment.summary, fragment.chars, images)
    # The body goes back as HTML only: the fragment store keeps it, the cache and plan need no Markdown
    # (but the scaffold's placeholder body, which publishing.check_placeholders looks for).
    kept = article.body if article.body.strip() == PLACEHOLDER_BODY else ""
    return digest, rel, replace(article, body=kept), problems, info, fragment.html


def _line_of(body: str, ref: str) -> int:
    index = body.find(f"]({ref}")
    return body.count("\n", 0, index) if index >= 0 else 0


def init_render(
    theme,
    site: dict,
    shared: dict,
    store_path: Path,
    out: Path,
    staging: Path,
    collect_links: bool = False,
    compiled: Path | None = None,
) -> None:
    global _renderer, _out, _staging, _collect_links
    _fewer_collections()
    store = FragmentStore(store_path, readonly=True)  # lives as long as the worker
    _renderer = Renderer(theme, site, shared, store.get, compiled)
    _out, _staging, _collect_links = out, staging, collect_links


class Rendered(enum.Enum):
    STAGED = "staged"  # new bytes, written into the staging folder
    SAME = "same"  # the live file already holds these bytes
    FAILED = "failed"  # the template raised: ``detail`` says where and what


class RenderResult(NamedTuple):
    position: int  # of the task in the plan
    status: Rendered
    detail: str
    links: tuple | None  # an HTML page's (links, ids), when the build checks links


def render_one(item: tuple[int, Task]) -> RenderResult:
    """Render a task; stage its bytes unless the file already holds them.
    Links are collected only when the build checks them (they cost a
    fifth of the render time otherwise)."""
    index, task = item
    assert _renderer is not None and _out is not None and _staging is not None, "init_render runs first"
    try:
        data = _renderer.render(task)
    except Exception as exc:  # a theme bug: reported with its template, never a crash
        return RenderResult(index, Rendered.FAILED, _describe_template_error(exc), None)
    links = extract(data.decode("utf-8")) if _collect_links and task.output.endswith(".html") else None
    target = _out / task.output
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return RenderResult(index, Rendered.SAME, "", links)
    except OSError:
        pass
    staged = os.path.join(_staging, task.output)
    try:
        f = open(staged, "wb")
    except FileNotFoundError:
        os.makedirs(os.path.dirname(staged), exist_ok=True)
        f = open(staged, "wb")
    with f:
        f.write(data)
    return RenderResult(index, Rendered.STAGED, "", links)


def search_blocks(works: list, fragments: Path, jobs: int, body_html: Callable[[str], str]) -> Iterator:
    """The search index's blocks made whole (``search.blocks.make_block``),
    two or more at a time: each is a month of articles, seconds of work.
    Little work is done here, with ``body_html``.

    The workers are forked from a process with no other thread (the
    index's own, itself forked from the build after its load; see
    extras.py), with NumPy imported. A spawned worker is a fresh
    interpreter that imports newsgen again: 3.5 CPU-seconds more for a
    cold build of 20,000 articles. A forked one counts its parent's
    memory as its own (shared until written): with a block's 200 MiB,
    330 MiB at 20,000 articles, and less than the render's at 100,000.
    Where threads run (newsgen serve), forking is not safe: spawned."""
    from newsgen.search.blocks import make_block  # NumPy: only where a block is made whole (see blocks.py)

    if jobs <= 1 or len(works) < 2 or sum(len(members) for members, _shards in works) < SEARCH_POOL_ARTICLES:
        return (make_block(members, shards, body_html) for members, shards in works)
    method = "fork" if can_fork() else "spawn"
    return run(
        works, _search_block, _init_search_worker, (fragments,), jobs, threshold=2, method=method, ahead=jobs + 1
    )


def _init_search_worker(path: Path) -> None:
    global _fragments
    keep_freed_memory()
    _fragments = FragmentStore(path, readonly=True)


def _search_block(work: tuple) -> tuple:
    from newsgen.search.blocks import make_block

    assert _fragments is not None
    members, shards = work
    return make_block(members, shards, _fragments.get)


def _describe_template_error(exc: Exception) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    lineno = getattr(exc, "lineno", None)
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    if not where and name and lineno:
        where = f"{name}:{lineno}"
    return f"{where}: {type(exc).__name__}: {exc}" if where else f"{type(exc).__name__}: {exc}"


def can_fork() -> bool:
    """Whether this process may fork workers: no other thread runs in it
    (a forked child would inherit their locks held, never to be released),
    and the platform forks at all."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def run(
    items: list,
    work: Callable,
    init: Callable,
    init_args: tuple,
    jobs: int,
    chunksize: int = 32,
    threshold: int = POOL_THRESHOLD,
    method: str = "fork",
    ahead: int | None = None,
) -> Iterator:
    """map ``work`` over ``items`` in a pool of ``jobs`` processes (in this
    process when jobs is 1 or there are fewer than ``threshold`` items).
    Results come in order. ``method``: how workers start, "fork" (cheap) or
    "spawn" (a fresh interpreter: it holds none of this process's memory).
    ``ahead``: at most this many items given out beyond the results taken
    (big results would otherwise pile up while the caller is busy)."""
    if jobs <= 1 or len(items) < threshold:
        init(*init_args)
        yield from map(work, items)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context(method if method in methods else "spawn")
    start, start_args = _worker_start, (os.getpid(), init, init_args)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=start, initargs=start_args) as pool:
        if ahead is None:
            yield from pool.map(work, items, chunksize=max(1, min(chunksize, len(items) // (jobs * 4) or 1)))
            return
        waiting = iter(items)
        given = collections.deque(pool.submit(work, item) for item in itertools.islice(waiting, ahead))
        while given:
            result = given.popleft().result()
            given.extend(pool.submit(work, item) for item in itertools.islice(waiting, 1))
            yield result


def _worker_start(parent: int, init: Callable, init_args: tuple) -> None:
    """A worker's first act: to end when the build that started it ends,
    however it ends. A build killed with SIGKILL (serve and CI cancel builds
    so) cannot stop its workers; left alone they would idle on for ever,
    adopted by init."""
    end_with_parent(parent)
    init(*init_args)


def end_with_parent(parent: int) -> None:
    """Linux: the kernel sends SIGKILL when the parent dies (prctl
    PR_SET_PDEATHSIG); elsewhere a thread checks the parent every second."""
    if _parent_death_signal():
        if os.getppid() != parent:  # the parent died before the signal was asked for
            os._exit(1)
        return
    threading.Thread(target=_watch_parent, args=(parent,), name="newsgen-parent-watch", daemon=True).start()


PR_SET_PDEATHSIG = 1


def _parent_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
