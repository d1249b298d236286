"""Writing the output folder: staging, committing, pruning.

Rendered files are first written to a staging folder inside the output
folder; only when every task has rendered are they moved into place with
os.replace (atomic per file), so a build that fails leaves the previous
site as it was. Only files listed in the last build's manifest are ever
deleted: files put there by hand (CNAME, .well-known/) are left alone."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from .errors import Diagnostic, error

STAGING_PREFIX = ".newsgen-staging-"


def check_output_folder(root: Path, out: Path) -> list[Diagnostic]:
    """Refuse output folders whose cleaning could destroy anything else."""
    out_abs, root_abs = Path(os.path.abspath(out)), Path(os.path.abspath(root))
    home = Path(os.path.expanduser("~")).resolve()
    resolved = out_abs.resolve()
    bad = {Path("/"): "/", home: "the home folder", root_abs.resolve(): "the site root"}
    for folder in ("content", "images", "themes"):
        bad[(root_abs / folder).resolve()] = f"the {folder} folder"
    for path, name in bad.items():
        if resolved == path:
            return [error(str(out), 0, 0, f"refusing to build into {name}", "choose an output folder such as site/")]
    for folder in ("content", "images", "themes"):
        if (root_abs / folder).resolve() in resolved.parents:
            return [error(str(out), 0, 0, f"refusing to build into the {folder} folder")]
    if resolved.is_dir() and ((resolved / "newsgen.yaml").exists() or (resolved / "content").is_dir()):
        return [error(str(out), 0, 0, "refusing to build into a folder that holds a site (newsgen.yaml or content/)")]
    if resolved.exists() and not resolved.is_dir():
        return [error(str(out), 0, 0, "the output path exists and is not a folder")]
    return []


class Publisher:
    def __init__(self, out: Path):
        self.out = out
        self.staging = out / f"{STAGING_PREFIX}{os.getpid()}"

    def prepare(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        for leftover in self.out.glob(f"{STAGING_PREFIX}*"):   # from a killed build
            shutil.rmtree(leftover, ignore_errors=True)
        self.staging.mkdir()

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self) -> None:
        """Move the staged tree into the output folder. A staged folder
        whose counterpart does not exist yet moves in one rename (a first
        build moves a few hundred folders, not tens of thousands of files)."""
        _merge_tree(self.staging, self.out)
        self.abort()

    def prune(self, previous: dict, current: set[str]) -> list[str]:
        """Delete what the last build wrote and this one does not."""
        removed = []
        for output in sorted(set(previous) - current):
            target = self.out / output
            if target.is_file() and not target.is_symlink():
                target.unlink()
                removed.append(output)
                self._remove_empty_parents(target.parent)
        return removed

    def _remove_empty_parents(self, folder: Path) -> None:
        out = self.out.resolve()
        while folder.resolve() != out and out in folder.resolve().parents:
            try:
                folder.rmdir()       # only succeeds when empty
            except OSError:
                return
            folder = folder.parent


def _merge_tree(source: Path, target: Path) -> None:
    with os.scandir(source) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            destination = target / entry.name
            if entry.is_dir(follow_symlinks=False):
                if destination.is_dir() and not destination.is_symlink():
                    _merge_tree(Path(entry.path), destination)
                    continue
                if destination.exists() or destination.is_symlink():
                    destination.unlink()       # a file where a folder now goes: one we wrote before
            elif destination.is_dir() and not destination.is_symlink():
                shutil.rmtree(destination)     # a folder where a file now goes
            os.replace(entry.path, destination)
