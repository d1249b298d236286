"""Render what changed, check the links, and publish: the build's last
phases, after the plan (phases.py). Either the whole new build goes live,
search index and changed-urls.txt included, or nothing does."""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

from newsgen.build import links, pool
from newsgen.build.cache import Manifest
from newsgen.build.extras import Extras
from newsgen.build.memory import hand_back_freed_memory
from newsgen.build.plan.seo import changed_urls
from newsgen.build.plan.site import Plan
from newsgen.build.pool import Rendered
from newsgen.build.report import strictly
from newsgen.build.run import Run
from newsgen.errors import Diagnostic, error, has_errors
from newsgen.files import write_if_changed
from newsgen.i18n import msg
from newsgen.publish.publisher import Publisher
from newsgen.publish.records import FileRecord, stamp, unchanged_on_disk
from newsgen.render.task import Task

CHANGED_URLS = "changed-urls.txt"  # the pages a build wrote, one absolute URL a line

Todo = list[tuple[int, Task]]  # (index in the plan, task) of the tasks to render


def render_and_publish(
    run: Run, plan: Plan, images: Extras, live: Manifest
) -> tuple[dict[str, FileRecord] | None, dict[str, str]]:
    """Render what changed, then commit; the new manifest's records (None
    when the build failed) and every output's key. ``live``: the manifest
    of the output folder as it is."""
    session, report, previous = run.session, run.report, live.files
    # The live files are as recorded when the folder is the session's own.
    trusted = session.owns_output and session.published == run.out and not live.dirty
    session.published = None  # until this build is committed
    tasks = plan.tasks
    # Every page sees the theme and the site context: both are part of every key.
    context = hashlib.blake2b(run.theme.digest().encode() + marshal.dumps(plan.site, 2), digest_size=16).digest()
    keys = session.keys.keys(tasks, plan.shared, context, session.plan.ghost_digests())
    todo, kept = _select(tasks, keys, previous, os.path.join(run.out, ""), trusted)
    report.unchanged += len(kept)
    todo = _materialize(todo, tasks, keys, run)
    run.clock.lap("plan")
    keyed = {task.output: keys[index] for index, task in enumerate(tasks)}
    publisher = Publisher(run.out, run.cache)
    report.diagnostics += publisher.prepare()
    try:
        staged, failures = _render(run, todo, plan, publisher)
        if session.one_shot:
            todo = _drop_contexts(run, plan, todo)
            hand_back_freed_memory()  # (here: the last tasks holding the contexts were ``todo``'s)
        run.clock.lap("render")
        report.diagnostics += links.problems(run, plan, keyed, images)
        if failures or has_errors(strictly(report.diagnostics, run.options)):
            report.diagnostics += failures
            publisher.abort()
            return None, keyed
        unrecorded = _same_bytes(run, todo, staged, keys, kept, previous)

        def before_swap(folder: Path, written: list[str]) -> None:
            _last_work(run, folder, written)
            run.clock.lap("after")

        staged_keys = {tasks[i].output: keys[i] for i in staged}
        outcome = publisher.publish(kept, staged_keys, images, previous, unrecorded, before_swap)
    except BaseException:
        publisher.abort()
        raise
    report.written = sorted(set(report.written) | set(outcome.written))
    report.removed = outcome.removed
    return outcome.files, keyed


def _select(
    tasks: list[Task], keys: list[str], previous: dict[str, FileRecord], folder: str, trusted: bool
) -> tuple[Todo, dict[str, FileRecord]]:
    """The tasks to render, and the live files kept as they are (their key
    unchanged and the file as recorded; ``trusted``: not looked at)."""
    todo, kept = [], {}
    for index, task in enumerate(tasks):
        old = previous.get(task.output)
        if old is not None and old.key == keys[index]:
            record = old if trusted else unchanged_on_disk(folder + task.output, old)
            if record is not None:
                kept[task.output] = record
                continue
        todo.append((index, task))
    return todo, kept


def _materialize(todo: Todo, tasks: list[Task], keys: list[str], run: Run) -> Todo:
    """Ghosts to render (their file is missing or not as recorded) are
    planned for real first: a ghost has no payload (plan/memo.py)."""
    ghosts = [index for index, task in todo if task.key]
    if not ghosts:
        return todo
    session = run.session
    real = session.plan.materialize({tasks[index].output for index in ghosts})
    for index in ghosts:
        tasks[index] = real[tasks[index].output]
    for index, key in zip(ghosts, session.keys.more([tasks[index] for index in ghosts])):
        keys[index] = key
    return [(index, tasks[index]) for index, _task in todo]


def _render(run: Run, todo: Todo, plan: Plan, publisher: Publisher) -> tuple[set[int], list[Diagnostic]]:
    """Render ``todo``; the indexes of the tasks staged (bytes changed), and failures."""
    staged, failures = set(), []
    report, cache = run.report, run.cache
    init_args = (
        run.theme,
        plan.site,
        plan.shared.only(_refs(task for _index, task in todo)),
        cache.fragments_path,
        run.out,
        publisher.staging,
        run.options.strict,
        cache.templates_path,
    )
    results = pool.run(todo, pool.render_one, pool.init_render, init_args, run.jobs)
    for done, result in enumerate(results, 1):
        run.options.progress("render", done, len(todo))
        task = plan.tasks[result.position]
        if result.links is not None:
            report.links[task.output] = result.links
        if result.status is Rendered.FAILED:
            failures.append(
                error(
                    task.source or task.output,
                    0,
                    0,
                    msg("cannot render {output}: {detail}", output=task.output, detail=result.detail),
                )
            )
        elif result.status is Rendered.STAGED:
            staged.add(result.position)
        else:
            report.unchanged += 1
    report.rendered = len(todo)
    return staged, failures


def _drop_contexts(run: Run, plan: Plan, todo: Todo) -> Todo:
    """A build run once needs no page's context after its render: the
    plan, the memo and ``todo`` take the tasks without them. (Only the
    tasks that have one: after an edit most are ghosts, and making a copy
    of each of them took a quarter of a second at 20,000 articles.)"""
    light = {task.output: task.without_context() for task in plan.tasks if task.has_context}
    plan.tasks[:] = [light.get(task.output, task) for task in plan.tasks]
    run.session.plan.drop_contexts(light)
    run.session.keys.forget_tasks()
    return [(index, plan.tasks[index]) for index, _task in todo]


def _refs(tasks) -> set[str]:
    """The shared values the tasks refer to: all that their render asks for."""
    refs: set[str] = set()
    for task in tasks:
        refs.update(ref for _name, ref in task.shared)
        for _name, list_refs in task.lists:
            refs.update(list_refs)
    return refs


def _same_bytes(
    run: Run, todo: Todo, staged: set[int], keys: list[str], kept: dict[str, FileRecord], previous: dict
) -> set[str]:
    """Tasks rendered whose live file already holds their bytes are kept,
    stamped anew; those whose live file is not as the live manifest says
    are returned (the standby must take them from the live folder)."""
    unrecorded = set()
    for index, task in todo:
        if index not in staged:
            record = kept[task.output] = stamp(run.out / task.output, keys[index])
            if task.output not in previous or record[1:] != previous[task.output][1:]:
                unrecorded.add(task.output)
    return unrecorded


def _last_work(run: Run, folder: Path, written: list[str]) -> None:
    """On the new generation, complete but not yet live: the list of pages
    this build wrote, to push to search engines. It goes live with them."""
    write_if_changed(folder / CHANGED_URLS, changed_urls(written, run.config.base_url).encode("utf-8"))
