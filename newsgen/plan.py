"""Site -> the sorted list of output tasks.

One output file is one Task. Its payload is plain data holding everything
the file's bytes depend on (titles, URLs, neighbours, page lists, and the
key of the article's HTML fragment), so the build can key, skip, and render
tasks in any order and in any process. Every list here is built in one
pass over the articles: nothing is quadratic in their number."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from . import urls
from .bylines import credit, format_byline
from .config import SiteConfig
from .model import Article, EditionContent, Site, chinese_date
from .urls import Linker

SITEMAP_LIMIT = 40_000   # URLs per sitemap file (the protocol allows 50,000)


@dataclass(frozen=True)
class Task:
    output: str          # path under the output folder
    template: str        # Jinja template, or "" for a file copied as is
    payload: object      # template context, or the source path of a copy
    source: str          # the input file that produced it, for reports
    shared: tuple[tuple[str, str], ...] = ()
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Parts of the context that many tasks have in common (an edition's page
    # list, an article's list entry) are made and hashed once, kept in
    # Plan.shared by reference, and joined to the payload when the task is
    # rendered: ``shared`` gives (name, ref) pairs, ``lists`` (name, refs).
    # A shared mapping is the default of a payload mapping of the same name.


@dataclass(frozen=True)
class FragmentInfo:
    """What list pages need to know of an article's body."""
    key: str                 # the fragment's cache key (its HTML is fetched when rendering)
    summary: str
    chars: int
    images: tuple[tuple[str, str, int], ...] = ()   # (ref, alt, line in the body) of body images


@dataclass
class PlanInput:
    site: Site
    config: SiteConfig
    fragments: dict[str, FragmentInfo]        # article source -> its fragment
    images: dict[str, dict]                   # image ref -> image info for templates
    static_files: dict[str, str]              # output name -> source path
    static_digest: str = ""
    entries: dict[str, dict] = field(default_factory=dict)   # article source -> list entry
    tag_urls: dict[str, str] = field(default_factory=dict)
    shared: dict[str, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    tasks: list[Task]     # sorted by output path
    site: dict            # the context every template sees as ``site``
    shared: dict          # shared context name -> context (see Task.shared)


def plan_site(inp: PlanInput) -> Plan:
    linker = Linker(inp.config.base_url, inp.config.base_path)
    common = _site_context(inp, linker)
    # Each article's list entry is made once and shared by every page that
    # lists it (its page, its edition, its tags, the feed).
    inp.entries = {a.source: _entry(a, inp, linker) for e in inp.site.editions for a in e.articles}
    inp.shared.update((_ref(source), entry) for source, entry in inp.entries.items())
    tasks: list[Task] = []
    editions = inp.site.editions
    newest_first = list(reversed(editions))
    for index, content in enumerate(editions):
        older = editions[index - 1] if index > 0 else None
        newer = editions[index + 1] if index + 1 < len(editions) else None
        tasks += _edition_tasks(inp, linker, common, content, older, newer)
    if newest_first:
        home = next(t for t in tasks if t.output == urls.output_file(urls.edition_path(newest_first[0].edition.date)))
        tasks.append(Task("index.html", home.template, {**home.payload, "is_home": True}, home.source, home.shared, home.lists))
    tasks += _archive_tasks(inp, linker, common, newest_first)
    tasks += _tag_tasks(inp, linker, common, newest_first)
    tasks += _feed_tasks(inp, linker, common, newest_first)
    tasks.append(Task("404.html", "404.html", {"canonical": "", "title": "页面未找到"}, ""))
    tasks += [Task(urls.static_path(name), "", path, path) for name, path in inp.static_files.items()]
    tasks += _sitemap_tasks(common, linker, tasks)
    return Plan(sorted(tasks, key=lambda task: task.output), common, inp.shared)


def _site_context(inp: PlanInput, linker: Linker) -> dict:
    c = inp.config
    return {
        "title": c.title, "language": c.language, "base_url": c.base_url, "base_path": c.base_path,
        "home_url": linker.url(""), "archive_url": linker.url(urls.archive_path()),
        "tags_url": linker.url(urls.TAGS_INDEX), "feed_url": linker.url(urls.FEED),
        "css_url": linker.url(urls.static_path("style.css")) + "?v=" + inp.static_digest[:10],
        "static_url": linker.url("static/"),
    }


def _edition_context(content: EditionContent, linker: Linker) -> dict:
    ed = content.edition
    counts = defaultdict(int)
    for article in content.articles:
        counts[article.page] += 1
    return {
        "date": ed.date.isoformat(), "date_text": chinese_date(ed.date), "number": ed.number,
        "url": linker.url(urls.edition_path(ed.date)),
        "pages": [_page_context(ed.date, p, linker, counts[p.number]) for p in ed.pages],
    }


def _page_context(date: dt.date, page, linker: Linker, count: int = 0) -> dict:
    return {"number": page.number, "label": page.label, "name": page.name, "editor": page.editor,
            "url": linker.url(urls.page_path(date, page.number)), "count": count,
            "pdf": page.pdf, "scan": page.scan}


def _entry(article: Article, inp: PlanInput, linker: Linker) -> dict:
    """An article as list pages show it."""
    info = inp.fragments[article.source]
    return {
        "title": article.title, "kicker": article.kicker, "subtitle": article.subtitle,
        "kind": article.kind, "url": linker.url(urls.article_path(article.date, article.slug)),
        "byline": format_byline(article.byline), "credit": credit(article.byline),
        "summary": info.summary, "date": article.date.isoformat(), "date_text": chinese_date(article.date),
        "image": inp.images.get(article.image) if article.image else None,
        "caption": article.caption, "chars": info.chars,
    }


def _ref(source: str) -> str:
    return f"entry:{source}"


def _refs(articles) -> tuple[str, ...]:
    return tuple(_ref(a.source) for a in articles)


def _link(article: Article | None, inp: PlanInput) -> dict | None:
    if article is None:
        return None
    return {"title": article.title, "url": inp.entries[article.source]["url"]}


def _edition_tasks(inp, linker, common, content: EditionContent, older, newer) -> list[Task]:
    edition = _edition_context(content, linker)
    edition["older"] = _edition_link(older, linker)
    edition["newer"] = _edition_link(newer, linker)
    ed = content.edition
    shared = (("edition", f"edition:{ed.date.isoformat()}"),)
    inp.shared[shared[0][1]] = edition
    by_page = defaultdict(list)
    for article in content.articles:
        by_page[article.page].append(article)
    tasks = []
    first = ed.pages[0]
    tasks.append(Task(urls.output_file(urls.edition_path(ed.date)), "edition.html", {
        "is_home": False,
        "canonical": linker.absolute(urls.edition_path(ed.date)),
        "title": f"{common['title']} {edition['date_text']}",
        "page": _page_context(ed.date, first, linker, len(by_page[first.number])),
    }, ed.source, shared, (("articles", _refs(by_page[first.number])),)))
    for index, page in enumerate(ed.pages):
        prev_page = ed.pages[index - 1] if index > 0 else None
        next_page = ed.pages[index + 1] if index + 1 < len(ed.pages) else None
        path = urls.page_path(ed.date, page.number)
        tasks.append(Task(urls.output_file(path), "page.html", {
            "canonical": linker.absolute(path),
            "title": f"{page.label} {page.name} · {edition['date_text']}",
            "page": _page_context(ed.date, page, linker, len(by_page[page.number])),
            "prev_page": _page_context(ed.date, prev_page, linker) if prev_page else None,
            "next_page": _page_context(ed.date, next_page, linker) if next_page else None,
        }, ed.source, shared, (("articles", _refs(by_page[page.number])),)))
    articles = content.articles
    for index, article in enumerate(articles):
        tasks.append(_article_task(inp, linker, common, edition, article,
                                   articles[index - 1] if index > 0 else None,
                                   articles[index + 1] if index + 1 < len(articles) else None, shared))
    return tasks


def _edition_link(content: EditionContent | None, linker: Linker) -> dict | None:
    if content is None:
        return None
    return {"date_text": chinese_date(content.edition.date), "url": linker.url(urls.edition_path(content.edition.date))}


def _article_task(inp, linker, common, edition, article: Article, prev, next_, shared) -> Task:
    page = next(p for p in edition["pages"] if p["number"] == article.page)
    info = inp.fragments[article.source]
    entry = {
        "page_label": f"{page['label']} {page['name']}",
        "dateline": format_byline(article.byline, article.dateline) if article.dateline else "",
        "tags": [{"name": t, "url": _tag_url(t, inp, linker)} for t in article.tags],
        "fragment": info.key,
        "body_images": {ref: inp.images[ref] for ref, *_rest in info.images if ref in inp.images},
        "minutes": max(1, round(info.chars / 400)),
    }
    path = urls.article_path(article.date, article.slug)
    return Task(urls.output_file(path), "article.html", {
        "page": page, "article": entry,
        "canonical": linker.absolute(path), "title": f"{article.title} · {common['title']}",
        "prev": _link(prev, inp), "next": _link(next_, inp),
    }, article.source, shared + (("article", _ref(article.source)),))


def _tag_url(tag: str, inp: PlanInput, linker: Linker) -> str:
    url = inp.tag_urls.get(tag)
    if url is None:
        url = inp.tag_urls[tag] = linker.url(urls.tag_path(tag))
    return url


def pagination(count: int, per_page: int, base: str, linker: Linker) -> list[dict]:
    """One dict per list page: its number, URL, neighbours and a window of
    numbered links (first, last, and two either side of the current)."""
    total = max(1, -(-count // per_page))
    pages = []
    for index in range(1, total + 1):
        shown = sorted({1, total, *range(max(1, index - 2), min(total, index + 2) + 1)})
        links = []
        for n in shown:
            if links and n - links[-1]["number"] > 1:
                links.append({"number": 0, "url": "", "current": False})   # a gap: …
            links.append({"number": n, "url": linker.url(urls.paginated(base, n)), "current": n == index})
        pages.append({
            "index": index, "total": total, "links": links,
            "prev_url": linker.url(urls.paginated(base, index - 1)) if index > 1 else "",
            "next_url": linker.url(urls.paginated(base, index + 1)) if index < total else "",
            "start": (index - 1) * per_page, "path": urls.paginated(base, index),
        })
    return pages


def _archive_tasks(inp, linker, common, newest_first: list[EditionContent]) -> list[Task]:
    per_page = inp.config.per_page
    tasks = []
    for pager in pagination(len(newest_first), per_page, urls.archive_path(), linker):
        chunk = newest_first[pager["start"]:pager["start"] + per_page]
        entries = []
        for content in chunk:
            ed = content.edition
            lead = content.articles[0] if content.articles else None
            entries.append({"date_text": chinese_date(ed.date), "date": ed.date.isoformat(),
                            "number": ed.number, "url": linker.url(urls.edition_path(ed.date)),
                            "lead": _link(lead, inp), "pages": len(ed.pages),
                            "articles": len(content.articles)})
        suffix = f"（第{pager['index']}页）" if pager["index"] > 1 else ""
        tasks.append(Task(urls.output_file(pager["path"]), "archive.html", {
            "editions": entries, "pager": pager,
            "canonical": linker.absolute(pager["path"]), "title": f"往期回顾{suffix} · {common['title']}",
        }, ""))
    return tasks


def _tag_tasks(inp, linker, common, newest_first: list[EditionContent]) -> list[Task]:
    tagged: dict[str, list[Article]] = defaultdict(list)
    names: dict[str, str] = {}
    for content in newest_first:
        for article in content.articles:
            for tag in article.tags:
                key = urls.tag_key(tag)
                names.setdefault(key, tag)
                tagged[key].append(article)
    per_page = inp.config.per_page
    tasks = []
    index_entries = []
    for key in sorted(tagged):
        articles = tagged[key]
        base = urls.tag_path(names[key])
        index_entries.append({"name": names[key], "url": linker.url(base), "count": len(articles)})
        for pager in pagination(len(articles), per_page, base, linker):
            chunk = articles[pager["start"]:pager["start"] + per_page]
            suffix = f"（第{pager['index']}页）" if pager["index"] > 1 else ""
            tasks.append(Task(urls.output_file(pager["path"]), "tag.html", {
                "tag": names[key], "pager": pager,
                "canonical": linker.absolute(pager["path"]), "title": f"标签：{names[key]}{suffix} · {common['title']}",
            }, "", lists=(("articles", _refs(chunk)),)))
    tasks.append(Task(urls.output_file(urls.TAGS_INDEX), "tags.html", {
        "tags": index_entries, "canonical": linker.absolute(urls.TAGS_INDEX),
        "title": f"标签 · {common['title']}",
    }, ""))
    return tasks


def _feed_tasks(inp, linker, common, newest_first: list[EditionContent]) -> list[Task]:
    entries = []
    for content in newest_first:
        for article in content.articles:
            if len(entries) >= inp.config.feed_size:
                break
            entry = dict(inp.entries[article.source])
            entry["id"] = linker.absolute(urls.article_path(article.date, article.slug))
            entry["authors"] = [p.name for p in article.byline]
            entries.append(entry)
        if len(entries) >= inp.config.feed_size:
            break
    updated = newest_first[0].edition.date.isoformat() if newest_first else "1970-01-01"
    return [Task(urls.FEED, "feed.xml", {
        "entries": entries, "updated": updated,
        "feed_id": linker.absolute(urls.FEED), "home": linker.absolute(""),
    }, "")]


def _sitemap_tasks(common, linker: Linker, tasks: list[Task]) -> list[Task]:
    """Every HTML page but 404; split into several files past the limit."""
    entries = []
    for task in sorted(tasks, key=lambda t: t.output):
        if not task.output.endswith(".html") or task.output == "404.html":
            continue
        path = task.output[: -len("index.html")]
        lastmod = _lastmod(task)
        entries.append({"loc": linker.absolute(path), "lastmod": lastmod})
    if len(entries) <= SITEMAP_LIMIT:
        return [Task(urls.SITEMAP, "sitemap.xml", {"entries": entries}, "")]
    parts = []
    for number, start in enumerate(range(0, len(entries), SITEMAP_LIMIT), 1):
        name = f"sitemap-{number}.xml"
        parts.append(Task(name, "sitemap.xml", {"entries": entries[start:start + SITEMAP_LIMIT]}, ""))
    index = [{"loc": linker.absolute(t.output)} for t in parts]
    return parts + [Task(urls.SITEMAP, "sitemap-index.xml", {"sitemaps": index}, "")]


def _lastmod(task: Task) -> str:
    """The edition's date for the pages of an edition; none for lists."""
    for _name, ref in task.shared:
        if ref.startswith("edition:"):
            return ref.removeprefix("edition:")
    return ""
