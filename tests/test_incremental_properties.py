"""Property test: after any sequence of edits, renames and deletions of
articles, editions, images and templates, and builds at any "now" (drafts
and embargoes), the incremental build's output equals a clean build's,
byte for byte."""

import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import article, basic_files, run_build, tree_digest, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from newsgen.build.session import Session

# Three months: the search index keeps the newest month's shard files apart from
# the archive's, and editions added or deleted move a month from one to the other.
DATES = ("2023-12-29", "2024-01-10", "2024-02-02")
# The builds' "now": before, between and after the embargoes the ops set (06:00 北京时间 of a date).
NOWS = tuple(dt.datetime.fromisoformat(f"{date}T{hour:02d}:00+08:00") for date in DATES for hour in (5, 7))


def picture(colour: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (colour, 90, 200 - colour)).save(buf, "JPEG", quality=80)
    return buf.getvalue()


def edition_text(date: str, pages: int = 2, name: str = "要闻") -> str:
    lines = [f"date: {date}", "pages:"] + [
        f"  - {{number: {n}, name: {name if n == 1 else '综合'}}}" for n in range(1, pages + 1)
    ]
    return "\n".join(lines) + "\n"


def apply(root: Path, op: tuple) -> set[str]:
    """Carry out ``op``; the paths it touched, as the preview's watcher reports them."""
    kind, a, b = op
    date = DATES[a % len(DATES)]
    folder = root / "content" / date
    articles = sorted(folder.glob("*.md")) if folder.exists() else []
    _do(root, op, date, folder, articles)
    # The edition's folder (rescan() looks no deeper than a folder's name), and
    # the other inputs an op may change (a build reads those whatever the watcher says).
    return {f"content/{date}/edition.yaml", f"images/{date}/p.jpg", "newsgen.yaml", "themes/default/templates/404.html"}


def _do(root: Path, op: tuple, date: str, folder: Path, articles: list) -> None:
    kind, a, b = op
    if kind == "add_edition" and not folder.exists():  # with an article: its month has a block in the index
        write_files(
            root,
            {
                f"content/{date}/edition.yaml": edition_text(date),
                f"content/{date}/k{b}.md": article(f"本期{b}", 1, f"本期正文{b}。"),
            },
        )
    elif kind == "delete_edition" and folder.exists():
        shutil.rmtree(folder)
    elif kind == "rename_page" and folder.exists():
        write_files(root, {f"content/{date}/edition.yaml": edition_text(date, 2, ["要闻", "头版", "新闻"][b % 3])})
    elif kind == "add_article" and folder.exists():
        write_files(
            root, {f"content/{date}/n{b}.md": article(f"新文{b}", 1 + b % 2, f"正文{b}。", tags=f"[标签{b % 3}]")}
        )
    elif kind == "edit_body" and articles:
        path = articles[b % len(articles)]
        path.write_text(path.read_text("utf-8").rstrip("\n") + f"\n\n补充{b}。\n", "utf-8")
    elif kind == "edit_title" and articles:
        path = articles[b % len(articles)]
        text = path.read_text("utf-8")
        path.write_text(text.replace("title: ", f"title: 改{b}", 1), "utf-8")
    elif kind == "rename_article" and articles:
        path = articles[b % len(articles)]
        path.rename(path.with_name(f"r{b}-{path.name}"))
    elif kind == "delete_article" and articles:
        articles[b % len(articles)].unlink()
    elif kind == "image" and folder.exists():
        write_files(
            root,
            {
                f"images/{date}/p.jpg": picture(b % 200),
                f"content/{date}/tu.md": article(
                    "图片新闻", 1, "", kind="picture", image=f"{date}/p.jpg", caption="图说。"
                ),
            },
        )
    elif kind == "remove_image" and (folder / "tu.md").exists():
        (folder / "tu.md").unlink()
    elif kind == "template":
        write_files(
            root,
            {
                "themes/default/templates/404.html": f"{{% extends 'base.html' %}}{{% block main %}}<h1>找不到{b % 3}</h1>{{% endblock %}}"  # noqa: E501
            },
        )
    elif kind == "embargo" and folder.exists():
        when = f"publish_at: {DATES[b % len(DATES)]}T06:00+08:00\n" if b % 4 else "draft: true\n"
        write_files(root, {f"content/{date}/edition.yaml": edition_text(date) + when})
    elif kind == "config":
        write_files(root, {"newsgen.yaml": f"title: 遵义日报\nbase_url: https://a.org/p/\nper_page: {1 + b % 3}\n"})


@pytest.fixture(autouse=True)
def trust_fresh_stats(monkeypatch):
    """A session recognises an unchanged file by its stat, but not one
    changed in the last second (see source.py); the edits here all are.
    A build lasts longer than one tick of the file clock, so the next edit
    always shows in the stat, and the test can trust it at once."""
    monkeypatch.setattr("newsgen.content.source.RACY_NS", 0)


OPS = st.tuples(
    st.sampled_from(
        [
            "add_edition",
            "delete_edition",
            "rename_page",
            "add_article",
            "edit_body",
            "edit_title",
            "rename_article",
            "delete_article",
            "image",
            "remove_image",
            "template",
            "config",
            "embargo",
        ]
    ),
    st.integers(0, 5),
    st.integers(0, 50),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(OPS, min_size=1, max_size=6),
    st.lists(st.booleans(), min_size=6, max_size=6),
    st.booleans(),
    st.lists(st.sampled_from(NOWS), min_size=7, max_size=7),
)
def test_incremental_output_equals_a_clean_build(ops, build_after, long_lived, nows):
    """``long_lived``: the builds share one Session, as newsgen serve's do. The search index is
    built too: it must come out as a clean build makes it, like every page."""
    session = Session() if long_lived else None
    with tempfile.TemporaryDirectory() as tmp:
        root = write_files(Path(tmp) / "src", basic_files())
        run_build(root, search=True, out=Path(tmp) / "inc", session=session, now=nows[-1])
        touched = set()
        for op, build_now, now in zip(ops, build_after, nows, strict=False):
            touched |= apply(root, op)
            if build_now:
                if session is not None:
                    session.changed, touched = touched, set()  # what a watcher would have seen
                run_build(root, search=True, out=Path(tmp) / "inc", session=session, now=now)
        if session is not None:
            session.changed = touched
        incremental = run_build(root, search=True, out=Path(tmp) / "inc", session=session, now=nows[0])
        shutil.rmtree(root / ".newsgen-cache")
        clean = run_build(root, search=True, out=Path(tmp) / "clean", now=nows[0])
        assert incremental.failed == clean.failed
        if not clean.failed:
            assert tree_digest(Path(tmp) / "inc") == tree_digest(Path(tmp) / "clean")
