"""Task keys: one hash of everything a task's output bytes depend on.

A key covers the site context and the theme (every page sees them), the
shared values the task refers to, its template and its payload (or, for a
copied file, the file's bytes). Equal keys mean equal bytes, so the build
renders only the tasks whose key changed.

Hashing a payload means serialising it: a twentieth of a millisecond, a
second for a whole archive. ``KeyMemo`` remembers the digest of each task
and shared value by identity, so that a long-running process, whose plan
reuses the unchanged parts of the last one (PlanMemo), hashes only what is new."""

from __future__ import annotations

import hashlib
import marshal
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsgen.render.task import Task

if TYPE_CHECKING:
    from newsgen.build.plan.tasks import SharedValues


def digest(value) -> bytes:
    # marshal version 2 writes equal values as equal bytes whatever the
    # object identities (pickle's memo would not), and is fast C.
    return hashlib.blake2b(marshal.dumps(value, 2), digest_size=16).digest()


def payload_digest(task: Task) -> bytes:
    if task.template:  # the payload is kept as its marshal bytes (render/task.py)
        assert isinstance(task.payload, bytes | memoryview), task.output
        return hashlib.blake2b(task.template.encode() + b"\0" + task.payload, digest_size=16).digest()
    # A copied file: its bytes, read now (a theme's few static files).
    assert isinstance(task.payload, str), task.output
    return hashlib.blake2b(b"copy\0" + Path(task.payload).read_bytes(), digest_size=16).digest()


@dataclass
class KeyMemo:
    """Digests of the last call's tasks and shared values, each with the
    object it was computed from and used again only for that very object
    (``is``). Each call keeps only what its own tasks have."""

    tasks: dict = field(default_factory=dict)  # output -> (task, key)
    shared: dict = field(default_factory=dict)  # ref -> (value, digest)
    context: bytes = b""

    def keys(
        self, tasks: list[Task], shared: SharedValues, context: bytes, known: dict[str, bytes] | None = None
    ) -> list[str]:
        """The key of each task, in order. A task planned last time (the
        same object) whose shared values are all unchanged keeps its key; a
        ghost has its key. ``known``: digests of shared values known to
        equal an earlier process's (a ghost's, see plan_memo.py)."""
        shared_digests, changed = self._shared_digests(shared, known or {})
        if context != self.context:
            self.tasks, self.context = {}, context
        fresh, keys = {}, []
        for task in tasks:
            last = self.tasks.get(task.output)
            if task.key:
                key = task.key
            elif last is not None and last[0] is task and not (changed and _uses(task, changed)):
                key = last[1]
            else:
                key = task_key(task, payload_digest(task), context, shared_digests)
            if task.template:  # a copied file's bytes can change under the same task: never remembered
                fresh[task.output] = (task, key)
            keys.append(key)
        self.tasks = fresh
        return keys

    def forget_tasks(self) -> None:
        """Let go of the tasks keyed last (a build run once: see commit._drop_contexts)."""
        self.tasks = {}

    def more(self, tasks: list[Task]) -> list[str]:
        """Keys of tasks added to the plan since keys() (ghosts made for real)."""
        shared_digests = self.digests()
        keys = [task_key(task, payload_digest(task), self.context, shared_digests) for task in tasks]
        self.tasks.update((task.output, (task, key)) for task, key in zip(tasks, keys))
        return keys

    def digests(self) -> dict[str, bytes]:
        return {ref: d for ref, (_value, d) in self.shared.items()}

    def _shared_digests(self, shared: SharedValues, known: dict[str, bytes]) -> tuple[dict[str, bytes], set[str]]:
        """Each shared value's digest, and the refs whose value is new. A
        value known by its digest is not asked for (a ghost's is made only
        when asked for: see SharedValues)."""
        digests, fresh, changed = {}, {}, set()
        for ref in shared:
            last = self.shared.get(ref)
            value = shared[ref] if shared.made(ref) or ref not in known else None
            if last is not None and value is not None and last[0] is value:
                d = last[1]
            else:
                d = known.get(ref) or digest(value)
                if last is None or last[1] != d:
                    changed.add(ref)
            digests[ref] = d
            fresh[ref] = (value, d)
        changed.update(self.shared.keys() - fresh.keys())
        self.shared = fresh
        return digests, changed


def _uses(task: Task, refs: set[str]) -> bool:
    for _name, ref in task.shared:
        if ref in refs:
            return True
    for _name, list_refs in task.lists:
        if not refs.isdisjoint(list_refs):
            return True
    return False


def task_key(task: Task, own: bytes, context: bytes, shared_digests: dict[str, bytes]) -> str:
    """``own``: the task's payload digest; ``context``: the digest of what every task sees."""
    h = hashlib.blake2b(context, digest_size=16)
    for name, ref in task.shared:
        h.update(name.encode() + shared_digests[ref])
    for name, refs in task.lists:
        h.update(name.encode() + b"".join(shared_digests[ref] for ref in refs))
    h.update(own)
    return h.hexdigest()
