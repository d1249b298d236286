"""A newsroom installs newsgen from a wheel, not from a checkout: the wheel,
installed without -e into a fresh virtual environment, makes a new site with
`newsgen init` in an empty folder and builds it (its theme comes with it).

Offline: the wheel is built without build isolation and installed without
its dependencies, which the environment shares with this one."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO


def run(*args, **options) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=600, **options)


def test_a_wheel_installed_without_e_inits_and_builds_a_site(tmp_path):
    built = run(
        sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"),
        str(REPO), cwd=tmp_path,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("newsgen-*.whl")
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", "--system-site-packages", str(venv)).returncode == 0
    installed = run(str(venv / "bin/python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel))
    assert installed.returncode == 0, installed.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    where = run(str(venv / "bin/python"), "-c", "import newsgen; print(newsgen.__file__)", cwd=empty)
    assert where.stdout.startswith(str(venv)), where.stdout  # the wheel's copy, not the checkout
    made = run(str(venv / "bin/newsgen"), "init", "paper", "--title", "某某县报", cwd=empty)
    assert made.returncode == 0, made.stderr
    assert not (empty / "paper/themes").exists()
    done = run(str(venv / "bin/newsgen"), "build", "--strict", cwd=empty / "paper")
    assert done.returncode == 0, done.stderr
    home = (empty / "paper/site/index.html").read_text("utf-8")
    assert "某某县报" in home and 'rel="stylesheet"' in home
    assert (empty / "paper/site/static/style.css").is_file()
