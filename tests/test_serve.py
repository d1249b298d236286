"""newsgen serve: a real server on a free port of 127.0.0.1, in a thread,
over a temporary site. Every wait is a poll with a deadline."""

from __future__ import annotations

import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import CONFIG, REPO, article, edit, run_build, tree_digest, write_files

from newsgen.preview.http import RELOAD_PATH, route
from newsgen.preview.server import Preview, PreviewBusy
from newsgen.preview.watch import InotifyWatcher, PollingWatcher

ARTICLE = "content/2024-01-10/wangge.md"
ARTICLE_URL = "/paper/2024-01-10/wangge/"
DEADLINE = 10.0


def fetch(port: int, path: str, method: str = "GET", timeout: float = 10) -> tuple[int, dict, str]:
    """The raw path is sent as is: no client-side normalisation of '..'."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def wait_for(check, timeout: float = DEADLINE, interval: float = 0.05):
    """Call ``check`` until it returns something true or the deadline
    passes; returns its last result (the caller asserts on it)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def page_shows(port: int, path: str, text: str, status: int = 200):
    def check():
        got = fetch(port, path)
        return got if got[0] == status and text in got[2] else None

    return check


class Builds:
    """Records on_build calls: (report, changed) pairs."""

    def __init__(self):
        self.calls: list = []
        self.lock = threading.Lock()

    def __call__(self, report, changed):
        with self.lock:
            self.calls.append((report, set(changed)))


@pytest.fixture
def builds():
    return Builds()


@pytest.fixture
def preview(site_root, builds):
    server = Preview(site_root, port=0, on_build=builds).start()
    try:
        yield server
    finally:
        server.stop()


# ---- serving -------------------------------------------------------------


def test_serves_the_site_at_the_base_path(preview, site_root):
    assert preview.url == f"http://127.0.0.1:{preview.port}/paper/"
    status, headers, _ = fetch(preview.port, "/")
    assert (status, headers["location"]) == (302, "/paper/")
    status, headers, _ = fetch(preview.port, "/paper")
    assert (status, headers["location"]) == (302, "/paper/")
    status, headers, body = fetch(preview.port, "/paper/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "遵义日报" in body and RELOAD_PATH in body
    status, headers, _ = fetch(preview.port, "/paper/2024-01-10/wangge")
    assert (status, headers["location"]) == (302, ARTICLE_URL)
    status, _, body = fetch(preview.port, ARTICLE_URL)
    assert status == 200 and "“小网格”里见“大民生”" in body
    status, headers, body = fetch(preview.port, "/paper/static/style.css")
    assert status == 200 and headers["content-type"].startswith("text/css") and RELOAD_PATH not in body
    assert fetch(preview.port, "/paper/", method="HEAD")[:2][0] == 200


def test_preview_folder_is_in_the_cache_not_site(preview, site_root):
    assert preview.out == site_root / ".newsgen-cache" / "preview"
    assert (preview.out / "2024-01-10" / "wangge" / "index.html").is_file()
    assert not (site_root / "site").exists()


def test_out_option_and_a_base_url_without_sub_path(tmp_path, site_root):
    write_files(site_root, {"newsgen.yaml": "title: 遵义日报\nbase_url: https://news.example.org/\n"})
    out = tmp_path / "elsewhere"
    with Preview(site_root, port=0, out=out) as server:
        assert server.url == f"http://127.0.0.1:{server.port}/"
        status, _, body = fetch(server.port, "/2024-01-10/wangge/")
        assert status == 200 and "小网格" in body
        assert (out / "index.html").is_file()
    assert not (site_root / ".newsgen-cache" / "preview").exists() and not (site_root / "site").exists()


def test_missing_page_is_a_clear_404(preview):
    status, headers, body = fetch(preview.port, "/paper/2024-01-10/no-such-article/")
    assert status == 404 and headers["content-type"] == "text/html; charset=utf-8"
    assert "页面未找到" in body and RELOAD_PATH in body
    status, _, body = fetch(preview.port, "/elsewhere/")
    assert status == 404 and "页面未找到" in body


TRAVERSALS = [
    "/../newsgen.yaml",
    "/paper/../newsgen.yaml",
    "/paper/../../newsgen.yaml",
    "/paper/../../../../../../etc/passwd",
    "/paper/%2e%2e/%2e%2e/newsgen.yaml",
    "/paper/%2E%2E%2F%2E%2E%2Fnewsgen.yaml",
    "/paper/..%2f..%2fnewsgen.yaml",
    "/paper/%2e%2e%5c%2e%2e%5cnewsgen.yaml",
    "/paper/..\\..\\newsgen.yaml",
    "/paper/%252e%252e/%252e%252e/newsgen.yaml",
    "/paper/static/../../../newsgen.yaml",
    "/paper/%c0%ae%c0%ae/newsgen.yaml",
    "/paper/%00/../newsgen.yaml",
    "//etc/passwd",
    "/paper/../state.pickle",
    "/paper/%2e%2e/state.pickle",
    "/paper/.newsgen-staging-1/0",
    "/paper/leak/newsgen.yaml",
    "/paper/leak",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_outside_the_preview_folder_are_404(preview, site_root, path):
    leak = preview.out / "leak"
    if not leak.exists():
        leak.symlink_to(site_root, target_is_directory=True)  # a link out of the folder
    status, _, body = fetch(preview.port, path)
    assert status == 404
    assert "base_url" not in body and "root:" not in body


def test_route_never_leaves_the_folder(tmp_path):
    out = str(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("x")
    assert route("/p/a/", "/p/", out) == ("file", str(tmp_path / "a" / "index.html"))
    assert route("/p/a", "/p/", out) == ("redirect", "/p/a/")
    assert route("//evil.example/", "/", out)[0] == "missing"
    assert route("/p/%ff/", "/p/", out) == ("missing", "")
    assert route("/p/a/%2e%2e/%2e%2e/", "/p/", out) == ("missing", "")


# ---- rebuilding ------------------------------------------------------------


def test_edit_shows_new_text_and_rebuilds_only_what_it_affects(preview, site_root, builds):
    first = len(builds.calls)
    edit(site_root, ARTICLE, "第二段。", "第二段，改过了。")
    assert wait_for(page_shows(preview.port, ARTICLE_URL, "第二段，改过了。"))
    wait_for(lambda: len(builds.calls) > first)  # the report reaches on_build after the page is on disk
    report, changed = builds.calls[-1]
    assert changed == {ARTICLE}
    assert "2024-01-10/wangge/index.html" in report.written
    total = report.rendered + report.unchanged
    pages = [name for name in report.written if not name.startswith("search/index/")]
    assert report.rendered <= total // 2 and len(pages) <= 3  # not the whole site
    index = sorted(set(report.written) - set(pages))  # the shards holding the grams that changed, one text file
    every = [p for p in (preview.out / "search/index").rglob("*") if p.is_file()]
    assert index and len(index) < len(every) // 4, index


def test_title_edit_reaches_the_pages_that_show_the_article(preview, site_root, builds):
    first = len(builds.calls)
    edit(site_root, ARTICLE, "title: “小网格”里见“大民生”", "title: 网格里的民生新标题")
    assert wait_for(page_shows(preview.port, ARTICLE_URL, "网格里的民生新标题"))
    assert wait_for(page_shows(preview.port, "/paper/2024-01-10/01/", "网格里的民生新标题"))
    wait_for(lambda: len(builds.calls) > first)
    report = builds.calls[-1][0]
    assert "2024-01-10/wangge/index.html" in report.written and "2024-01-10/01/index.html" in report.written
    assert "2024-01-10/yibao/index.html" not in report.written or "网格里的民生新标题" in (
        preview.out / "2024-01-10/yibao/index.html"
    ).read_text("utf-8")


def test_after_new_folders_renames_and_deletions_the_preview_equals_a_clean_build(preview, site_root, builds, tmp_path):
    """The server rescans only the folders its watcher names: whatever the
    change, the preview ends up as a clean build of the same files."""

    def settle(count):
        assert wait_for(lambda: len(builds.calls) > count)
        return len(builds.calls)

    count = len(builds.calls)
    write_files(
        site_root,
        {
            "content/2024-01-11/edition.yaml": "date: 2024-01-11\npages:\n  - {number: 1, name: 要闻}\n",
            "content/2024-01-11/a.md": article("次日要闻", 1, "次日正文。"),
        },
    )
    assert wait_for(page_shows(preview.port, "/paper/2024-01-11/a/", "次日正文"))
    count = settle(count)
    os.rename(site_root / "content/2024-01-11/a.md", site_root / "content/2024-01-11/b.md")
    assert wait_for(page_shows(preview.port, "/paper/2024-01-11/b/", "次日正文"))
    count = settle(count)
    (site_root / "content/2024-01-10/yibao.md").unlink()
    assert wait_for(page_shows(preview.port, "/paper/2024-01-10/yibao/", "", status=404))
    count = settle(count)
    os.rename(site_root / "content/2024-01-11", site_root / "content/2024-01-12")
    write_files(
        site_root, {"content/2024-01-12/edition.yaml": "date: 2024-01-12\npages:\n  - {number: 1, name: 要闻}\n"}
    )
    assert wait_for(page_shows(preview.port, "/paper/2024-01-12/b/", "次日正文"))
    assert wait_for(page_shows(preview.port, "/paper/2024-01-11/b/", "", status=404))
    settle(count)
    run_build(site_root, out=tmp_path / "clean", search=True)  # the preview makes the index too
    assert tree_digest(preview.out) == tree_digest(tmp_path / "clean")


def test_a_burst_of_saves_is_one_build(site_root, builds):
    with Preview(site_root, port=0, on_build=builds, debounce=0.3) as server:
        first = len(builds.calls)
        for n in range(5):
            write_files(site_root, {f"content/2024-01-10/burst{n}.md": article(f"连发{n}", 2, f"正文{n}。")})
        assert wait_for(page_shows(server.port, "/paper/2024-01-10/burst4/", "连发4"))
        assert wait_for(lambda: len(builds.calls) > first)
        rebuilds = builds.calls[first:]
        assert len(rebuilds) == 1, [sorted(c) for _r, c in rebuilds]
        assert rebuilds[0][1] == {f"content/2024-01-10/burst{n}.md" for n in range(5)}


def test_scratch_files_do_not_rebuild(preview, site_root, builds):
    first = len(builds.calls)
    write_files(site_root, {"content/2024-01-10/.wangge.md.swp": "x", "content/2024-01-10/wangge.md~": "x"})
    edit(site_root, ARTICLE, "第二段。", "第二段。再改。")  # a real change after the scratch files
    assert wait_for(page_shows(preview.port, ARTICLE_URL, "再改"))
    # the page is on disk as soon as build() commits; the build's report
    # reaches on_build a moment later
    wait_for(lambda: len(builds.calls) > first)
    assert [c for _r, c in builds.calls[first:]] == [{ARTICLE}]


# ---- broken builds -----------------------------------------------------------


def error_page_lists(preview, path: str = ARTICLE_URL):
    """The error page when it lists every diagnostic of the last build."""

    def check():
        report = preview.state.report
        if report is None or not report.failed:
            return None
        status, _, body = fetch(preview.port, path)
        lines = [html.escape(str(d)) for d in report.diagnostics]
        return body if status == 500 and all(line in body for line in lines) else None

    return check


def test_bad_yaml_shows_the_error_page_and_fixing_it_brings_the_page_back(preview, site_root):
    (site_root / "newsgen.yaml").write_text(CONFIG + "per_page: [20\n", "utf-8")
    body = wait_for(error_page_lists(preview))
    assert body and "newsgen.yaml:4:1: error: invalid YAML" in body and RELOAD_PATH in body
    for path in ("/paper/", "/paper/no-such-page/"):  # every HTML response
        status, _, other = fetch(preview.port, path)
        assert status == 500 and "newsgen.yaml:4:1: error: invalid YAML" in other
    status, _, css = fetch(preview.port, "/paper/static/style.css")  # the last good assets
    assert status == 200 and css
    (site_root / "newsgen.yaml").write_text(CONFIG, "utf-8")
    assert wait_for(page_shows(preview.port, ARTICLE_URL, "小网格"))


def test_error_page_lists_every_problem_of_every_file(preview, site_root):
    write_files(
        site_root,
        {
            "content/2024-01-10/badpage.md": article("错版", 9, "正文。"),
            "content/2024-01-10/noimage.md": article("缺图", 1, "正文。\n\n![图](2024/none.jpg)"),
        },
    )
    body = wait_for(error_page_lists(preview))
    assert body, preview.state.report and [str(d) for d in preview.state.report.diagnostics]
    assert "content/2024-01-10/badpage.md:3:1: error: page 9 is not in the edition" in html.unescape(body)
    assert "content/2024-01-10/noimage.md:" in body and "2024/none.jpg" in body
    (site_root / "content/2024-01-10/badpage.md").unlink()
    (site_root / "content/2024-01-10/noimage.md").unlink()
    assert wait_for(page_shows(preview.port, ARTICLE_URL, "小网格"))


def test_a_site_broken_at_start_is_served_when_fixed(site_root):
    (site_root / "newsgen.yaml").write_text("title: [遵义日报\n", "utf-8")
    with Preview(site_root, port=0) as server:
        assert server.state.failed
        status, _, body = fetch(server.port, "/")
        assert status == 500 and "newsgen.yaml:" in body
        (site_root / "newsgen.yaml").write_text(CONFIG, "utf-8")
        assert wait_for(page_shows(server.port, ARTICLE_URL, "小网格"))
        status, headers, _ = fetch(server.port, "/")
        assert (status, headers["location"]) == (302, "/paper/")


def test_building_page_until_the_first_build_is_done(site_root):
    server = Preview(site_root, port=0)
    server.listen()
    try:
        status, _, body = fetch(server.port, ARTICLE_URL)
        assert status == 503 and "Building…" in body and RELOAD_PATH in body  # conftest: in English
        server.first_build()
        assert fetch(server.port, ARTICLE_URL)[0] == 200
    finally:
        server.stop()


@pytest.mark.parametrize("drafts", [False, True])
def test_drafts_only_when_asked(site_root, drafts):
    write_files(site_root, {"content/2024-01-10/caogao.md": article("草稿一篇", 2, "未定稿。", draft="true")})
    with Preview(site_root, port=0, drafts=drafts) as server:
        status, _, body = fetch(server.port, "/paper/2024-01-10/caogao/")
        assert (status == 200 and "草稿一篇" in body) == drafts and (status == 404) == (not drafts)


# ---- live reload protocol ------------------------------------------------------


def test_long_poll_answers_when_the_epoch_moves_on(preview, site_root):
    epoch = preview.state.epoch
    status, _, body = fetch(preview.port, f"{RELOAD_PATH}?since=old")
    assert (status, body) == (200, epoch)  # a page from before: reload at once
    answer = {}
    poll = threading.Thread(target=lambda: answer.update(got=fetch(preview.port, f"{RELOAD_PATH}?since={epoch}")))
    poll.start()
    edit(site_root, ARTICLE, "第二段。", "第二段！")
    poll.join(DEADLINE)
    assert not poll.is_alive()
    assert answer["got"][0] == 200 and answer["got"][2] not in ("", epoch)
    assert answer["got"][2] == preview.state.epoch


def test_stop_releases_the_port_and_leaves_no_temporary_files(site_root):
    server = Preview(site_root, port=0).start()
    port = server.port
    server.stop()
    server.stop()  # twice is fine
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    assert [p for p in site_root.rglob("*") if TEMPORARY.search(p.name)] == []


def test_one_server_per_preview_folder(site_root, tmp_path):
    with Preview(site_root, port=0):
        second = Preview(site_root, port=0)
        with pytest.raises(PreviewBusy, match="another newsgen serve is using"):
            second.listen()
        second.stop()
        with Preview(site_root, port=0, out=tmp_path / "other") as third:  # its own folder: fine
            assert fetch(third.port, ARTICLE_URL)[0] == 200
    with Preview(site_root, port=0) as again:
        assert fetch(again.port, ARTICLE_URL)[0] == 200
    assert [p for p in site_root.rglob("*") if TEMPORARY.search(p.name)] == []


def test_ctrl_c_during_a_build_leaves_nothing_of_it(site_root, monkeypatch):
    server = Preview(site_root, port=0)
    pid = os.getpid()
    leftovers = [
        server.out / f".newsgen-staging-{pid}",
        server.out.parent / f".preview.newsgen-staging-{pid}",
        server.cache / f".state.pickle.{pid}.tmp",
    ]
    other = server.out.parent / f".preview.newsgen-staging-{pid + 1}"  # another process's: not ours

    def interrupted_build(options, session=None):
        for path in leftovers[:2] + [other]:
            (path / "2024-01-10").mkdir(parents=True)
        leftovers[2].write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr("newsgen.preview.server.build", interrupted_build)
    server.listen()
    with pytest.raises(KeyboardInterrupt):
        server.first_build()
    server.stop()
    assert [p for p in leftovers if p.exists()] == [] and other.is_dir()


# ---- watchers ----------------------------------------------------------------

WATCHERS = [PollingWatcher] + ([InotifyWatcher] if sys.platform.startswith("linux") else [])


def collect(watcher, expected: set[str]) -> set[str]:
    seen: set[str] = set()
    deadline = time.monotonic() + DEADLINE
    while not expected <= seen and time.monotonic() < deadline:
        seen |= watcher.poll(0.2)
    return seen


@pytest.mark.parametrize("kind", WATCHERS, ids=lambda k: k.__name__)
def test_watchers_see_writes_creations_deletions_and_renames(site_root, kind):
    watcher = kind(site_root, skip=[site_root / ".newsgen-cache"])
    try:
        edit(site_root, ARTICLE, "第二段。", "第二段。！")
        assert ARTICLE in collect(watcher, {ARTICLE})
        write_files(site_root, {"content/2024-01-11/a.md": "x", "themes/default/templates/base.html": "y"})
        new = {"content/2024-01-11/a.md", "themes/default/templates/base.html"}
        assert new <= collect(watcher, new)
        os.rename(site_root / "content/2024-01-11/a.md", site_root / "content/2024-01-11/b.md")
        moved = {"content/2024-01-11/a.md", "content/2024-01-11/b.md"}
        assert moved <= collect(watcher, moved)
        (site_root / "content/2024-01-11/b.md").unlink()
        assert "content/2024-01-11/b.md" in collect(watcher, {"content/2024-01-11/b.md"})
        write_files(site_root, {"content/2024-01-10/.x.swp": "x", ".newsgen-cache/y": "z", "notes.txt": "n"})
        assert watcher.poll(0.3) == set()
        (site_root / "newsgen.yaml").write_text(CONFIG + "per_page: 5\n", "utf-8")
        assert collect(watcher, {"newsgen.yaml"}) == {"newsgen.yaml"}
    finally:
        watcher.close()


# ---- the command ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_serve_shows_errors_in_the_terminal_and_stops_cleanly_on_ctrl_c(site_root):
    before = {p for p in site_root.rglob("*")}
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "serve", "--root", str(site_root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        served = wait_for(cli_page(proc, port, ARTICLE_URL, 200), timeout=30)
        edit(site_root, ARTICLE, "第二段。", "第二段，命令行。")
        served = served and wait_for(lambda: "第二段，命令行。" in (cli_page(proc, port, ARTICLE_URL, 200)() or ""))
        (site_root / "newsgen.yaml").write_text(CONFIG + "per_page: [20\n", "utf-8")
        error_page = served and wait_for(cli_page(proc, port, ARTICLE_URL, 500))
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert served and error_page, (out, err)
    assert proc.returncode in (0, 130), err
    assert f"http://127.0.0.1:{port}/paper/" in out
    shown = [html.unescape(line) for line in re.findall(r"<li><code>(.*?)</code></li>", error_page, re.S)]
    assert shown and all(line in err.splitlines() for line in shown)  # the same errors
    assert_no_temporary_files(site_root, before)


def cli_page(proc, port: int, path: str, status: int):
    def check():
        if proc.poll() is not None:
            return "exited"
        try:
            got = fetch(port, path, timeout=2)
        except OSError:
            return None
        return got[2] if got[0] == status else None

    return check


def assert_no_temporary_files(site_root: Path, before: set) -> None:
    """Whatever serving added is in the cache folder (the preview, the
    build's cache and its standby generation), none of it a staging,
    probe or temporary file; site/ untouched."""
    after = {p for p in site_root.rglob("*")} - before
    cache = site_root / ".newsgen-cache"
    assert all(p == cache or cache in p.parents for p in after)
    assert [p for p in after if TEMPORARY.search(p.name)] == []
    assert (cache / "preview" / "index.html").is_file()
    assert not (site_root / "site").exists()


# names of a killed build's leftovers (SQLite's -wal/-shm are not: `newsgen
# build` leaves them too, as its last connection to the store is read-only)
TEMPORARY = re.compile(r"newsgen-(staging|probe)|\.tmp$|journal|\.lock$")
