"""The shared benchmark corpus (1,000 articles) builds without a problem."""

import subprocess
import sys

import pytest
from conftest import SHARED, run_build


@pytest.mark.skipif(not (SHARED / "bench/gen_corpus.py").is_file(), reason="shared/bench is not beside the repo")
def test_a_thousand_article_corpus_builds_and_every_article_gets_a_page(tmp_path):
    root = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(SHARED / "bench/gen_corpus.py"), str(root), "--articles", "1000"],
        check=True,
        capture_output=True,
    )
    report = run_build(root, jobs=2)
    assert report.diagnostics == []
    assert report.articles == 1000
    sources = sorted((root / "content").glob("*/*.md"))
    assert len(sources) == 1000
    out = root / "site"
    for source in sources:
        text = source.read_text("utf-8")
        slug = next(
            (
                line.split(":", 1)[1].strip()
                for line in text.split("\n---", 1)[0].splitlines()
                if line.startswith("slug:")
            ),
            source.stem,
        )
        assert (out / source.parent.name / slug / "index.html").is_file(), source
