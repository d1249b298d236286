"""Nothing published by accident: which editions a build publishes at a
given "now" (drafts and embargoes left out), and the checks of what an
unfinished edition looks like (warnings; errors under --strict).

"Now" is an input of the build like its files: the same files at the same
"now" give the same site. ``next_change`` says until when a build's result
holds, so that an unchanged site is rebuilt only when an embargo ends or a
future edition's day begins."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from newsgen.content.editions import CHINA
from newsgen.content.model import Article, EditionContent, Site
from newsgen.errors import Diagnostic, warning
from newsgen.i18n import msg

# What `newsgen new article` writes for the editor to replace (scaffold.py uses these).
PLACEHOLDER_TITLE = "在此填写标题"
PLACEHOLDER_NAMES = ("记者姓名", "摄影者姓名")
PLACEHOLDER_CAPTION = "在此填写图片说明"
PLACEHOLDER_BODY = "在此填写正文。"
# What `newsgen import` writes for an article whose printed text it could not read (the zone is right).
UNREAD_TITLE = "（第{order}篇，文字无法识别，请补录）"
UNREAD_PATTERN = re.compile(r"（第\d+篇，文字无法识别，请补录）")


@dataclass(frozen=True)
class Published:
    site: Site  # the editions a reader gets
    diagnostics: list[Diagnostic]
    until: dt.datetime | None  # the next moment the result differs (None: never, by time alone)


def today(now: dt.datetime) -> dt.date:
    """The date of ``now`` in 北京时间, the day an edition is dated by."""
    return now.astimezone(CHINA).date()


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=CHINA)


def publish(site: Site, now: dt.datetime, drafts: bool = False) -> Published:
    """The editions to publish at ``now`` (all of them with ``drafts``), the
    warnings about them, and until when that holds."""
    shown, problems, changes = [], [], []
    for content in site.editions:
        ed = content.edition
        if not drafts and ed.draft:
            continue
        if not drafts and ed.publish_at is not None and ed.publish_at > now:
            changes.append(ed.publish_at)
            continue
        if ed.date > today(now):
            changes.append(day_start(ed.date))
            if ed.publish_at is None and not ed.draft:
                problems.append(
                    warning(
                        ed.source,
                        ed.line_of("date"),
                        1,
                        msg("edition {date} is dated after today and would be published now", date=ed.date.isoformat()),
                        msg(
                            "mark it draft: true, or give it publish_at: {time}",
                            time=f"{ed.date.isoformat()}T06:00+08:00",
                        ),
                    )
                )
        shown.append(content)
        problems += check_edition(content)
    problems += _check_numbers(shown)
    return Published(Site(tuple(shown)), problems, min(changes) if changes else None)


def check_edition(content: EditionContent) -> list[Diagnostic]:
    """An empty edition or page, placeholders, two articles with one order,
    an area on a page without a scan."""
    ed = content.edition
    if not content.articles:
        return [
            warning(ed.source, ed.line_of("pages"), 1, msg("edition {date} has no articles", date=ed.date.isoformat()))
        ]
    problems = []
    by_page: dict[int, list[Article]] = defaultdict(list)
    for article in content.articles:
        by_page[article.page].append(article)
        problems += check_placeholders(article)
    for index, page in enumerate(ed.pages):
        articles = by_page.get(page.number, [])
        if not articles:
            problems.append(
                warning(ed.source, ed.line_of(f"pages.{index}"), 1, msg("{page} has no articles", page=page.label))
            )
        orders: dict[int, Article] = {}
        for article in articles:
            if article.order is not None and article.order in orders:
                problems.append(
                    warning(
                        article.source,
                        article.line_of("order"),
                        1,
                        msg(
                            "order {order} is also the order of {other} on {page}",
                            order=article.order,
                            other=orders[article.order].source,
                            page=page.label,
                        ),
                    )
                )
            elif article.order is not None:
                orders[article.order] = article
            if article.area is not None and not page.scan:
                problems.append(
                    warning(
                        article.source,
                        article.line_of("area"),
                        1,
                        msg("area has no page image to sit on: {page} has no scan", page=page.label),
                        msg("give the page a scan in edition.yaml, or remove the area"),
                    )
                )
    return problems


def check_placeholders(article: Article) -> list[Diagnostic]:
    """Text `newsgen new article` or `newsgen import` wrote for the editor to replace."""
    found = []
    if article.title.strip() == PLACEHOLDER_TITLE or UNREAD_PATTERN.fullmatch(article.title.strip()):
        found.append(("title", article.title.strip()))
    for person in article.byline:
        if person.name in PLACEHOLDER_NAMES:
            found.append(("byline", person.name))
    if article.caption.strip() == PLACEHOLDER_CAPTION:
        found.append(("caption", PLACEHOLDER_CAPTION))
    problems = [
        warning(
            article.source,
            article.line_of(key),
            1,
            msg("placeholder text '{text}' is still in {key}", text=text, key=key),
        )
        for key, text in found
    ]
    if article.body.strip() == PLACEHOLDER_BODY:
        problems.append(
            warning(
                article.source,
                article.body_line + article.body.count("\n", 0, len(article.body) - len(article.body.lstrip())),
                1,
                msg("placeholder text '{text}' is still the body", text=PLACEHOLDER_BODY),
            )
        )
    return problems


def _check_numbers(editions: list[EditionContent]) -> list[Diagnostic]:
    """Two editions with one 期号."""
    first: dict[int, str] = {}
    problems = []
    for content in editions:
        ed = content.edition
        if ed.number is None:
            continue
        if ed.number in first:
            problems.append(
                warning(
                    ed.source,
                    ed.line_of("number"),
                    1,
                    msg("issue number {number} is also that of {other}", number=ed.number, other=first[ed.number]),
                )
            )
        else:
            first[ed.number] = ed.source
    return problems


def window(site: Site, now: dt.datetime) -> str:
    """The stretch of time around ``now`` in which ``publish`` gives the same
    result for ``site`` (it compares "now" only with these instants), as text
    for the build's manifest: "since until", either "-" when unbounded."""
    instants = {day_start(c.edition.date) for c in site.editions}
    instants |= {c.edition.publish_at for c in site.editions if c.edition.publish_at is not None}
    since = max((t for t in instants if t <= now), default=None)
    until = min((t for t in instants if t > now), default=None)
    return f"{since.isoformat() if since else '-'} {until.isoformat() if until else '-'}"


def holds(stamp: str, now: dt.datetime) -> bool:
    """``now`` lies in the window ``window`` wrote."""
    try:
        since, until = (None if part == "-" else dt.datetime.fromisoformat(part) for part in stamp.split(" "))
    except ValueError:
        return False
    return (since is None or since <= now) and (until is None or now < until)
