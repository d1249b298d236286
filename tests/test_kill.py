"""The kill test: a build killed at any moment leaves site/ exactly as one
of two complete builds left it, and the next build succeeds.

A 2,000-article corpus (``../shared/bench/gen_corpus.py``) alternates
between two content states A and B (articles edited, retitled, added and
deleted, one edition's page renamed), so every build is a real incremental
build. Each round switches the content, starts ``python -m newsgen build
--jobs 2``, SIGKILLs its whole process group after a random delay, hashes
site/ (it must equal the digest of A's or of B's complete build), then
builds to completion (it must equal the new state's). 24 delays are drawn
from [0, duration of a complete build]; 12 more land in the commit
itself, the part that decides: up to 15 ms after one of its steps, which
a hook reports on stderr (the standby marked dirty, the staged files moved
in, the standby ready, the exchange done). The seed is fixed and every kill
moment is printed (``pytest -s``) so a failure can be replayed."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import REPO, SHARED, article

from newsgen.publish import publisher as publish

SEED = 20261129
ARTICLES = 2000
KILLS_ANYWHERE = 24  # delay drawn from [0, duration of a complete build]
KILLS_IN_COMMIT = 12  # delay drawn from [0, 15 ms] after one of the commit's steps (publish._hook):
STAGES = ("dirty", "moved", "ready", "published")  # standby marked dirty, staged files moved in, ready, exchanged
HAND_PLACED = {"CNAME": b"news.example.org\n", ".well-known/security.txt": b"Contact: mailto:a@b.org\n"}


def exchange_works() -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "site").mkdir()
        return publish.exchange_unavailable(Path(tmp) / "site") == ""


pytestmark = pytest.mark.skipif(not exchange_works(), reason="atomic publishing needs renameat2(RENAME_EXCHANGE)")


def digest(folder: Path) -> dict[str, str]:
    """Every file's hash but changed-urls.txt, which lists what one build
    wrote: the build that finishes after a kill lists its own work, not the
    reference build's, by design."""
    found = {}
    for parent, _dirs, files in os.walk(folder):
        for name in files:
            if name == "changed-urls.txt" and parent == str(folder):
                continue
            path = os.path.join(parent, name)
            with open(path, "rb") as f:
                found[os.path.relpath(path, folder)] = hashlib.blake2b(f.read(), digest_size=16).hexdigest()
    return found


def snapshot(folder: Path) -> dict:
    """How to run a copy of newsgen and its default theme as they are now
    (others may edit the working tree meanwhile): subprocess arguments."""
    for name in ("newsgen", "themes"):
        shutil.copytree(REPO / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    env = {"env": dict(os.environ, PYTHONPATH=str(folder)), "cwd": folder}
    where = subprocess.run(
        [sys.executable, "-c", "import newsgen; print(newsgen.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        **env,
    ).stdout.strip()
    assert Path(where).parent == folder / "newsgen", where
    return env


# Without the search index: it makes each build longer, and 36 kills take
# minutes. The index is made on the new generation
# before the exchange, like the pages (test_publish checks that it is).
BUILD_ARGS = ["build", "--root", "{root}", "--jobs", "2", "--no-search"]


def newsgen_build(root: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "newsgen", *[a.format(root=root) for a in BUILD_ARGS]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        **env,
    )


# The CLI with a hook that reports each step of the commit on stderr (publish._hook).
HOOKED = (
    "import sys, time; from newsgen.publish import publisher as publish; "
    "publish._hook = lambda stage: print('stage', stage, time.perf_counter(), file=sys.stderr, flush=True); "
    "from newsgen.cli import main; sys.exit(main(sys.argv[1:]))"
)


def hooked_build(root: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", HOOKED, *[a.format(root=root) for a in BUILD_ARGS]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **env,
    )


def complete_build(root: Path, env: dict) -> tuple[float, float]:
    """Build to the end: (seconds, seconds from the standby's first change to the exchange)."""
    started = time.perf_counter()
    proc = hooked_build(root, env)
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    times = {line.split()[1]: float(line.split()[2]) for line in err.splitlines() if line.startswith("stage ")}
    return time.perf_counter() - started, times.get("published", 0) - times.get("dirty", 0)


def wait_for_stage(proc: subprocess.Popen, stage: str) -> list[str]:
    seen = []
    for line in proc.stderr:
        if line.startswith("stage "):
            seen.append(line.split()[1])
            if seen[-1] == stage:
                return seen
    raise AssertionError(f"the build ended without reaching {stage}: {seen}")


def two_states(root: Path, rng: random.Random) -> tuple[dict, dict]:
    """{path: bytes or None} for state A (as generated) and for state B."""
    content = root / "content"
    editions = sorted(p for p in content.iterdir() if p.is_dir())
    articles = sorted(p for p in content.glob("*/*.md"))
    chosen = rng.sample(articles, 40)
    a, b = {}, {}
    for path in chosen[:20]:  # body edited
        a[path] = path.read_bytes()
        b[path] = a[path] + f"\n\n补记：第{rng.randrange(1000)}条。\n".encode()
    for path in chosen[20:25]:  # title edited: neighbours change too
        a[path] = path.read_bytes()
        b[path] = a[path].replace(b"title: ", "title: 改".encode(), 1)
    for path in chosen[25:40]:  # deleted
        a[path], b[path] = path.read_bytes(), None
    for n in range(15):  # added
        path = rng.choice(editions) / f"zengjia-{n}.md"
        a[path] = None
        b[path] = article(f"新增报道{n}", rng.randrange(1, 9), f"新增正文{n}。\n\n第二段。", tags="[新增]").encode()
    edition = rng.choice(editions) / "edition.yaml"  # one edition: a page renamed
    a[edition] = edition.read_bytes()
    b[edition] = a[edition].replace("name: 民生".encode(), "name: 民生新闻".encode(), 1)
    assert b[edition] != a[edition]
    return a, b


def switch(state: dict) -> None:
    for path, data in state.items():
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(data)


def leftovers(root: Path) -> list[str]:
    return [p.name for p in root.iterdir() if "newsgen-staging" in p.name or "newsgen-probe" in p.name]


def test_a_killed_build_leaves_one_complete_build_and_the_next_succeeds(tmp_path):
    began = time.perf_counter()
    rng = random.Random(SEED)
    env = snapshot(tmp_path / "code")
    root = tmp_path / "paper"
    subprocess.run(
        [sys.executable, str(SHARED / "bench/gen_corpus.py"), str(root), "--articles", str(ARTICLES)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    states = two_states(root, rng)
    site = root / "site"

    complete_build(root, env)  # cold, state A
    for rel, data in HAND_PLACED.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    switch(states[1])
    complete_build(root, env)  # state B: makes the standby
    durations, spans, digests = [], [], []
    for state in (0, 1, 0, 1):  # measured
        switch(states[state])
        duration, span = complete_build(root, env)
        durations.append(duration)
        spans.append(span)
        digests.append(digest(site))
    assert digests[2:] == digests[:2]
    duration = statistics.median(durations)
    assert len(digests[0]) > 2500 and digests[0] != digests[1]
    assert all(rel in d for d in digests for rel in HAND_PLACED)
    print(
        f"\nseed {SEED}: {len(digests[0])} files; complete build {duration:.2f} s "
        f"(the standby updated and exchanged in {statistics.median(spans) * 1000:.0f} ms of it)"
    )

    # (delay, and the step of the commit it counts from; None: from the start)
    kills = [(rng.uniform(0, duration), None) for _ in range(KILLS_ANYWHERE)]
    kills += [(rng.uniform(0, 0.015), STAGES[n % len(STAGES)]) for n in range(KILLS_IN_COMMIT)]
    current = 1
    seen = {"old": 0, "new": 0, "finished": 0, "MIX": 0}
    for round_, (delay, stage) in enumerate(kills):
        target = 1 - current
        switch(states[target])
        proc = (hooked_build if stage else newsgen_build)(root, env)
        stages = wait_for_stage(proc, stage) if stage else []
        time.sleep(delay)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _out, err = proc.communicate()
        if stage:
            stages += [line.split()[1] for line in err.splitlines() if line.startswith("stage ")]
        finished = proc.returncode == 0
        now = digest(site)
        outcome = "new" if now == digests[target] else "old" if now == digests[current] else "MIX"
        seen["finished" if finished else outcome] += 1
        moment = (
            f"{delay * 1000:.0f} ms after step {stage!r} (last step seen: {stages[-1]!r})"
            if stage
            else f"at {delay:.3f} s"
        )
        print(
            f"round {round_:2d}: {'AB'[current]}->{'AB'[target]} killed {moment}: "
            f"{'build had finished' if finished else 'site/ is the ' + outcome + ' build'}"
        )
        assert outcome != "MIX", (
            f"seed {SEED}, round {round_}, kill at {delay:.3f} s: site/ is neither build: "
            f"{sorted(set(now.items()) ^ set(digests[target].items()))[:10]}"
        )
        complete_build(root, env)
        assert digest(site) == digests[target], f"seed {SEED}, round {round_}: the build after the kill"
        assert leftovers(root) == []
        current = target
    print(f"outcomes: {seen}; {time.perf_counter() - began:.0f} s in all")
    assert seen["old"] and seen["new"], "the kills fell on both sides of the exchange"
    shutil.rmtree(root)  # thousands of files: not kept among pytest's last temporary folders
