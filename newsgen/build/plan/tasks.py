"""The plan's data types: what the plan is made from (PlanInput) and what
it is (Plan: one Task per output file). Kept apart from plan.py so that the
modules that plan parts of the site (plan_lists.py) can share them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

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


class SharedValues(Mapping):
    """The values tasks refer to (Task.shared, Task.lists), by ref. Some
    are known at first only by how to make them (``later``): those of the
    editions an earlier process planned (plan/memo.py), whose pages' keys
    need only the values' digests, known from disk. Each is made when first
    asked for: a build that renders a few pages makes a few."""

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}
        self._later: dict[str, Callable[[], Any]] = {}

    def update(self, values: Mapping[str, Any]) -> None:
        if isinstance(values, SharedValues):
            self._made.update(values._made)
            self._later.update(values._later)
        else:
            self._made.update(values)

    def later(self, makers: Mapping[str, Callable[[], Any]]) -> None:
        self._later.update(makers)

    def made(self, ref: str) -> bool:
        return ref in self._made

    def only(self, refs: Iterable[str]) -> dict[str, Any]:
        """The values of ``refs``, as a plain dict (for the render workers)."""
        return {ref: self[ref] for ref in refs}

    def __getitem__(self, ref: str) -> Any:
        if ref not in self._made:
            self._made[ref] = self._later.pop(ref)()
        return self._made[ref]

    def __contains__(self, ref: object) -> bool:
        return ref in self._made or ref in self._later

    def __iter__(self) -> Iterator[str]:
        return iter([*self._made, *self._later])

    def __len__(self) -> int:
        return len(self._made) + len(self._later)


@dataclass
class PlanInput:
    site: Site
    config: SiteConfig
    fragments: dict[str, FragmentInfo]  # article source -> its fragment
    images: dict[str, dict]  # image ref -> image info for templates
    static_files: dict[str, str]  # output name -> source path
    static_digest: str = ""
    file_keys: dict[str, str] = field(default_factory=dict)  # content file -> the cache key of its parse
    tag_urls: dict[str, str] = field(default_factory=dict)
    shared: SharedValues = field(default_factory=lambda: SharedValues())
    lunar: LunarCalendar = field(default_factory=LunarCalendar)


@dataclass(frozen=True)
class Plan:
    tasks: list[Task]  # sorted by output path
    site: dict  # the context every template sees as ``site``
    shared: SharedValues  # shared context name -> context (see Task.shared)


def entry_ref(source: str) -> str:
    """The name of an article's list entry in Plan.shared. One string per
    name (interned): an article's entry is named by its page, its
    edition's pages and its tag pages, half a million names for 100,000
    articles, which as copies took 50 MB of a cold build's plan."""
    return sys.intern(f"entry:{source}")


def entry_refs(articles) -> tuple[str, ...]:
    return tuple(entry_ref(a.source) for a in articles)


def edition_ref(date: str) -> str:
    return sys.intern(f"edition:{date}")  # (named by each of its pages and articles: see entry_ref)
