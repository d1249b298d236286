"""Pool workers end with the build that started them: a build killed with
SIGKILL (as serve and CI cancel builds) leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CONFIG, REPO, article, write_files

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def big_site(root: Path) -> Path:
    pages = "".join(f"  - {{number: {n}, name: 版{n}}}\n" for n in range(1, 9))
    files = {"newsgen.yaml": CONFIG + "search: false\n"}
    for day in range(1, 11):
        date = f"2024-01-{day:02d}"
        files[f"content/{date}/edition.yaml"] = f"date: {date}\npages:\n{pages}"
        for n in range(40):
            body = "\n\n".join(f"第{p}段：县里的新闻，**要点**与[链接](https://example.org/{n})。" for p in range(30))
            files[f"content/{date}/a{n:02d}.md"] = article(f"新闻{day}-{n}", 1 + n % 8, body, order=n)
    return write_files(root, files)


def test_a_killed_build_leaves_no_worker(tmp_path):
    root = big_site(tmp_path / "paper")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "build", "--root", str(root), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        workers |= children(proc.pid)
        time.sleep(0.01)
    assert len(workers) >= 2, "the build finished before its pool started: make the site bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [w for w in workers if alive(w)]
    for w in left:  # do not leave them to the next test either
        os.kill(w, signal.SIGKILL)
    assert left == []


def test_a_worker_whose_parent_is_already_gone_ends_at_once(tmp_path):
    """The window between fork and prctl: a worker whose parent is not the
    one that started it (here: a pid that is nobody's) ends at once."""
    marker = tmp_path / "marker"
    script = (
        "import sys\n"
        "from newsgen.build import pool\n"
        "pool.end_with_parent(0)\n"
        "open(sys.argv[1], 'w').write('survived')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(marker)], env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert done.returncode == 1 and not marker.exists()
