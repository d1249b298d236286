"""Work that runs in the process pool: Markdown conversion and rendering.

Each worker builds its own Markdown converter and Jinja environment in
its initializer; tasks and results are plain picklable data. With one job
(or little work) everything runs in the calling process instead."""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from dataclasses import replace
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterator

from newsgen.build.fragments import FragmentInfo, FragmentStore, fragment_key
from newsgen.content.articles import parse_article
from newsgen.render.links import extract
from newsgen.content.markdown import Converter
from newsgen.render.pages import Renderer

_converter: Converter | None = None
_markdown_key = ""
_renderer: Renderer | None = None
_out: Path | None = None
_staging: Path | None = None
_collect_links = False
POOL_THRESHOLD = 64  # below this many items the pool costs more than it saves


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
    """(file key, rel, bytes, date) -> (file key, rel, Article | None,
    diagnostics, FragmentInfo | None, html | None)."""
    key, rel, raw, date = item
    article, problems = parse_article(raw, rel, date)
    if article is None:
        return key, rel, None, problems, None, None
    fragment = _converter.convert(article.body)
    images = tuple((ref, alt, _line_of(article.body, ref)) for ref, alt in fragment.images)
    info = FragmentInfo(fragment_key(article.body, _markdown_key), fragment.summary, fragment.chars, images)
    # The body goes back as HTML only: the fragment store keeps it, the cache and plan need no Markdown.
    return key, rel, replace(article, body=""), problems, info, fragment.html


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


def render_one(item: tuple[int, object]) -> tuple:
    """Render a task; stage its bytes unless the file already holds them.
    Returns (index, status, detail, links) with status staged | same |
    failed, and for an HTML page its (links, ids) for the link checker
    when the build checks links (a fifth of the render time otherwise)."""
    index, task = item
    try:
        data = _renderer.render(task)
    except Exception as exc:  # a theme bug: reported with its template, never a crash
        return index, "failed", _describe_template_error(exc), None
    links = extract(data.decode("utf-8")) if _collect_links and task.output.endswith(".html") else None
    target = _out / task.output
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return index, "same", "", links
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
    return index, "staged", "", links


def _describe_template_error(exc: Exception) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    lineno = getattr(exc, "lineno", None)
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    if not where and name and lineno:
        where = f"{name}:{lineno}"
    return f"{where}: {type(exc).__name__}: {exc}" if where else f"{type(exc).__name__}: {exc}"


def run(items: list, work: Callable, init: Callable, init_args: tuple, jobs: int, chunksize: int = 32) -> Iterator:
    """map ``work`` over ``items`` in a pool of ``jobs`` processes (in this
    process when jobs is 1 or the work is small). Results come in order."""
    if jobs <= 1 or len(items) < POOL_THRESHOLD:
        init(*init_args)
        yield from map(work, items)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=init, initargs=init_args) as pool:
        yield from pool.map(work, items, chunksize=max(1, min(chunksize, len(items) // (jobs * 4) or 1)))


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
