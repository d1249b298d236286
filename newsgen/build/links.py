"""The link check of a --strict build, with its memory: every internal
link and anchor of every page, against the files of this build."""

from __future__ import annotations

from newsgen.build.extras import Extras
from newsgen.build.plan.site import Plan
from newsgen.build.run import Run
from newsgen.errors import Diagnostic
from newsgen.render.links import Site as LinkSite
from newsgen.render.links import check_links, extract, source_links


def unrendered_problems(run: Run, plan: Plan, images: Extras) -> list[Diagnostic]:
    """check --strict renders nothing: the links written in article bodies
    are checked against the files the plan would write."""
    pages = {
        task.output: (source_links(run.root, task.source), None)
        for task in plan.tasks
        if task.output.endswith(".html") and (task.source or "").endswith(".md")
    }
    return _check(run, plan, pages, images)


def problems(run: Run, plan: Plan, keys: dict[str, str], images: Extras) -> list[Diagnostic]:
    """Under --strict, every page's links checked. Pages rendered now give
    their links; the others' are remembered in the cache under their task
    key, or read once from disk."""
    if not run.options.strict:
        return []  # the index costs half a second at 20,000 articles: kept for strict builds only
    known = run.cache.load_links(run.out)
    pages = {}
    for task in plan.tasks:
        if task.output.endswith(".html"):
            found = run.report.links.get(task.output)
            if found is None:
                remembered = known.get(task.output)  # (key, links): valid for that key only
                found = (
                    remembered[1]
                    if remembered and remembered[0] == keys[task.output]
                    else extract((run.out / task.output).read_text("utf-8"))
                )
            pages[task.output] = found
    run.cache.save_links(run.out, {page: (keys[page], found) for page, found in pages.items()})
    return _check(run, plan, pages, images)


def _check(run: Run, plan: Plan, pages: dict, images: Extras) -> list[Diagnostic]:
    """The links of ``pages`` against every file this build writes."""
    files = {task.output for task in plan.tasks} | images.outputs()
    sources = {task.output: task.source for task in plan.tasks}
    return check_links(pages, files, sources, LinkSite(plan.site["base_url"], plan.site["base_path"]), run.root)
