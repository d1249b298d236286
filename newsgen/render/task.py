"""What the plan asks the renderer for: one output file."""

from __future__ import annotations

import marshal
from dataclasses import dataclass, fields, replace
from functools import partial


@dataclass(frozen=True, kw_only=True, slots=True)  # built with keywords: seven fields read badly by position
class Task:
    output: str  # path under the output folder
    template: str  # Jinja template, or "" for a file copied as is
    payload: object  # template context (kept serialised: see __post_init__), or the source path of a copy
    source: str  # the input file that produced it, for reports
    shared: tuple[tuple[str, str], ...] = ()
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()
    key: str = ""  # a ghost's: planned by an earlier process, payload None (plan_memo.py)
    # Parts of the context that many tasks have in common (an edition's page
    # list, an article's list entry) are made and hashed once, kept in
    # Plan.shared by reference, and joined to the payload when the task is
    # rendered: ``shared`` gives (name, ref) pairs, ``lists`` (name, refs).
    # A shared mapping is the default of a payload mapping of the same name.

    def __post_init__(self) -> None:
        # A template's context is kept as the bytes its key hashes (marshal,
        # keys.py): a cold build holds every page's at once (135,000 pages
        # for 100,000 articles), and a dict of dicts of strings takes about
        # three times the memory. The bytes also go to the render workers
        # faster than the dicts did.
        if isinstance(self.payload, dict):
            object.__setattr__(self, "payload", marshal.dumps(self.payload, 2))

    def context(self) -> dict:
        """The template context (a new dict each call)."""
        assert isinstance(self.payload, bytes | memoryview), self.output
        return marshal.loads(self.payload)

    def __reduce__(self):
        # A packed context (``packed``) goes to a render worker as bytes of its own.
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        if isinstance(self.payload, memoryview):
            values["payload"] = bytes(self.payload)
        return partial(Task, **values), ()

    @property
    def has_context(self) -> bool:
        """A template's task with its context (not a ghost, not a copy)."""
        return bool(self.template) and self.payload is not None

    def without_context(self) -> Task:
        """The task as it is known once rendered: its output, template,
        references and key, not its context (a copy keeps its source)."""
        return replace(self, payload=None) if self.has_context else self


def packed(tasks: list[Task]) -> list[Task]:
    """The tasks with their contexts' bytes laid end to end in one buffer,
    each a view of its part. Why: a cold build holds every page's context
    until the render, and drops them all after it (commit.py); a few
    thousand bytes each, they would lie scattered among objects that
    live on, and their memory could not go back to the system. An
    edition's buffer can."""
    view, at, out = memoryview(b"".join(t.payload for t in tasks if isinstance(t.payload, bytes))), 0, []
    for task in tasks:
        if isinstance(task.payload, bytes):  # (a copy's payload is its source path, a str)
            task = replace(task, payload=view[at : at + len(task.payload)])
            at += len(task.payload)
        out.append(task)
    return out
