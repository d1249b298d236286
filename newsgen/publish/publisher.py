"""Writing the output folder: a build is published whole, or not at all.

A build killed at any moment (SIGKILL, power loss) leaves site/ exactly as
the last complete build left it or exactly as the new one, never a mix and
never a truncated file, and the next build needs no clean-up.

Two generations and one exchange. newsgen keeps a standby copy of the site
in a folder beside it that it creates and owns, ``.site.newsgen-standby``
(``.<name>.newsgen-standby`` for any output folder). A build renders the
files whose bytes changed into a staging folder, also beside site/
(``.site.newsgen-staging-<pid>``), then brings the standby to the new
build's state:

  * staged files are moved in;
  * files that differ between the two folders (those the previous build
    changed) are hardlinked from site/;
  * files that the new build does not produce are removed (only files
    newsgen wrote: its manifests say which);
  * images are linked from the image cache (``SiteImages.publish``);
  * every top-level entry of site/ that newsgen did not write (CNAME,
    .well-known/, .git/) is mirrored by hardlinks, recursively;

and, once that is on disk (``syncfs``), swaps the two folders in one
``renameat2(RENAME_EXCHANGE)`` call. Both are real folders, so site/ stays
a plain folder for users and deploy tools. A file whose bytes did not
change is the same inode in both, so it keeps its mtime; newsgen never
writes into an existing file (every write is a new file renamed into
place), so a file shared by the two generations never changes under the
live one. The commit costs O(files changed), not O(files in the site):
copying or deleting a 27,000-file tree takes seconds.

Knowing what each folder holds without looking (cache.py): each
generation's manifest lists its files with (task key, size, mtime, inode)
and is keyed by its folder's inode number, which moves with the folder
through the exchange, so after the swap the manifest that described the
standby describes site/ with nothing written at exchange time. Each build
also leaves a delta: the files where the new generation differs from the
one it replaces (written, removed). Next time, when both folders are as
that build left them (clean manifests, unchanged since), the standby is
brought up to date from the delta and this build's changes alone: nothing
is read or compared file by file. Before newsgen changes a folder it
writes (and flushes) a journal naming every file it may add; the new
manifest's save removes it. Without a valid delta the standby's files are
checked by stat; when it is dirty (a build was killed while updating it)
or has no manifest, the folder is scanned and repaired, once. site/ itself
is checked by stat, file by file, as before (build.py).

The first build renders into the staging folder and renames it to site/;
the second makes the standby (hardlinks of the whole site, once). Staging
and probe folders left by a killed build are removed by the next one (only
names of the forms above). One build at a time per output folder.

Where the exchange is not available (not Linux 3.15+ with glibc 2.28+, a
file system without RENAME_EXCHANGE, site/ a mount point, its parent not
writable), staged files are moved into site/ one by one (each atomically)
as before newsgen had a standby, and the build says so in a warning: a
build killed then can leave a mix of two builds.

Hand-placed files belong at the top level of site/ (their own files or
folders); a file put by hand inside a folder newsgen writes (2024-01-10/,
tags/, static/ ...) is not carried to the next generation (finding those
would mean looking at every folder of site/ on every build).

Power loss: the journal is flushed before a folder changes, the standby's
file system is flushed (syncfs) before the exchange, and a manifest is
flushed before its journal goes, so after a crash every clean manifest is
true and every half-made folder is dirty.

Why not the alternatives: a symlink swapped over site/ (site -> .gen-2)
makes site/ a link, which deploy tools, web servers and users treat
differently from a folder (rsync copies the link, some servers refuse
links out of their root); copying or hardlinking the whole tree at each
build costs seconds at 20,000 articles; a per-file merge into site/ can
be killed half way."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path

from newsgen.errors import Diagnostic, note
from newsgen.files import inode_of
from newsgen.i18n import msg
from newsgen.publish.exchange import exchange, exchange_unavailable, flush, renameat2, same_device
from newsgen.publish.folders import standby_path
from newsgen.publish.records import UNKNOWN, stamps
from newsgen.publish.tree import (
    TEMPORARY,
    hand_placed,
    link_from_live,
    make_standby,
    merge_tree,
    mirror_top,
    remove,
    remove_empty_parents,
    scan,
    tops,
)

STAGING_PREFIX = ".newsgen-staging-"  # inside the output folder, when there is no exchange


def _hook(stage: str) -> None:
    """Called at each step of a commit; tests replace it to stop a build there."""


@dataclass
class Outcome:
    files: dict  # output -> (key, size, mtime_ns, inode): the new manifest
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class Publisher:
    """One build's commit. prepare(), render into ``staging``, publish()."""

    def __init__(self, out: Path, cache):
        self.out = Path(os.path.realpath(out))  # a symlinked site/: its target is swapped, not the link
        self.cache = cache
        self.standby = standby_path(self.out)
        self.staging = self.out
        self.mode = ""  # first | exchange | merge

    def prepare(self) -> list[Diagnostic]:
        """Remove a killed build's leftovers, choose how to commit, make the staging folder."""
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._sweep()
        live, standby = inode_of(self.out), inode_of(self.standby)
        self.cache.forget_generations(self.out, {live, standby} - {None})
        problems = []
        if live is None:
            self.mode = "first"
        elif renameat2 is not None and same_device(self.standby, self.out):  # made after a probe that worked
            self.mode = "exchange"
        elif reason := exchange_unavailable(self.out):
            self.mode = "merge"
            problems.append(
                note(
                    str(self.out),
                    0,
                    0,
                    msg("the output folder is updated file by file: {reason}", reason=reason),
                    msg(
                        "a build killed now can leave a mix of two builds (atomic publishing "
                        "needs Linux 3.15+ and a folder newsgen may write beside it)"
                    ),
                )
            )
        else:
            self.mode = "exchange"
        if self.mode == "merge":
            self.staging = self.out / f"{STAGING_PREFIX}{os.getpid()}"
        else:
            self.staging = self.out.parent / f".{self.out.name}.newsgen-staging-{os.getpid()}"
        self.staging.mkdir()
        return problems

    def abort(self) -> None:
        """Remove the staging folder; a standby half updated stays dirty and is repaired next time."""
        if self.staging != self.out:
            shutil.rmtree(self.staging, ignore_errors=True)

    def publish(
        self, kept: dict, staged: dict, images, previous: dict, unrecorded: Set[str] = frozenset(), before_swap=None
    ) -> Outcome:
        """Make the new build live. ``kept``: output -> record of the live
        file the new build keeps (its key updated); ``staged``: output -> key
        of the files in the staging folder; ``images``: publishes the image
        files into a folder (``SiteImages``); ``previous``: the live manifest;
        ``unrecorded``: outputs of ``kept`` whose live file is not the one
        ``previous`` records (changed by hand, or not recorded);
        ``before_swap(folder, written)``: last work on the new generation,
        complete but not yet live (the search index, changed-urls.txt), so
        that it goes live with it in the same atomic step."""
        self.before_swap = before_swap or (lambda folder, written: None)
        if self.mode == "exchange":
            return self._exchange(kept, staged, images, previous, set(unrecorded))
        return (self._first if self.mode == "first" else self._merge)(kept, staged, images, previous)

    # ---- the three ways

    def _first(self, kept: dict, staged: dict, images, previous: dict) -> Outcome:
        """No site/ yet: the staging folder becomes it."""
        written = images.publish(self.staging)
        extra = images.outputs()
        self.cache.mark_dirty(self.out, inode_of(self.staging), staged.keys() | extra)
        files = stamps(self.staging, staged, extra)
        self.before_swap(self.staging, sorted(set(staged) | set(written)))
        _hook("ready")
        flush(self.staging)
        os.rename(self.staging, self.out)
        _hook("published")
        return Outcome(files, sorted(set(staged) | set(written)))

    def _merge(self, kept: dict, staged: dict, images, previous: dict) -> Outcome:
        """No exchange: staged files moved into site/ one by one."""
        extra = images.outputs()
        wanted = kept.keys() | staged.keys() | extra
        self.cache.mark_dirty(self.out, inode_of(self.out), wanted - previous.keys())
        _hook("dirty")
        merge_tree(self.staging, self.out)
        shutil.rmtree(self.staging, ignore_errors=True)
        written = images.publish(self.out)
        removed = []
        for output in sorted(previous.keys() - wanted):
            target = self.out / output
            if target.is_file() and not target.is_symlink():
                target.unlink()
                removed.append(output)
                remove_empty_parents(self.out, output)
        files = dict(kept)
        files.update(stamps(self.out, staged, extra))
        self.before_swap(self.out, sorted(set(staged) | set(written)))
        _hook("published")
        return Outcome(files, sorted(set(staged) | set(written)), removed)

    def _exchange(self, kept: dict, staged: dict, images, previous: dict, unrecorded: set) -> Outcome:
        """Bring the standby to the new build's state, then swap it with site/."""
        live, standby = self.out, self.standby
        extra = images.outputs()
        wanted = kept.keys() | staged.keys() | extra
        gone = previous.keys() - wanted  # in site/, not in the new build
        ours = tops(wanted) | tops(gone)  # top-level names newsgen writes in site/
        make_standby(standby, live)
        inode, live_inode = inode_of(standby), inode_of(live)
        assert inode is not None and live_inode is not None  # both folders exist now
        delta = self.cache.standby_delta(self.out, live_inode, inode)
        if delta is not None:
            # The standby holds the generation before site/'s and differs from it
            # exactly at ``delta`` (the files the last build changed): nothing to read.
            self.cache.mark_dirty(self.out, inode, (wanted - previous.keys()) | (delta & wanted))
            _hook("dirty")
            doomed, link = (gone | delta) - wanted, ((delta & wanted) | unrecorded) - staged.keys()
        else:
            doomed, link = self._compare_standby(inode, kept, extra, wanted, ours, previous)
        written = self._update_standby(doomed, link, kept, images, ours)
        files = kept
        files.update(stamps(standby, staged, extra))
        changed = (
            set(staged)
            | gone
            | {output for output in extra if previous.get(output, UNKNOWN).inode != files[output].inode}
        )
        self.cache.save_delta(self.out, inode, live_inode, changed)
        removed = sorted(output for output in gone if os.path.isfile(live / output))
        self.before_swap(standby, sorted(set(staged) | set(written)))
        _hook("ready")
        flush(standby)
        try:
            exchange(standby, live)
        except OSError:  # it worked when the standby was made: moved to another file system since?
            shutil.rmtree(standby, ignore_errors=True)  # the next build asks again
            raise
        _hook("published")
        shutil.rmtree(self.staging, ignore_errors=True)
        return Outcome(files, sorted(set(staged) | set(written)), removed)

    def _update_standby(self, doomed: set, link: set, kept: dict, images, ours: set) -> list[str]:
        """Remove, move in, link, publish images, mirror: the standby is the
        new build. The image files written (they were not there)."""
        live, standby = self.out, self.standby
        for output in sorted(doomed):
            remove(standby / output)
            remove_empty_parents(standby, output)
        merge_tree(self.staging, standby)
        _hook("moved")
        made: set[str] = set()
        for output in sorted(link):
            try:
                link_from_live(live, standby, output, made)
            except FileNotFoundError:
                if output in kept:
                    raise
                # an image site/ lacks: images.publish() below makes it
        written = images.publish(standby)
        mirror_top(live, standby, ours, ours | tops(doomed))
        return written

    def _compare_standby(
        self, inode: int, kept: dict, extra: set, wanted: set, ours: set, previous: dict
    ) -> tuple[set, set]:
        """What to remove from the standby and what to link into it from
        site/, when no valid delta says it: the files its manifest lists,
        looked at by stat; or, when a build was killed while updating it or
        nothing is recorded, the whole folder looked at."""
        live, standby = self.out, self.standby
        known = self.cache.load_generation(self.out, inode)
        self.cache.mark_dirty(self.out, inode, wanted if known is None else wanted - known.files.keys())
        _hook("dirty")
        if known is not None and not known.dirty:
            # By stat, not by the records: a file changed by hand in site/ is in
            # this folder now, and its inode number may have been reused since.
            held = {}
            for output in known.files:
                try:
                    held[output] = os.stat(os.path.join(standby, output)).st_ino
                except OSError:
                    pass
            doomed = known.files.keys() - wanted
        elif known is not None:  # only what newsgen wrote, or a temporary file
            held = scan(standby, ours | tops(known.files.keys() - wanted))
            doomed = {output for output in held.keys() - wanted if output in known.files or TEMPORARY.search(output)}
        else:  # nothing recorded: everything but the mirrors
            with os.scandir(standby) as entries:
                names = {entry.name for entry in entries}
            held = scan(standby, names - hand_placed(live, ours))
            doomed = held.keys() - wanted
        link = {output for output, record in kept.items() if held.get(output) != record.inode}
        link |= {
            output
            for output in extra
            if output in previous  # images site/ has: checked after
            and previous[output].inode >= 0
            and held.get(output) != previous[output].inode
        }
        return doomed, link

    def _sweep(self) -> None:
        """Staging and probe folders of a killed build (only names newsgen gives its own)."""
        mine = re.compile(rf"\.{re.escape(self.out.name)}\.newsgen-(?:staging|probe)-\d+[ab]?")
        with os.scandir(self.out.parent) as entries:
            leftovers = [entry.path for entry in entries if mine.fullmatch(entry.name)]
        if self.out.is_dir():
            leftovers += [str(path) for path in self.out.glob(f"{STAGING_PREFIX}*")]
        for leftover in leftovers:
            shutil.rmtree(leftover, ignore_errors=True)
