"""The plan's data types: what the plan is made from (PlanInput) and what
it is (Plan: one Task per output file). Kept apart from plan.py so that the
modules that plan parts of the site (plan_lists.py) can share them."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsgen.newspaper.calendar import LunarCalendar
from newsgen.config import SiteConfig
from newsgen.build.fragments import FragmentInfo
from newsgen.content.model import Site
from newsgen.render.task import Task


@dataclass
class PlanInput:
    site: Site
    config: SiteConfig
    fragments: dict[str, FragmentInfo]  # article source -> its fragment
    images: dict[str, dict]  # image ref -> image info for templates
    static_files: dict[str, str]  # output name -> source path
    static_digest: str = ""
    file_keys: dict[str, str] = field(default_factory=dict)  # content file -> the cache key of its parse
    entries: dict[str, dict] = field(default_factory=dict)  # article source -> list entry
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
