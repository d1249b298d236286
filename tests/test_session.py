"""A Session (what newsgen serve keeps between builds) only saves work:
unchanged files are not read again, unchanged editions not planned again,
and whatever changed is seen."""

import hashlib
import time

from conftest import article, basic_files, run_build, tree_digest, write_files

from newsgen.build.cache import BuildCache
from newsgen.build.plan.site import PlanMemo, Task
from newsgen.build.session import Session
from newsgen.content.source import scan_content


def files_of(folders):
    return {f.rel: f for folder in folders for f in ((folder.edition,) if folder.edition else ()) + folder.articles}


def two_editions() -> dict[str, str]:
    """The basic site and a second, newer edition with one article."""
    files = basic_files()
    files["content/2024-01-11/edition.yaml"] = "date: 2024-01-11\npages:\n  - {number: 1, name: 要闻}\n"
    files["content/2024-01-11/a.md"] = article("次日要闻", 1, "次日正文。")
    return files


def test_a_settled_file_is_taken_from_the_last_scan_and_a_rewritten_one_is_read(tmp_path, monkeypatch):
    root = write_files(tmp_path, basic_files())
    first = files_of(scan_content(root))
    monkeypatch.setattr("newsgen.content.source.RACY_NS", 0)
    settled = files_of(scan_content(root))
    path = "content/2024-01-10/yibao.md"
    text = (root / path).read_bytes()
    time.sleep(0.05)  # past the file clock's tick (a few ms); the real margin is RACY_NS
    (root / path).write_bytes(text.replace("。".encode(), "！".encode(), 1))  # same size, new bytes
    again = files_of(scan_content(root, settled))
    assert again[path].read_at_scan and again[path].digest != settled[path].digest
    assert all(again[rel] is settled[rel] for rel in settled if rel != path)
    assert first[path].digest == hashlib.blake2b(text, digest_size=16).digest()


def test_a_file_changed_within_the_last_second_is_always_read_again(tmp_path):
    root = write_files(tmp_path, basic_files())
    fresh = files_of(scan_content(root))
    assert all(f.stat is None for f in fresh.values())  # just written: not trusted by its stat
    again = files_of(scan_content(root, fresh))
    assert all(again[rel] is not fresh[rel] for rel in fresh)


def test_serve_like_builds_replan_only_the_edited_edition(tmp_path, monkeypatch):
    monkeypatch.setattr("newsgen.content.source.RACY_NS", 0)
    root = write_files(tmp_path / "src", two_editions())
    session = Session()
    run_build(root, out=tmp_path / "site", session=session)
    parts = len(session.plan.parts)
    (root / "content/2024-01-11/a.md").write_text(article("次日要闻", 1, "改过的正文。"), "utf-8")
    report = run_build(root, out=tmp_path / "site", session=session)
    assert session.plan.made == 1 and len(session.plan.parts) == parts  # that edition, nothing else
    assert "2024-01-11/a/index.html" in report.written
    assert "改过的正文" in (tmp_path / "site/2024-01-11/a/index.html").read_text("utf-8")
    run_build(root, out=tmp_path / "clean")
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "clean")


def test_a_memo_part_is_made_again_when_its_inputs_differ():
    memo = PlanMemo()
    memo.begin(("site",), b"site")
    assert memo.unit("x", (1, 2), lambda: ["made"]) == ["made"]
    memo.end()
    memo.begin(("site",), b"site")
    assert memo.unit("x", (1, 2), lambda: ["again"]) == ["made"] and memo.made == 0
    assert memo.unit("x", (1, 3), lambda: ["again"]) == ["again"] and memo.made == 1
    memo.end()
    memo.begin(("other site",), b"other site")  # what every part sees changed: nothing is kept
    assert memo.unit("x", (1, 3), lambda: ["third"]) == ["third"]


def test_a_part_with_the_stamp_on_disk_is_a_ghost_until_it_must_be_rendered():
    rows = [("a/index.html", "article.html", "content/a.md", (("edition", "edition:x"),), (), "key-a")]
    memo = PlanMemo(earlier={"everywhere": b"site", "editions": {"edition:x": (b"stamp", rows, {"edition:x": b"d"})}})
    memo.begin(("site",), b"site")
    real = Task(
        output="a/index.html",
        template="article.html",
        payload={"title": "甲"},
        source="content/a.md",
        shared=(("edition", "edition:x"),),
    )

    def ghost(rows):
        return [
            Task(output=o, template=t, payload=None, source=src, shared=sh, lists=li, key=k)
            for o, t, src, sh, li, k in rows
        ], {"edition:x": {}}

    tasks, _shared = memo.unit("edition:x", ("inputs",), lambda: ([real], {"edition:x": {}}), lambda: b"stamp", ghost)
    memo.end()
    assert tasks[0].key == "key-a" and tasks[0].payload is None and memo.made == 0
    assert memo.ghost_digests() == {"edition:x": b"d"}
    assert memo.materialize({"a/index.html"}) == {"a/index.html": real}
    assert memo.ghosts == {} and not memo.changed_since_earlier()
    assert memo.export({"a/index.html": "key-a"}, {"edition:x": b"d"})["editions"]["edition:x"][1] == rows


def test_a_cli_build_renders_a_page_deleted_by_hand_from_an_edition_it_did_not_plan(tmp_path, monkeypatch):
    monkeypatch.setattr("newsgen.content.source.RACY_NS", 0)
    root = write_files(tmp_path / "src", two_editions())
    run_build(root)
    time.sleep(0.05)
    (root / "content/2024-01-11/a.md").write_text(article("次日要闻", 1, "改过的正文。"), "utf-8")
    (root / "site/2024-01-10/wangge/index.html").unlink()  # in 2024-01-10: not planned, a ghost
    asked = []
    materialize = PlanMemo.materialize
    monkeypatch.setattr(
        PlanMemo, "materialize", lambda memo, outputs: asked.append(outputs) or materialize(memo, outputs)
    )
    report = run_build(root)
    assert asked == [{"2024-01-10/wangge/index.html"}]  # the edition was a ghost, made for that page
    assert {"2024-01-10/wangge/index.html", "2024-01-11/a/index.html"} <= set(report.written)
    assert not any(path.startswith("2024-01-10/") for path in report.written if path != "2024-01-10/wangge/index.html")
    run_build(root, out=tmp_path / "clean")
    assert tree_digest(root / "site") == tree_digest(tmp_path / "clean")


def test_a_cli_build_reads_only_the_files_changed_since_the_last(tmp_path, monkeypatch):
    monkeypatch.setattr("newsgen.content.source.RACY_NS", 0)
    root = write_files(tmp_path / "src", basic_files())
    run_build(root)
    index = BuildCache(root / ".newsgen-cache").load_sources()
    assert len(index) == 4  # the edition and its three articles
    time.sleep(0.05)
    edit = root / "content/2024-01-10/yibao.md"
    edit.write_bytes(edit.read_bytes().replace("。".encode(), "！".encode(), 1))  # same size
    unread = {
        rel
        for folder in scan_content(root, index=index)
        for rel, read in [(f.rel, f.read_at_scan) for f in folder.articles]
        if not read
    }
    assert unread == {"content/2024-01-10/wangge.md", "content/2024-01-10/values.md"}
    report = run_build(root)
    assert "2024-01-10/yibao/index.html" in report.written
    assert "！" in (root / "site/2024-01-10/yibao/index.html").read_text("utf-8")
