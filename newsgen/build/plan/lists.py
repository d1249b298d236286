"""The list pages of the plan: the archive (往期回顾) with its month
calendars, tags, the feed, the sitemaps and robots.txt.

Each function makes its tasks in one pass over the editions or articles it
lists; a list page shows a bounded slice (a page of the archive, a month, a
tag page), so the total is linear in the number of editions and articles."""

from __future__ import annotations

from collections import defaultdict

from newsgen import urls
from newsgen.build.plan import seo
from newsgen.build.plan.tasks import PlanInput, Task, edition_ref, entry_ref, entry_refs
from newsgen.content.model import Article, EditionContent
from newsgen.newspaper.calendar import WEEK_HEADER, month_title, month_weeks
from newsgen.newspaper.dates import chinese_date
from newsgen.urls import Linker

SITEMAP_LIMIT = 40_000  # URLs per sitemap file (the protocol allows 50,000)


def pagination(count: int, per_page: int, base: str, linker: Linker) -> list[dict]:
    """One dict per list page: its number, URL, neighbours and a window of
    numbered links (first, last, and two either side of the current)."""
    total = max(1, -(-count // per_page))
    pages = []
    for index in range(1, total + 1):
        shown = sorted({1, total, *range(max(1, index - 2), min(total, index + 2) + 1)})
        links: list[dict] = []
        for n in shown:
            if links and n - links[-1]["number"] > 1:
                links.append({"number": 0, "url": "", "current": False})  # a gap: …
            links.append({"number": n, "url": linker.url(urls.paginated(base, n)), "current": n == index})
        pages.append(
            {
                "index": index,
                "total": total,
                "links": links,
                "prev_url": linker.url(urls.paginated(base, index - 1)) if index > 1 else "",
                "next_url": linker.url(urls.paginated(base, index + 1)) if index < total else "",
                "start": (index - 1) * per_page,
                "path": urls.paginated(base, index),
            }
        )
    return pages


def link_to(article: Article | None, linker: Linker) -> dict | None:
    """Title and URL of an article (as its list entry has them)."""
    if article is None:
        return None
    return {"title": article.title, "url": linker.url(urls.article_path(article.date, article.slug))}


def archive_tasks(inp: PlanInput, linker: Linker, common: dict, newest_first: list[EditionContent]) -> list[Task]:
    per_page = inp.config.per_page
    tasks = []
    for pager in pagination(len(newest_first), per_page, urls.archive_path(), linker):
        chunk = newest_first[pager["start"] : pager["start"] + per_page]
        entries: list[dict] = []
        months: dict = {}
        for content in chunk:
            ed = content.edition
            lead = content.articles[0] if content.articles else None
            entries.append(
                {
                    "date_text": chinese_date(ed.date),
                    "date": ed.date.isoformat(),
                    "number": ed.number,
                    "url": linker.url(urls.edition_path(ed.date)),
                    "lead": link_to(lead, linker),
                    "pages": len(ed.pages),
                    "articles": len(content.articles),
                }
            )
            months.setdefault(
                (ed.date.year, ed.date.month),
                {
                    "title": month_title(ed.date.year, ed.date.month),
                    "url": linker.url(urls.calendar_path(ed.date.year, ed.date.month)),
                },
            )
        suffix = f"（第{pager['index']}页）" if pager["index"] > 1 else ""
        tasks.append(
            Task(
                output=urls.output_file(pager["path"]),
                template="archive.html",
                payload={
                    "editions": entries,
                    "pager": pager,
                    "months": list(months.values()),
                    "canonical": linker.absolute(pager["path"]),
                    "title": f"往期回顾{suffix} · {common['title']}",
                    "meta": seo.page_meta(f"{common['title']}数字报往期回顾{suffix}：历期报纸，按日期从新到旧。", None),
                },
                source="",
            )
        )
    return tasks


def calendar_tasks(inp: PlanInput, linker: Linker, common: dict, editions: tuple[EditionContent, ...]) -> list[Task]:
    """One page per month that has editions: a wall calendar whose days
    link to their editions, with the neighbouring months and the months of
    its year (at most twelve) as links."""
    by_month: dict[tuple[int, int], dict[int, dict]] = {}
    for content in editions:  # oldest first
        ed = content.edition
        number = f" 第{ed.number}期" if ed.number else ""
        by_month.setdefault((ed.date.year, ed.date.month), {})[ed.date.day] = {
            "url": linker.url(urls.edition_path(ed.date)),
            "label": f"{chinese_date(ed.date)}{number}",
        }
    months = list(by_month)
    by_year = defaultdict(list)
    for year, month in months:
        by_year[year].append(month)
    tasks = []
    for index, (year, month) in enumerate(months):
        path = urls.calendar_path(year, month)
        title = month_title(year, month)
        days = by_month[(year, month)]
        tasks.append(
            Task(
                output=urls.output_file(path),
                template="calendar.html",
                payload={
                    "month_title": title,
                    "weeks": month_weeks(year, month, days),
                    "week_header": list(WEEK_HEADER),
                    "count": len(days),
                    "prev": _month_link(months[index - 1], linker) if index > 0 else None,
                    "next": _month_link(months[index + 1], linker) if index + 1 < len(months) else None,
                    "year": year,
                    "year_months": [
                        dict(_month_link((year, m), linker), current=m == month, month=m) for m in by_year[year]
                    ],
                    "canonical": linker.absolute(path),
                    "title": f"往期回顾 {title} · {common['title']}",
                    "meta": seo.page_meta(f"{common['title']}数字报{title}的各期报纸：本月共{len(days)}期。", None),
                },
                source="",
            )
        )
    return tasks


def _month_link(key: tuple[int, int], linker: Linker) -> dict:
    year, month = key
    return {"title": month_title(year, month), "url": linker.url(urls.calendar_path(year, month))}


def tag_tasks(inp: PlanInput, linker: Linker, common: dict, newest_first: list[EditionContent]) -> list[Task]:
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
            chunk = articles[pager["start"] : pager["start"] + per_page]
            suffix = f"（第{pager['index']}页）" if pager["index"] > 1 else ""
            tasks.append(
                Task(
                    output=urls.output_file(pager["path"]),
                    template="tag.html",
                    payload={
                        "tag": names[key],
                        "pager": pager,
                        "canonical": linker.absolute(pager["path"]),
                        "title": f"标签：{names[key]}{suffix} · {common['title']}",
                        "meta": seo.page_meta(
                            f"{common['title']}标签“{names[key]}”下的文章{suffix}，共{len(articles)}篇。", None
                        ),
                    },
                    source="",
                    lists=(("articles", entry_refs(chunk)),),
                )
            )
    tasks.append(
        Task(
            output=urls.output_file(urls.TAGS_INDEX),
            template="tags.html",
            payload={
                "tags": index_entries,
                "canonical": linker.absolute(urls.TAGS_INDEX),
                "title": f"标签 · {common['title']}",
                "meta": seo.page_meta(f"{common['title']}数字报的全部标签。", None),
            },
            source="",
        )
    )
    return tasks


def feed_tasks(inp: PlanInput, linker: Linker, newest_first: list[EditionContent]) -> list[Task]:
    entries: list[dict] = []
    for content in newest_first:
        for article in content.articles:
            if not article.is_news:  # banners and notices are layout, not news
                continue
            if len(entries) >= inp.config.feed_size:
                break
            entry = dict(inp.shared[entry_ref(article.source)])
            entry["id"] = linker.absolute(urls.article_path(article.date, article.slug))
            entry["authors"] = [p.name for p in article.byline]
            entries.append(entry)
        if len(entries) >= inp.config.feed_size:
            break
    updated = newest_first[0].edition.date.isoformat() if newest_first else "1970-01-01"
    return [
        Task(
            output=urls.FEED,
            template="feed.xml",
            payload={
                "entries": entries,
                "updated": updated,
                "feed_id": linker.absolute(urls.FEED),
                "home": linker.absolute(""),
            },
            source="",
        )
    ]


def search_engine_tasks(inp: PlanInput, linker: Linker, newest_first: list[EditionContent]) -> list[Task]:
    """The Google News sitemap and robots.txt (the full sitemap is made last,
    from every other task)."""
    return [
        Task(
            output=urls.NEWS_SITEMAP,
            template="sitemap-news.xml",
            payload={
                "entries": seo.news_entries(newest_first, linker),
                "language": seo.news_language(inp.config.language),
            },
            source="",
        ),
        Task(output=urls.ROBOTS, template="robots.txt", payload=seo.robots_txt(linker), source=""),
    ]


def sitemap_tasks(linker: Linker, tasks: list[Task]) -> list[Task]:
    """Every HTML page but the unlisted ones; split past the limit."""
    entries = []
    for task in sorted(tasks, key=lambda t: t.output):
        if not task.output.endswith(".html") or task.output in urls.UNLISTED:
            continue
        entries.append({"loc": linker.absolute(urls.path_of_output(task.output)), "lastmod": _lastmod(task)})
    if len(entries) <= SITEMAP_LIMIT:
        return [Task(output=urls.SITEMAP, template="sitemap.xml", payload={"entries": entries}, source="")]
    parts = []
    for number, start in enumerate(range(0, len(entries), SITEMAP_LIMIT), 1):
        name = f"sitemap-{number}.xml"
        parts.append(
            Task(
                output=name,
                template="sitemap.xml",
                payload={"entries": entries[start : start + SITEMAP_LIMIT]},
                source="",
            )
        )
    index = [{"loc": linker.absolute(t.output)} for t in parts]
    return parts + [Task(output=urls.SITEMAP, template="sitemap-index.xml", payload={"sitemaps": index}, source="")]


def _lastmod(task: Task) -> str:
    """The edition's date for the pages of an edition; none for lists."""
    prefix = edition_ref("")
    for _name, ref in task.shared:
        if ref.startswith(prefix):
            return ref.removeprefix(prefix)
    return ""


def neighbours(articles: tuple[Article, ...]) -> list[tuple[Article | None, Article | None]]:
    """Each article's 上一篇/下一篇 in print order: the nearest news (not
    banners or notices) before and after it."""
    before: list[Article | None] = []
    last = None
    for article in articles:
        before.append(last)
        last = article if article.is_news else last
    after: list[Article | None] = []
    last = None
    for article in reversed(articles):
        after.append(last)
        last = article if article.is_news else last
    return list(zip(before, reversed(after), strict=True))
