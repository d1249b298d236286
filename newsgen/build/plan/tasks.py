"""The plan's data types: what the plan is made from (PlanInput) and what
it is (Plan: one Task per output file). Kept apart from plan.py so that the
modules that plan parts of the site (plan_lists.py) can share them."""
from __future__ import annotations

from dataclasses import dataclass, field

from .calendar import LunarCalendar
from .config import SiteConfig
from .model import Site


@dataclass(frozen=True)
class Task:
    output: str          # path under the output folder
    template: str        # Jinja template, or "" for a file copied as is
    payload: object      # template context, or the source path of a copy
    source: str          # the input file that produced it, for reports
    shared: tuple[tuple[str, str], ...] = ()
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()
    key: str = ""        # a ghost's: planned by an earlier process, payload None (plan_memo.py)
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
    file_keys: dict[str, str] = field(default_factory=dict)  # content file -> the cache key of its parse
    entries: dict[str, dict] = field(default_factory=dict)   # article source -> list entry
    tag_urls: dict[str, str] = field(default_factory=dict)
    shared: dict[str, dict] = field(default_factory=dict)
    lunar: LunarCalendar = field(default_factory=LunarCalendar)


@dataclass(frozen=True)
class Plan:
    tasks: list[Task]     # sorted by output path
    site: dict            # the context every template sees as ``site``
    shared: dict          # shared context name -> context (see Task.shared)


def entry_ref(source: str) -> str:
    """The name of an article's list entry in Plan.shared."""
    return f"entry:{source}"


def entry_refs(articles) -> tuple[str, ...]:
    return tuple(entry_ref(a.source) for a in articles)


def edition_ref(date: str) -> str:
    return f"edition:{date}"
