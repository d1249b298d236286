"""What a newsroom gets from `pip install newsgen`: a wheel, installed
without -e into a fresh virtual environment, builds a site that has no
themes/ folder of its own (the default theme ships inside the wheel)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import basic_files, write_files

REPO = Path(__file__).resolve().parent.parent


def run(*command, cwd: Path | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_an_installed_wheel_builds_a_site_without_a_theme_of_its_own(tmp_path):
    dist = tmp_path / "dist"
    # No build isolation: setuptools is already here, and nothing is fetched.
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(REPO))
    wheel = next(dist.glob("newsgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "newsgen/themes/default/templates/base.html" in names
    assert "newsgen/themes/default/static/style.css" in names

    venv = tmp_path / "venv"
    # The dependencies come from this environment; newsgen itself only from the wheel.
    run(sys.executable, "-m", "venv", "--system-site-packages", str(venv))
    python = venv / "bin" / "python"
    run(str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel))
    site = write_files(tmp_path / "paper", basic_files())
    assert not (site / "themes").exists()
    where = run(str(python), "-c", "import newsgen; print(newsgen.__file__)", cwd=tmp_path).stdout
    assert where.startswith(str(venv)), where
    run(str(python), "-m", "newsgen", "build", "--root", str(site), "--no-search", cwd=tmp_path)
    front = (site / "site" / "index.html").read_text("utf-8")
    assert "遵义日报" in front and "/paper/static/style." in front
    assert any((site / "site" / "static").glob("style*.css"))
