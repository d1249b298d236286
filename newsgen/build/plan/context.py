"""What every page shows of the site (its context: title, links, static
files, the footer) and the pages that belong to no edition (404, search)."""

from __future__ import annotations

import json
from collections import Counter

from newsgen import urls
from newsgen.build.plan import seo
from newsgen.build.plan.tasks import PlanInput, Task
from newsgen.search.articles import month_of
from newsgen.search.tiers import described, shard_counts
from newsgen.urls import Linker


def site_context(inp: PlanInput, linker: Linker) -> dict:
    c = inp.config
    version = "?v=" + inp.static_digest[:10]  # a new theme is a new URL: static files can be cached for long

    def static(name: str) -> str:
        return linker.url(urls.static_path(name)) + version

    return {
        "title": c.title,
        "language": c.language,
        "base_url": c.base_url,
        "base_path": c.base_path,
        "home_url": linker.url(""),
        "archive_url": linker.url(urls.archive_path()),
        "tags_url": linker.url(urls.TAGS_INDEX),
        "feed_url": linker.url(urls.FEED),
        "search_url": linker.url(urls.SEARCH),
        "css_url": static("style.css"),
        "icon_url": static("favicon.svg"),
        "hotzones_js": static("hotzones.js"),
        "search_js": static("search.js"),
        "search_engine_js": static("search-engine.js"),
        "static_url": linker.url("static/"),
        "og_locale": c.language.replace("-", "_"),
        "footer": _footer(c),
    }


MIIT_FILING = "https://beian.miit.gov.cn/"  # where an ICP number is looked up (the law asks for the link)
POLICE_FILING = "https://beian.mps.gov.cn/#/query/webSearch?code="
REPORTING_CENTRE = "https://www.12377.cn/"  # 中国互联网违法和不良信息举报中心


def _footer(c) -> dict:
    """What a news site in mainland China shows at the foot of each page."""

    def contact(value: str) -> dict | None:
        if not value:
            return None
        if "@" in value:
            return {"text": value, "url": "mailto:" + value}
        return {"text": value, "url": "tel:" + "".join(ch for ch in value if ch.isdigit() or ch == "+")}

    police = "".join(ch for ch in c.footer_police if ch.isdigit())
    return {
        "sponsor": c.footer_sponsor,
        "copyright": c.footer_copyright,
        "icp": {"text": c.footer_icp, "url": MIIT_FILING} if c.footer_icp else None,
        "police": {"text": c.footer_police, "url": POLICE_FILING + police} if police else None,
        "hotline": contact(c.footer_hotline),
        "email": contact(c.footer_email),
        "report": contact(c.footer_report),
        "report_centre": REPORTING_CENTRE,
    }


def index_tiers(inp: PlanInput) -> str:
    """The search index's tiers and shard counts, as its meta.json will give
    them (the same articles: every article of every edition): the search
    page carries them, so that the browser asks for a query's index files
    at once, not after a round trip for meta.json."""
    months = Counter(month_of(article.date) for content in inp.site.editions for article in content.articles)
    return json.dumps(described(shard_counts(months)), separators=(",", ":"))


def fixed_pages(linker: Linker, common: dict, tiers: str) -> list[Task]:
    return [
        Task(
            output=urls.NOT_FOUND,
            template="404.html",
            payload={
                "canonical": "",
                "title": "页面未找到",
                "noindex": True,
                "meta": seo.page_meta("页面未找到。", None),
            },
            source="",
        ),
        Task(
            output=urls.output_file(urls.SEARCH),
            template="search.html",
            payload={
                "canonical": linker.absolute(urls.SEARCH),
                "title": f"搜索 · {common['title']}",
                "bundle_url": linker.url(urls.SEARCH_BUNDLE),
                "index_tiers": tiers,
                "meta": seo.page_meta(f"在{common['title']}数字报的全部文章中搜索。", None),
            },
            source="",
        ),
    ]
