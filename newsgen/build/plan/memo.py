"""What the last plan made from what, so that the next one makes only the
parts whose inputs changed: an edition, the archive, the tags, the sitemap.

In memory (newsgen serve): each part with its inputs, compared with ==.
The content model is frozen dataclasses, and an unchanged file's parse is
the very object the cache gave last time, so most comparisons stop at
identity. A part made by the same code from equal inputs is equal, so the
memo can only save time.

On disk (the CLI, one process per build): each edition's stamp (a hash of
its inputs, see plan._edition_stamp) with its tasks' outputs and keys and
the digests of its shared values, in the cache folder. An edition whose
stamp is unchanged is not planned: it becomes a "ghost", its tasks known by
output and key but without payload. The build compares keys as usual; a
ghost that must be rendered after all (its file is missing or was changed
by hand) is made for real first (``materialize``).

Anything every part sees (the site context, the config; and for the disk
memo the theme and newsgen's code, see BuildCache.load_plan) throws the
memo away when it changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from newsgen.render.task import Task


@dataclass
class PlanMemo:
    """See the module's text. plan_site() calls begin(), unit() per part, end()."""

    everywhere: tuple = ()
    parts: dict = field(default_factory=dict)  # name -> (inputs, result)
    fresh: dict = field(default_factory=dict)
    made: int = 0  # parts made (not taken from a memo) by the last plan
    earlier: dict = field(default_factory=dict)  # from disk: see export()
    header: tuple = ()  # what ``earlier`` was made with (code, theme)
    stamps: dict = field(default_factory=dict)  # edition part -> how to stamp it, this plan
    ghosts: dict = field(default_factory=dict)  # ghost part -> (how to make it for real, its digests)
    _last_ghosts: dict = field(default_factory=dict)

    def begin(self, everywhere: tuple, stable: bytes) -> None:
        """``everywhere``: what every part sees; ``stable``: its hash, for the disk memo."""
        if everywhere != self.everywhere:
            self.everywhere, self.parts, self.ghosts = everywhere, {}, {}
        if self.earlier.get("everywhere") != stable:
            self.earlier = {"everywhere": stable, "editions": {}}
        self.fresh, self.made, self.stamps = {}, 0, {}
        self._last_ghosts, self.ghosts = self.ghosts, {}

    def unit(self, name: str, inputs, make: Callable, stamp: Callable | None = None, ghost: Callable | None = None):
        """The part ``name``: from the memo if its inputs are unchanged,
        else a ghost if its stamp (``stamp()``: bytes or None) is the one
        on disk, else made now."""
        last = self.parts.get(name)
        earlier = self.earlier["editions"].get(name) if stamp is not None else None
        if last is not None and last[0] == inputs:
            result = last[1]
            if name in self._last_ghosts:  # still a ghost: still to be made for real if needed
                self.ghosts[name] = (make, self._last_ghosts[name][1])
        elif earlier is not None and stamp is not None and ghost is not None and earlier[0] == stamp():
            result = ghost(earlier[1])
            self.ghosts[name] = (make, earlier[2])
        else:
            result = make()
            self.made += 1
        self.fresh[name] = (inputs, result)
        if stamp is not None:
            self.stamps[name] = stamp
        return result

    def end(self) -> None:
        """Forget the parts this plan did not have (an edition removed)."""
        self.parts, self.fresh, self._last_ghosts = self.fresh, {}, {}

    def ghost_digests(self) -> dict[str, bytes]:
        """Shared ref -> digest, of the ghosts' values (equal to the earlier ones)."""
        digests = {}
        for _make, known in self.ghosts.values():
            digests.update(known)
        return digests

    def materialize(self, outputs: set[str]) -> dict[str, Task]:
        """The real tasks of the ghost parts holding ``outputs``, by output."""
        real: dict[str, Task] = {}
        for name, (make, _digests) in list(self.ghosts.items()):
            inputs, (tasks, _shared) = self.parts[name]
            if any(task.output in outputs for task in tasks):
                made = make()
                self.parts[name] = (inputs, made)
                del self.ghosts[name]
                self.made += 1
                real.update((task.output, task) for task in made[0])
        return real

    def drop_contexts(self, light: dict[str, Task]) -> None:
        """For a build run once, after its render: the parts' tasks as
        ``light`` has them (output -> the task without its context); the
        disk memo (``export``) needs no more."""
        for name, (inputs, result) in self.parts.items():
            if isinstance(result, tuple):  # an edition: (tasks, shared)
                result = ([light.get(t.output, t) for t in result[0]], result[1])
            else:
                result = [light.get(t.output, t) for t in result]
            self.parts[name] = (inputs, result)

    def changed_since_earlier(self) -> bool:
        """Whether the disk memo is out of date: an edition's stamp differs."""
        earlier = self.earlier.get("editions", {})
        return earlier.keys() != self.stamps.keys() or any(earlier[n][0] != s() for n, s in self.stamps.items())

    def export(self, keys: dict[str, str], digests: dict[str, bytes]) -> dict:
        """The disk memo: each edition part's stamp, its tasks as rows
        (output, template, source, shared, lists, key), and its shared
        values' digests."""
        editions = {}
        for name, stamp in self.stamps.items():
            tasks, shared = self.parts[name][1]
            rows = [(t.output, t.template, t.source, t.shared, t.lists, keys[t.output]) for t in tasks]
            value = stamp()
            if value is not None:
                editions[name] = (value, rows, {ref: digests[ref] for ref in shared})
        return {"everywhere": self.earlier.get("everywhere"), "editions": editions}
