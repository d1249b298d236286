"""Publishing: site/ and its standby copy swapped in one step, a manifest
per generation, hand-placed files kept, repairs after a killed build, and
the file-by-file fallback where the exchange is not available."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import article, basic_files, run_build, tree_digest, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.build.cache import BuildCache
from newsgen.build.phases import cache_folder as _cache_folder
from newsgen.config import load_config
from newsgen.publish import exchange as exchange_module
from newsgen.publish import publisher as publish


def exchange_works() -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "site").mkdir()
        return publish.exchange_unavailable(Path(tmp) / "site") == ""


needs_exchange = pytest.mark.skipif(not exchange_works(), reason="renameat2(RENAME_EXCHANGE) is not available here")
HAND_PLACED = {
    "CNAME": "news.example.org\n",
    ".well-known/security.txt": "Contact: mailto:a@b.org\n",
    ".git/HEAD": "ref: refs/heads/main\n",
    ".git/objects/ab/cdef": b"\x00\x01",
}


def standby(root: Path) -> Path:
    return root / ".site.newsgen-standby"


def clean_digest(root: Path, tmp: Path) -> dict[str, str]:
    """What a clean build of the same content gives (another folder, no manifest)."""
    out = tmp / "clean"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(tmp / ".clean.newsgen-standby", ignore_errors=True)
    assert not run_build(root, out=out).failed
    return tree_digest(out)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def manifests(root: Path) -> BuildCache:
    config, _ = load_config(root)
    return BuildCache(_cache_folder(root, config))


def leftovers(root: Path) -> list[str]:
    names = [p.name for p in root.iterdir() if "newsgen-staging" in p.name or "newsgen-probe" in p.name]
    return names + [p.name for p in (root / "site").glob(".newsgen-staging-*")]


def test_first_build_renames_its_staging_folder_to_site(site_root):
    report = run_build(site_root)
    assert not report.failed and "2024-01-10/yibao/index.html" in report.written
    assert (site_root / "site/index.html").is_file()
    assert not standby(site_root).exists() and leftovers(site_root) == []
    generation = manifests(site_root).load_generation(site_root / "site", os.stat(site_root / "site").st_ino)
    assert generation is not None and not generation.dirty
    assert set(generation.files) == set(tree_digest(site_root / "site"))


@needs_exchange
def test_an_edit_is_published_by_exchange_and_the_standby_keeps_the_last_build(site_root, tmp_path):
    run_build(site_root)
    first = tree_digest(site_root / "site")
    live_inode = os.stat(site_root / "site").st_ino
    edit(site_root, "content/2024-01-10/yibao.md", "良好氛围", "良好环境")
    report = run_build(site_root)
    assert "2024-01-10/yibao/index.html" in report.written and report.removed == []
    assert tree_digest(site_root / "site") == clean_digest(site_root, tmp_path)
    # the folder that was site/ is now the standby, untouched
    assert os.stat(standby(site_root)).st_ino == live_inode
    assert tree_digest(standby(site_root)) == first
    assert leftovers(site_root) == []
    # each folder's manifest follows it through the exchange and describes it exactly
    cache = manifests(site_root)
    for folder in (site_root / "site", standby(site_root)):
        generation = cache.load_generation(site_root / "site", os.stat(folder).st_ino)
        assert generation is not None and not generation.dirty
        assert set(generation.files) == set(tree_digest(folder))
        for output, (_key, size, mtime, inode) in generation.files.items():
            info = os.stat(folder / output)
            assert (info.st_size, info.st_mtime_ns, info.st_ino) == (size, mtime, inode), output


@needs_exchange
def test_files_whose_bytes_did_not_change_keep_their_inode_and_mtime(site_root):
    run_build(site_root)
    site = site_root / "site"
    before = {p: os.stat(site / p) for p in tree_digest(site)}
    for n in range(4):  # site/ and the standby each become live twice
        edit(site_root, "content/2024-01-10/yibao.md", "氛围", f"氛围{n}")
        report = run_build(site_root)
        for rel, then in before.items():
            now = os.stat(site / rel)
            if rel in report.written:
                before[rel] = now
            else:
                assert (now.st_ino, now.st_mtime_ns) == (then.st_ino, then.st_mtime_ns), rel


@needs_exchange
def test_a_deleted_article_is_gone_from_both_generations(site_root, tmp_path):
    run_build(site_root)
    run_build(site_root, drafts=True)  # a second build: the standby exists
    (site_root / "content/2024-01-10/values.md").unlink()
    report = run_build(site_root)
    assert report.removed == ["2024-01-10/values/index.html"]
    assert not (site_root / "site/2024-01-10/values").exists()
    edit(site_root, "content/2024-01-10/yibao.md", "良好氛围", "良好环境")
    run_build(site_root)  # the standby (which still had it) becomes live
    assert not (site_root / "site/2024-01-10/values").exists()
    assert tree_digest(site_root / "site") == clean_digest(site_root, tmp_path)


@needs_exchange
def test_files_put_in_the_output_by_hand_stay_across_builds(site_root, tmp_path):
    run_build(site_root)
    write_files(site_root / "site", HAND_PLACED)
    (site_root / "site/.git/objects/ab").chmod(0o700)
    for n in range(4):
        edit(site_root, "content/2024-01-10/yibao.md", "氛围", f"氛围{n}")
        if n == 1:  # changed (a new file) and removed by hand between builds
            write_files(site_root / "site", {"CNAME": "paper.example.org\n"})
            (site_root / "site/.well-known/security.txt").unlink()
        assert not run_build(site_root).failed
        site = tree_digest(site_root / "site")
        assert (site_root / "site/.git/HEAD").read_text() == HAND_PLACED[".git/HEAD"]
        assert (site_root / "site/.git/objects/ab/cdef").read_bytes() == b"\x00\x01"
        assert ((site_root / "site/.git/objects/ab").stat().st_mode & 0o777) == 0o700
        assert (site_root / "site/CNAME").read_text() == ("news.example.org\n" if n == 0 else "paper.example.org\n")
        assert (site_root / "site/.well-known/security.txt").exists() == (n == 0)
        newsgen_files = {
            rel: digest for rel, digest in site.items() if not rel.startswith((".git/", ".well-known/", "CNAME"))
        }
        assert newsgen_files == clean_digest(site_root, tmp_path)


def test_leftovers_of_a_killed_build_are_removed_and_nothing_else(site_root):
    run_build(site_root)
    for name in (".site.newsgen-staging-4242", ".site.newsgen-probe-4242a", "site/.newsgen-staging-4242"):
        write_files(site_root, {f"{name}/2024-01-10/yibao/index.html": "half"})
    write_files(site_root, {".site.mine/keep.txt": "x", ".other.newsgen-staging-1/keep.txt": "x"})
    edit(site_root, "content/2024-01-10/yibao.md", "良好氛围", "良好环境")
    assert not run_build(site_root).failed
    assert leftovers(site_root) == [".other.newsgen-staging-1"]
    assert (site_root / ".site.mine/keep.txt").is_file()
    assert not (site_root / "site/.newsgen-staging-4242").exists()


class Stop(Exception):
    pass


def stop_at(monkeypatch, stage: str) -> None:
    """The next build stops (as if killed) at ``stage`` of its commit."""
    if stage == "mid-merge":  # one staged file moved into the standby, not the others

        def merge(source: Path, target: Path) -> None:
            first = min(p for p in source.rglob("*") if p.is_file())
            (target / first.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            os.replace(first, target / first.relative_to(source))
            raise Stop(stage)

        monkeypatch.setattr(publish, "merge_tree", merge)
        return

    def hook(name):
        if name == stage:
            raise Stop(stage)

    monkeypatch.setattr(publish, "_hook", hook)


@needs_exchange
@pytest.mark.parametrize("stage", ["dirty", "mid-merge", "moved", "ready", "published"])
def test_a_build_killed_during_the_commit_is_repaired_by_the_next(site_root, tmp_path, monkeypatch, stage):
    run_build(site_root)
    run_build(site_root, drafts=True)  # the standby exists
    old = tree_digest(site_root / "site")
    # the killed build adds an article and edits the front page's article
    write_files(site_root, {"content/2024-01-10/xinwen.md": article("新闻", 1, "新的一篇。")})
    edit(site_root, "content/2024-01-10/wangge.md", "第二段。", "第二段！")
    stop_at(monkeypatch, stage)
    with pytest.raises(Stop):
        run_build(site_root)
    monkeypatch.undo()
    cache = manifests(site_root)
    dirty = standby(site_root) if stage != "published" else site_root / "site"
    assert cache.load_generation(site_root / "site", os.stat(dirty).st_ino).dirty
    killed = tree_digest(site_root / "site")
    assert killed == old or killed == clean_digest(site_root, tmp_path)
    # the next build is asked for something else: the article the killed build added is gone again
    (site_root / "content/2024-01-10/xinwen.md").unlink()
    edit(site_root, "content/2024-01-10/yibao.md", "良好氛围", "良好环境")
    assert not run_build(site_root).failed
    assert tree_digest(site_root / "site") == clean_digest(site_root, tmp_path)
    assert leftovers(site_root) == []
    edit(site_root, "content/2024-01-10/yibao.md", "良好环境", "良好局面")
    assert not run_build(site_root).failed  # and the folder that was the standby then is right too
    assert tree_digest(site_root / "site") == clean_digest(site_root, tmp_path)


@needs_exchange
@pytest.mark.parametrize("damage", ["journal", "no manifest"])
def test_a_standby_that_is_dirty_or_unknown_is_repaired(site_root, tmp_path, damage):
    run_build(site_root)
    edit(site_root, "content/2024-01-10/yibao.md", "良好氛围", "良好环境")
    run_build(site_root)
    cache, folder = manifests(site_root), standby(site_root)
    inode = os.stat(folder).st_ino
    stray = "2024-01-10/stray/index.html"
    if damage == "journal":  # as a build killed while updating it leaves it
        cache.mark_dirty(site_root / "site", inode, [stray])
    else:
        cache.manifest_path(site_root / "site", inode).unlink()
    write_files(folder, {stray: "a page a killed build moved in", "2024-01-10/.index.html.77.tmp": "half"})
    replaced = folder / "2024-01-10/wangge/index.html"  # a new file in place of the shared one
    replaced.unlink()
    replaced.write_text("half written")
    (folder / "tags").rename(folder / "gone")  # a folder of files that are not there
    edit(site_root, "content/2024-01-10/yibao.md", "良好环境", "良好局面")
    assert not run_build(site_root).failed
    assert tree_digest(site_root / "site") == clean_digest(site_root, tmp_path)
    generation = cache.load_generation(site_root / "site", inode)
    assert generation is not None and not generation.dirty


@needs_exchange
def test_the_no_change_shortcut_still_applies(site_root):
    run_build(site_root)
    edit(site_root, "content/2024-01-10/yibao.md", "良好氛围", "良好环境")
    run_build(site_root)
    report = run_build(site_root)
    assert list(report.phases) == ["scan"] and report.written == [] and report.unchanged > 0


@needs_exchange
def test_a_symlinked_output_folder_stays_a_symlink(site_root, tmp_path):
    (tmp_path / "www").mkdir()
    (tmp_path / "www/paper").mkdir()
    (site_root / "site").symlink_to(tmp_path / "www/paper")
    for text in ("良好环境", "良好局面"):
        edit(site_root, "content/2024-01-10/yibao.md", "良好氛围" if text == "良好环境" else "良好环境", text)
        assert not run_build(site_root).failed
        assert (site_root / "site").is_symlink()
        assert text in (site_root / "site/2024-01-10/yibao/index.html").read_text("utf-8")
    assert (tmp_path / "www/.paper.newsgen-standby").is_dir()


def test_without_the_exchange_files_are_moved_in_one_by_one(site_root, tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "renameat2", None)
    monkeypatch.setattr(exchange_module, "renameat2", None)
    assert run_build(site_root).diagnostics == []  # a first build renames: no exchange needed
    write_files(site_root / "site", HAND_PLACED)
    (site_root / "content/2024-01-10/values.md").unlink()
    edit(site_root, "content/2024-01-10/yibao.md", "良好氛围", "良好环境")
    report = run_build(site_root)
    assert [d.severity for d in report.diagnostics] == ["note"]  # about the machine: never fails --strict
    assert "updated file by file" in report.diagnostics[0].message
    assert report.removed == ["2024-01-10/values/index.html"] and "2024-01-10/yibao/index.html" in report.written
    assert not standby(site_root).exists() and leftovers(site_root) == []
    site = tree_digest(site_root / "site")
    assert {rel for rel in site if rel.startswith((".git/", ".well-known/", "CNAME"))} == set(HAND_PLACED)
    assert {k: v for k, v in site.items() if k not in HAND_PLACED} == clean_digest(site_root, tmp_path)


def test_the_standby_path_must_not_be_taken(site_root):
    (site_root / ".site.newsgen-standby").write_text("mine")
    report = run_build(site_root)
    assert report.failed and "is in the way" in report.diagnostics[0].message
    assert (site_root / ".site.newsgen-standby").read_text() == "mine"


# ---- any sequence of builds keeps both generations exactly as their records say


def picture(colour: int) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (colour, 90, 200 - colour)).save(buf, "JPEG", quality=80)
    return buf.getvalue()


def change(root: Path, op: str, n: int) -> None:
    folder = root / "content/2024-01-10"
    articles = sorted(folder.glob("*.md"))
    if op == "add":
        write_files(
            root, {f"content/2024-01-10/n{n}.md": article(f"新文{n}", 1 + n % 2, f"正文{n}。", tags=f"[标签{n % 3}]")}
        )
    elif op == "edit" and articles:
        path = articles[n % len(articles)]
        path.write_text(path.read_text("utf-8").rstrip("\n") + f"\n\n补充{n}。\n", "utf-8")
    elif op == "delete" and len(articles) > 1:
        articles[n % len(articles)].unlink()
    elif op == "image":
        write_files(
            root,
            {
                f"images/2024-01-10/p{n % 2}.jpg": picture(n % 200),
                f"content/2024-01-10/tu{n % 2}.md": article(
                    "图片新闻", 1, "", kind="picture", image=f"2024-01-10/p{n % 2}.jpg", caption="图说。"
                ),
            },
        )
    elif op == "unimage":
        (folder / f"tu{n % 2}.md").unlink(missing_ok=True)
    elif op == "hand":
        write_files(root / "site", {f".well-known/f{n % 3}.txt": f"{n}\n", "CNAME": f"{n}.example.org\n"})
    elif op == "unhand":
        shutil.rmtree(root / "site/.well-known", ignore_errors=True)
    elif op in ("copy", "garble"):  # a page of site/ replaced by hand: by a copy of itself, or by other bytes
        pages = sorted((root / "site").rglob("index.html"))
        page = pages[n % len(pages)]
        data = page.read_bytes() if op == "copy" else b"garbled"
        page.unlink()
        page.write_bytes(data)


def newsgen_files(folder: Path) -> dict[str, str]:
    return {rel: digest for rel, digest in tree_digest(folder).items() if not rel.startswith((".well-known/", "CNAME"))}


def check_generations(root: Path, committed: bool) -> None:
    """Each folder's manifest lists its files (site/'s, as they are: the
    standby's records may be stale where a file was replaced by hand while
    it was live); a delta says exactly where the two differ."""
    cache, site, spare = manifests(root), root / "site", standby(root)
    for folder in (site, spare):
        if not folder.exists():
            continue
        generation = cache.load_generation(site, os.stat(folder).st_ino)
        assert generation is not None and not generation.dirty, folder
        assert set(generation.files) == set(newsgen_files(folder)), folder
        for output, (_key, size, mtime, inode) in generation.files.items() if folder == site else ():
            info = os.stat(folder / output)
            assert (info.st_size, info.st_mtime_ns, info.st_ino) == (size, mtime, inode), (folder, output)
    if committed and spare.exists():  # hand-placed files are mirrored when a build commits
        assert {rel for rel in tree_digest(site) if rel.startswith((".well-known/", "CNAME"))} == {
            rel for rel in tree_digest(spare) if rel.startswith((".well-known/", "CNAME"))
        }
    delta = cache.standby_delta(site, os.stat(site).st_ino, os.stat(spare).st_ino) if spare.exists() else None
    if delta is not None:  # exactly where the two differ
        here, there = newsgen_files(site), newsgen_files(spare)
        differ = {
            rel
            for rel in here.keys() | there.keys()
            if rel not in here or rel not in there or os.stat(site / rel).st_ino != os.stat(spare / rel).st_ino
        }
        assert differ == delta


@needs_exchange
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["add", "edit", "delete", "image", "unimage", "hand", "unhand", "copy", "garble"]),
            st.integers(0, 20),
        ),
        min_size=3,
        max_size=8,
    )
)
def test_any_sequence_of_builds_keeps_both_generations_as_recorded(tmp_path_factory, ops):
    tmp = tmp_path_factory.mktemp("seq")
    root = write_files(tmp / "paper", basic_files())
    assert not run_build(root).failed
    for op, n in ops:
        change(root, op, n)
        change(root, "edit", n)  # a real build (an unchanged site takes the shortcut)
        report = run_build(root)
        assert not report.failed
        check_generations(root, "commit" in report.phases)
    assert newsgen_files(root / "site") == clean_digest(root, tmp)


def test_the_search_index_and_changed_urls_go_live_with_the_pages(site_root):
    assert not run_build(site_root, search=True).failed
    index = site_root / "site/search/index"
    old = {p.relative_to(index): p.stat().st_ino for p in index.rglob("*") if p.is_file()}
    edit(site_root, "content/2024-01-10/yibao.md", "良好氛围", "良好环境")
    report = run_build(site_root, search=True)
    assert not report.failed
    new = {p.relative_to(index): p.stat().st_ino for p in index.rglob("*") if p.is_file()}
    # new index files are new inodes, swapped in with the pages; the others are the same files
    assert any(old.get(p) != ino for p, ino in new.items()) and any(old.get(p) == ino for p, ino in new.items())
    assert any(name.startswith("search/index/") for name in report.written)
    assert "https://news.example.org/paper/2024-01-10/yibao/" in (site_root / "site/changed-urls.txt").read_text()
    assert not run_build(site_root, search=False).failed  # no index asked for: none published
    assert not index.exists()
