"""What search engines and chat apps read: page descriptions, Open Graph
and article:* tags, JSON-LD NewsArticle, the Google News sitemap, and the
list of URLs a build changed (to push to Baidu).

Everything here is plain data made at plan time (and ``changed_urls`` after
a build): templates only print it."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin

from newsgen import urls
from newsgen.content.model import Article, Contributor
from newsgen.newspaper.roles import DESK_ROLES, EDITOR_ROLES
from newsgen.urls import Linker

# Editions are dated in China Standard Time; an edition is published at the
# start of its day (the feed says the same).
TIME_ZONE = "+08:00"
DESCRIPTION_CHARS = 120  # search engines show about this much Chinese text
NEWS_DAYS = 2  # Google News takes articles of the last two days
NEWS_LIMIT = 1000  # and at most 1,000 URLs in one news sitemap


def published(date: str) -> str:
    """2024-01-10 -> 2024-01-10T00:00:00+08:00."""
    return f"{date}T00:00:00{TIME_ZONE}"


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def share_image(info: dict | None, alt: str, base_url: str) -> dict | None:
    """An image as og:image and JSON-LD want it: an absolute URL and its
    size. The URL is made from the page's own ``src`` so that it is always
    a file the site publishes, whatever the image pipeline names it."""
    if not info or "width" not in info:
        return None
    return {"url": urljoin(base_url, info["src"]), "width": info["width"], "height": info["height"], "alt": alt}


def page_meta(description: str, image: dict | None, kind: str = "website", **article: object) -> dict:
    """The <head> tags of one page; ``article`` holds published, section
    and tags for og:type article."""
    return {
        "description": shorten(description),
        "type": kind,
        "image": image,
        "published": article.get("published", ""),
        "section": article.get("section", ""),
        "tags": list(article.get("tags", ())),  # type: ignore[call-overload]
    }


NEWS_ARTICLE = "site:news-article"  # the ref of news_article_common's value in Plan.shared


def news_article_common(site: dict) -> dict:
    """What every article's JSON-LD NewsArticle says alike. It is one
    shared value (Task.shared), which the renderer joins to each page's
    own ``news_article``: repeated in each page's context, it took 20 MB
    of a cold build's plan at 100,000 articles."""
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "publisher": {"@type": "NewsMediaOrganization", "name": site["title"], "url": site["base_url"]},
        "inLanguage": site["language"],
        "isAccessibleForFree": True,
    }


def news_article(article: Article, canonical: str, summary: str, image: dict | None, section: str, site: dict) -> dict:
    """JSON-LD NewsArticle, with the fields Google's article rich results
    read, but those of ``news_article_common``."""
    when = published(article.date.isoformat())
    data = {
        "headline": article.title,
        "description": shorten(summary or article.title),
        "datePublished": when,
        "dateModified": published(article.updated.isoformat()) if article.updated else when,
        "author": _authors(article.byline, site),
        "mainEntityOfPage": canonical,
        "url": canonical,
        "articleSection": section,
    }
    if image:
        data["image"] = [image["url"]]
    editors = [_person(p) for p in article.byline if p.role in EDITOR_ROLES]
    if editors:
        data["editor"] = editors
    if article.tags:
        data["keywords"] = list(article.tags)
    return data


def _authors(byline: tuple[Contributor, ...], site: dict) -> list[dict]:
    """Everyone in the byline but the editors; an unsigned piece is the paper's."""
    people = [_person(p) for p in byline if p.role not in DESK_ROLES]
    return people or [{"@type": "Organization", "name": site["title"], "url": site["base_url"]}]


def _person(person: Contributor) -> dict:
    data = {"@type": "Person", "name": person.name}
    if person.role:
        data["jobTitle"] = person.role
    return data


def news_language(language: str) -> str:
    """Google News wants zh-cn / zh-tw for Chinese, else the ISO 639 code."""
    lowered = language.lower()
    return lowered if lowered in ("zh-cn", "zh-tw") else lowered.split("-")[0]


def news_entries(newest_first, linker: Linker) -> list[dict]:
    """The articles of the newest two days (counted from the newest edition,
    since a build has no clock), newest edition first, at most NEWS_LIMIT."""
    if not newest_first:
        return []
    since = newest_first[0].edition.date - dt.timedelta(days=NEWS_DAYS - 1)
    entries: list[dict] = []
    for content in newest_first:
        if content.edition.date < since:
            break
        for article in (a for a in content.articles if a.is_news):
            if len(entries) == NEWS_LIMIT:
                return entries
            entries.append(
                {
                    "loc": linker.absolute(urls.article_path(article.date, article.slug)),
                    "title": article.title,
                    "published": published(article.date.isoformat()),
                }
            )
    return entries


def robots_txt(linker: Linker) -> dict:
    """robots.txt names both sitemaps. Crawlers read it only at the root of
    a host: under a sub-path base_url the host's own robots.txt must name
    them (this file shows what to put there)."""
    return {"sitemaps": [linker.absolute(urls.SITEMAP), linker.absolute(urls.NEWS_SITEMAP)]}


def changed_urls(written: list[str], base_url: str) -> str:
    """The absolute URLs of the HTML pages among the output files a build
    wrote (BuildReport.written), one a line, for pushing to Baidu."""
    linker = Linker(base_url, "")
    found = sorted(
        {
            linker.absolute(urls.path_of_output(rel))
            for rel in written
            if rel.endswith(".html") and rel not in urls.UNLISTED
        }
    )
    return "".join(url + "\n" for url in found)
