"""The pages of one edition: its front page, its pages (版) and its
articles, with the list entries and contexts they share; made per edition
so that the plan memo can keep an unchanged edition whole."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import partial
from typing import Any

from newsgen import urls
from newsgen.build.plan import seo
from newsgen.build.plan.lists import (
    link_to,
    neighbours,
)
from newsgen.build.plan.tasks import ListEntry, PlanInput, SharedValues, Task, edition_ref, entry_ref, entry_refs
from newsgen.content.model import Article, EditionContent, PrintPage
from newsgen.newspaper.bylines import credit, format_byline
from newsgen.newspaper.dates import chinese_date
from newsgen.render.task import packed
from newsgen.urls import Linker

# Silent reading of Chinese news runs at 300 to 500 characters a minute;
# ``chars`` counts CJK characters (plus Latin words), not words.
READING_CHARS_PER_MINUTE = 400


def edition_context(content: EditionContent, inp: PlanInput, linker: Linker) -> dict:
    ed = content.edition
    counts: defaultdict[int, int] = defaultdict(int)
    for article in content.articles:
        counts[article.page] += 1
    return {
        "date": ed.date.isoformat(),
        "date_text": chinese_date(ed.date),
        "number": ed.number,
        "lunar": inp.lunar.text(ed.date),
        "url": linker.url(urls.edition_path(ed.date)),
        "calendar_url": linker.url(urls.calendar_path(ed.date.year, ed.date.month)),
        "pages": [page_context(ed.date, p, linker, counts[p.number]) for p in ed.pages],
    }


def page_context(date: dt.date, page: PrintPage, linker: Linker, count: int = 0) -> dict:
    return {
        "number": page.number,
        "label": page.label,
        "name": page.name,
        "url": linker.url(urls.page_path(date, page.number)),
        "count": count,
        "editor": page.editor,
    }


def page_detail(date: dt.date, page: PrintPage, inp: PlanInput, linker: Linker, count: int) -> dict:
    """A page as its own view shows it: editor, the scan the articles'
    hot zones lie on, the PDF with its size."""
    detail = dict(page_context(date, page, linker, count), editor=page.editor, scan=None, pdf=None)
    scan = inp.images.get(page.scan) if page.scan else None
    if scan and "width" in scan:
        detail["scan"] = dict(scan, alt=f"{page.label} {page.name} 版面图")
    pdf = inp.images.get(page.pdf) if page.pdf else None
    if pdf:
        detail["pdf"] = {"url": pdf["src"], "size": file_size(pdf.get("bytes", 0))}
    return detail


def file_size(size: int) -> str:
    """1.2 MB, 350 KB: as a download link tells readers what it costs."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def entry(article: Article, inp: PlanInput, linker: Linker) -> ListEntry:
    """An article as list pages show it."""
    info = inp.fragments[article.source]
    return {
        "title": article.title,
        "kicker": article.kicker,
        "subtitle": article.subtitle,
        "kind": article.kind,
        "url": linker.url(urls.article_path(article.date, article.slug)),
        "byline": format_byline(article.byline),
        "credit": credit(article.byline),
        "summary": info.summary,
        "date": article.date.isoformat(),
        "date_text": chinese_date(article.date),
        "image": inp.images.get(article.image) if article.image else None,
        "caption": article.caption,
        "chars": info.chars,
        "zone": zone_style(article.area),
        "page": article.page,
    }


def zone_style(area) -> str:
    """Where the article's hot zone lies on its page scan, as CSS."""
    if not area:
        return ""
    x, y, w, h = area
    return f"left:{x:g}%;top:{y:g}%;width:{w:g}%;height:{h:g}%"


def lead_image(articles, inp: PlanInput) -> dict | None:
    """The first picture among ``articles`` (their own image, then images
    in their bodies), for sharing."""
    for article in articles:
        refs = ([article.image] if article.image else []) + [
            ref for ref, *_rest in inp.fragments[article.source].images
        ]
        for ref in refs:
            image = seo.share_image(inp.images.get(ref), article.caption or article.title, inp.config.base_url)
            if image:
                return image
    return None


def edition_values(inp, linker, content: EditionContent, older, newer) -> tuple[dict, dict]:
    """The values an edition's tasks share, by ref: the edition's context
    and its articles' list entries; and the edition's context."""
    shared: dict[str, Any] = {entry_ref(a.source): entry(a, inp, linker) for a in content.articles}
    edition = edition_value(inp, linker, content, older, newer)
    shared[edition_ref(content.edition.date.isoformat())] = edition
    return shared, edition


def edition_value(inp, linker, content: EditionContent, older, newer) -> dict:
    """The edition's context, with links to the editions before and after it."""
    edition = edition_context(content, inp, linker)
    edition["older"] = edition_link(older, linker)
    edition["newer"] = edition_link(newer, linker)
    return edition


def ghost_unit(inp, linker, content: EditionContent, older, newer, rows) -> tuple[list[Task], SharedValues]:
    """An edition as an earlier process planned it: its tasks without their
    payloads, known by their keys (see plan_memo.py). Its shared values
    (for the lists and pages of other parts that show its articles) are
    made only if a page that is rendered asks for them."""
    shared = SharedValues()
    shared.later({entry_ref(a.source): partial(entry, a, inp, linker) for a in content.articles})
    date = content.edition.date.isoformat()
    shared.later({edition_ref(date): partial(edition_value, inp, linker, content, older, newer)})
    return [
        Task(output=output, template=template, payload=None, source=source, shared=refs, lists=lists, key=key)
        for output, template, source, refs, lists, key in rows
    ], shared


def edition_unit(inp, linker, common, content: EditionContent, older, newer) -> tuple[list[Task], dict]:
    """An edition's tasks (front page, pages, articles) and the shared
    values they refer to: the edition's context and its articles' list entries."""
    shared, edition = edition_values(inp, linker, content, older, newer)
    ed = content.edition
    refs = (("edition", edition_ref(ed.date.isoformat())),)
    by_page = defaultdict(list)
    for article in content.articles:
        by_page[article.page].append(article)
    tasks = [front_task(inp, linker, common, content, edition, by_page, refs)]
    for index, page in enumerate(ed.pages):
        prev_page = ed.pages[index - 1] if index > 0 else None
        next_page = ed.pages[index + 1] if index + 1 < len(ed.pages) else None
        tasks.append(
            page_task(inp, linker, common, ed, edition, page, by_page[page.number], prev_page, next_page, refs)
        )
    for article, (before, after) in zip(content.articles, neighbours(content.articles), strict=True):
        tasks.append(
            article_task(inp, linker, common, edition, article, link_to(before, linker), link_to(after, linker), refs)
        )
    return packed(tasks), shared


def front_task(inp, linker, common, content: EditionContent, edition, by_page, shared) -> Task:
    """An edition's front page: the masthead and its first page."""
    ed = content.edition
    first = ed.pages[0]
    second = ed.pages[1] if len(ed.pages) > 1 else None
    number = f" 第{ed.number}期" if ed.number else ""
    names = "、".join(f"{p.label}{p.name}" for p in ed.pages)
    lead_titles = "；".join(a.title for a in by_page[first.number][:4])
    path = urls.edition_path(ed.date)
    return Task(
        output=urls.output_file(path),
        template="edition.html",
        payload={
            "is_home": False,
            "canonical": linker.absolute(path),
            "title": f"{common['title']} {edition['date_text']}",
            "page": page_detail(ed.date, first, inp, linker, len(by_page[first.number])),
            "next_page": page_context(ed.date, second, linker) if second else None,
            "meta": seo.page_meta(
                f"{common['title']}数字报 {edition['date_text']}{number}：{names}。{lead_titles}",
                lead_image(by_page[first.number], inp) or lead_image(content.articles, inp),
            ),
        },
        source=ed.source,
        shared=shared,
        # 本期目录: every page's headlines
        lists=(("articles", entry_refs(by_page[first.number])), ("contents", entry_refs(content.articles))),
    )


def page_task(inp, linker, common, ed, edition, page: PrintPage, articles, prev_page, next_page, shared) -> Task:
    path = urls.page_path(ed.date, page.number)
    detail = page_detail(ed.date, page, inp, linker, len(articles))
    titles = "；".join(a.title for a in articles[:6])
    image = seo.share_image(detail["scan"], detail["scan"]["alt"], inp.config.base_url) if detail["scan"] else None
    return Task(
        output=urls.output_file(path),
        template="page.html",
        payload={
            "canonical": linker.absolute(path),
            "title": f"{page.label} {page.name} · {edition['date_text']}",
            "page": detail,
            "prev_page": page_context(ed.date, prev_page, linker) if prev_page else None,
            "next_page": page_context(ed.date, next_page, linker) if next_page else None,
            "meta": seo.page_meta(
                f"{common['title']} {edition['date_text']} {page.label} {page.name}：{titles}",
                image or lead_image(articles, inp),
            ),
        },
        source=ed.source,
        shared=shared,
        lists=(("articles", entry_refs(articles)),),
    )


def edition_link(content: EditionContent | None, linker: Linker) -> dict | None:
    if content is None:
        return None
    return {"date_text": chinese_date(content.edition.date), "url": linker.url(urls.edition_path(content.edition.date))}


def article_task(inp, linker, common, edition, article: Article, prev: dict | None, next_: dict | None, shared) -> Task:
    page = next(p for p in edition["pages"] if p["number"] == article.page)
    info = inp.fragments[article.source]
    section = f"{page['label']} {page['name']}"
    entry = {
        "page_label": section,
        "dateline": format_byline(article.byline, article.dateline) if article.dateline else "",
        "tags": [{"name": t, "url": tag_url(t, inp, linker)} for t in article.tags],
        "fragment": info.key,
        "body_images": {ref: inp.images[ref] for ref, *_rest in info.images if ref in inp.images},
        "minutes": max(1, round(info.chars / READING_CHARS_PER_MINUTE)),
        "updated": article.updated.isoformat() if article.updated else "",
        "updated_text": chinese_date(article.updated) if article.updated else "",
        "correction": article.correction,
    }
    path = urls.article_path(article.date, article.slug)
    canonical = linker.absolute(path)
    image = lead_image((article,), inp)
    description = info.summary or article.subtitle or article.title
    return Task(
        output=urls.output_file(path),
        template="article.html",
        payload={
            "page": page,
            "article": entry,
            "canonical": canonical,
            "title": f"{article.title} · {common['title']}",
            "prev": prev,
            "next": next_,
            "meta": seo.page_meta(
                description,
                image,
                "article",
                published=seo.published(article.date.isoformat()),
                section=section,
                tags=article.tags,
            ),
            "jsonld": seo.news_article(article, canonical, description, image, section, common)
            if article.is_news
            else None,
        },
        source=article.source,
        shared=shared
        + (("article", entry_ref(article.source)),)
        + ((("jsonld", seo.NEWS_ARTICLE),) if article.is_news else ()),
    )


def tag_url(tag: str, inp: PlanInput, linker: Linker) -> str:
    url = inp.tag_urls.get(tag)
    if url is None:
        url = inp.tag_urls[tag] = linker.url(urls.tag_path(tag))
    return url
