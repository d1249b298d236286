"""The plan's data types: what the plan is made from (PlanInput) and what
it is (Plan: one Task per output file). Kept apart from plan.py so that the
modules that plan parts of the site (plan_lists.py) can share them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from newsgen.build.fragments import FragmentInfo
from newsgen.config import SiteConfig
from newsgen.content.model import Site
from newsgen.newspaper.calendar import LunarCalendar
from newsgen.render.task import Task


class ListEntry(TypedDict):
    """An article as list pages show it (Plan.shared["entry:<source>"]):
    a plain dict at run time, so templates and marshal see no difference."""

    title: str
    kicker: str
    subtitle: str
    kind: str
    url: str
    byline: str
    credit: str
    summary: str
    date: str  # ISO
    date_text: str  # 2024年1月10日 星期三
    image: dict | None  # image info for templates (images/site.py)
    caption: str
    chars: int
    zone: str  # CSS of its hot zone on the page scan, or ""
    page: int


@dataclass
class PlanInput:
    site: Site
    config: SiteConfig
    fragments: dict[str, FragmentInfo]  # article source -> its fragment
    images: dict[str, dict]  # image ref -> image info for templates
    static_files: dict[str, str]  # output name -> source path
    static_digest: str = ""
    file_keys: dict[str, str] = field(default_factory=dict)  # content file -> the cache key of its parse
    entries: dict[str, ListEntry] = field(default_factory=dict)  # article source -> list entry
    tag_urls: dict[str, str] = field(default_factory=dict)
    shared: dict[str, dict] = field(default_factory=dict)
    lunar: LunarCalendar = field(default_factory=LunarCalendar)


@dataclass(frozen=True)
class Plan:
    tasks: list[Task]  # sorted by output path
    site: dict  # the context every template sees as ``site``
    shared: dict  # shared context name -> context (see Task.shared)


def entry_ref(source: str) -> str:
    """The name of an article's list entry in Plan.shared."""
    return f"entry:{source}"


def entry_refs(articles) -> tuple[str, ...]:
    return tuple(entry_ref(a.source) for a in articles)


def edition_ref(date: str) -> str:
    return f"edition:{date}"
