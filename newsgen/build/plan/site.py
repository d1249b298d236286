"""Site -> the sorted list of output tasks.

One output file is one Task. Its payload is plain data holding everything
the file's bytes depend on (titles, URLs, neighbours, page lists, and the
key of the article's HTML fragment), so the build can key, skip, and render
tasks in any order and in any process. Every list here is built in one
pass over the articles: nothing is quadratic in their number.

This module plans the pages of editions (front page, pages, articles);
plan_lists.py the lists (archive, calendars, tags, feed, sitemaps)."""

from __future__ import annotations

from dataclasses import astuple

from newsgen import urls
from newsgen.build.keys import digest
from newsgen.build.plan import seo
from newsgen.build.plan.context import fixed_pages, index_tiers, site_context
from newsgen.build.plan.editions import edition_unit, ghost_unit
from newsgen.build.plan.lists import (
    SITEMAP_LIMIT,
    archive_tasks,
    calendar_tasks,
    feed_tasks,
    pagination,
    search_engine_tasks,
    sitemap_tasks,
    tag_tasks,
)
from newsgen.build.plan.memo import PlanMemo
from newsgen.build.plan.tasks import FragmentInfo, Plan, PlanInput, Task, edition_ref
from newsgen.content.model import EditionContent
from newsgen.urls import Linker

__all__ = ["FragmentInfo", "Plan", "PlanInput", "PlanMemo", "Task", "plan_site", "pagination", "SITEMAP_LIMIT"]


def plan_site(inp: PlanInput, memo: PlanMemo | None = None) -> Plan:
    """The plan. With a ``memo`` of the last plan, the parts whose inputs
    are equal to last time's (an edition, a list) are taken from it, not
    made again: a long-running process (newsgen serve) replans one edited
    article's edition, not the archive. The plan is the same either way."""
    memo = memo if memo is not None else PlanMemo()
    linker = Linker(inp.config.base_url, inp.config.base_path)
    common = site_context(inp, linker)
    memo.begin((common, inp.config, inp.static_files), digest((common, astuple(inp.config), inp.static_files)))
    inp.shared.update({seo.NEWS_ARTICLE: seo.news_article_common(common)})
    tasks: list[Task] = []
    editions = inp.site.editions
    newest_first = list(reversed(editions))
    for index, content in enumerate(editions):
        older = editions[index - 1] if index > 0 else None
        newer = editions[index + 1] if index + 1 < len(editions) else None
        inputs = _edition_inputs(inp, content, older, newer)
        # (Default arguments bind this edition: ``make`` may run after the loop.)
        unit, shared = memo.unit(
            edition_ref(content.edition.date.isoformat()),
            inputs,
            lambda c=content, o=older, n=newer: edition_unit(inp, linker, common, c, o, n),
            # the newest is always made: the home page is a copy of its front page
            (lambda c=content, i=inputs: _edition_stamp(inp, c, i)) if newer is not None else None,
            lambda rows, c=content, o=older, n=newer: ghost_unit(inp, linker, c, o, n, rows),
        )
        inp.shared.update(shared)
        tasks += unit
    tasks += _home_page(tasks, newest_first)
    tasks += memo.unit(
        "archive", _archive_inputs(newest_first), lambda: archive_tasks(inp, linker, common, newest_first)
    )
    tasks += memo.unit(
        "calendar",
        tuple((c.edition.date, c.edition.number) for c in editions),
        lambda: calendar_tasks(inp, linker, common, editions),
    )
    tasks += memo.unit(
        "tags",
        tuple((a.source, a.tags) for c in newest_first for a in c.articles),
        lambda: tag_tasks(inp, linker, common, newest_first),
    )
    tasks += feed_tasks(inp, linker, newest_first)
    tasks += search_engine_tasks(inp, linker, newest_first)
    tasks += fixed_pages(linker, common, index_tiers(inp))
    tasks += [
        Task(output=urls.static_path(name), template="", payload=path, source=path)
        for name, path in inp.static_files.items()
    ]
    tasks += memo.unit("sitemap", tuple((t.output, t.shared) for t in tasks), lambda: sitemap_tasks(linker, tasks))
    memo.end()
    return Plan(sorted(tasks, key=lambda task: task.output), common, inp.shared)


def _home_page(tasks: list[Task], newest_first: list[EditionContent]) -> list[Task]:
    """The site's front page: the newest edition's front page, marked as home."""
    if not newest_first:
        return []
    front = urls.output_file(urls.edition_path(newest_first[0].edition.date))
    home = next(t for t in tasks if t.output == front)
    payload = dict(home.context(), is_home=True)
    return [
        Task(
            output="index.html",
            template=home.template,
            payload=payload,
            source=home.source,
            shared=home.shared,
            lists=home.lists,
        )
    ]


def _edition_stamp(inp: PlanInput, content: EditionContent, inputs: tuple) -> bytes | None:
    """``_edition_inputs`` as a hash that holds from one process to the
    next: an edition's files are known by their cache keys (a parse is a
    pure function of the file), so equal stamps mean equal inputs."""
    try:
        keys = [inp.file_keys[content.edition.source]] + [inp.file_keys[a.source] for a in content.articles]
    except KeyError:
        return None
    _content, _fragments, images, older, newer = inputs
    return digest((keys, images, older and older.isoformat(), newer and newer.isoformat()))


def _edition_inputs(inp: PlanInput, content: EditionContent, older, newer) -> tuple:
    """All that an edition's pages are made of, besides the site context."""
    fragments = tuple(inp.fragments[a.source] for a in content.articles)
    refs = [a.image for a in content.articles if a.image]
    refs += [ref for info in fragments for ref, *_rest in info.images]
    refs += [ref for page in content.edition.pages for ref in (page.scan, page.pdf) if ref]
    return (
        content,
        fragments,
        tuple(inp.images.get(ref) for ref in refs),
        older and older.edition.date,
        newer and newer.edition.date,
    )


def _archive_inputs(newest_first: list[EditionContent]) -> tuple:
    return tuple(
        (
            c.edition.date,
            c.edition.number,
            len(c.edition.pages),
            len(c.articles),
            c.articles[0].title if c.articles else "",
            c.articles[0].slug if c.articles else "",
        )
        for c in newest_first
    )
