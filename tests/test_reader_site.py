"""The reader's site: the sample edition (content/2024-01-10, a real page of
a county paper) with a page scan, hot zones and a PDF, two older editions
in two months, built under a sub-path with its search index.

``reader_site()`` is shared by the other reader, browser and audit tests;
the tests here check what it outputs as files."""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import io
import json
import re
import threading
import time
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO, article, run_build, write_files
from PIL import Image, ImageDraw

BASE_URL = "https://news.example.org/paper/"
BASE_PATH = "/paper/"
# Where each sample article lies on the scan of page 3: [x, y, w, h] in percent.
AREAS = {
    "p03-01": [3, 3, 60, 44],
    "p03-02": [66, 3, 31, 30],
    "p03-03": [66, 35, 31, 24],
    "p03-04": [3, 50, 45, 25],
    "p03-05": [52, 62, 45, 22],
    "p03-07": [3, 77, 45, 9],
    "p03-06": [3, 88, 94, 9],
}
EDITION = """\
date: 2024-01-10
number: 3456
pages:
  - number: 3
    name: 综合
    editor: 王某
    scan: 2024-01-10/03.jpg
    pdf: 2024-01-10/03.pdf
  - number: 4
    name: 文化
"""


def scan_image() -> bytes:
    """A stand-in for a page scan: newsprint grey with a box per article."""
    image = Image.new("RGB", (900, 1260), (236, 232, 222))
    draw = ImageDraw.Draw(image)
    for x, y, w, h in AREAS.values():
        box = [x * 9, y * 12.6, (x + w) * 9, (y + h) * 12.6]
        draw.rectangle(box, outline=(90, 90, 90), width=3)
        for line in range(int(box[1]) + 20, int(box[3]) - 10, 18):
            draw.line([box[0] + 12, line, box[2] - 12, line], fill=(160, 156, 150), width=6)
    data = io.BytesIO()
    image.save(data, "JPEG", quality=60)
    return data.getvalue()


def page_pdf() -> bytes:
    """A blank one-page PDF, with fixed dates so that two fixtures are equal."""
    data = io.BytesIO()
    when = time.gmtime(1704844800)  # 2024-01-10
    Image.new("RGB", (90, 126), "white").save(data, "PDF", creationDate=when, modDate=when)
    return data.getvalue()


# What a news site in mainland China shows at its foot (numbers made up).
FOOTER = """\
footer:
  sponsor: 中共遵义市委宣传部
  copyright: 版权所有 © 遵义日报社
  icp: 黔ICP备12345678号-1
  police: 黔公网安备 52030202000123号
  hotline: 0851-12345678
  email: tougao@example.cn
  report: 0851-87654321
"""


def reader_files(base_url: str = BASE_URL) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"newsgen.yaml": f"title: 遵义日报\nbase_url: {base_url}\n{FOOTER}"}
    for path in sorted((REPO / "content/2024-01-10").glob("p03-*.md")):  # page 3, its zones set here
        text = re.sub(r"(?m)^area: .*\n", "", path.read_text("utf-8"))
        files[f"content/2024-01-10/{path.name}"] = text.replace("---\n", f"---\narea: {AREAS[path.stem]}\n", 1)
    files["content/2024-01-10/edition.yaml"] = EDITION
    files["content/2024-01-10/wenhua.md"] = article(
        "非遗剪纸进校园",
        4,
        "近日，剪纸艺人走进湄潭县实验小学，手把手教学生剪窗花。",
        image="2024-01-10/huyou.jpg",
        caption="学生们展示剪纸作品。",
        byline="[{name: 李明, role: 记者}]",
        updated="2024-01-12",
        correction="本文原将“湄潭县”误作“凤冈县”，特此更正。",
    )
    files["content/2024-01-09/edition.yaml"] = (
        "date: 2024-01-09\nnumber: 3455\npages:\n  - {number: 1, name: 要闻}\n  - {number: 2, name: 综合}\n"
    )
    files["content/2024-01-09/chunyun.md"] = article(
        "春运首日客流平稳", 1, "记者从遵义站获悉，春运首日旅客出行平稳有序。"
    )
    files["content/2024-01-09/nongye.md"] = article("冬季农业生产忙", 2, "各地抢抓农时，开展冬季农业生产。")
    files["content/2023-12-29/edition.yaml"] = "date: 2023-12-29\nnumber: 3448\npages:\n  - {number: 1, name: 要闻}\n"
    files["content/2023-12-29/nianzhong.md"] = article("年终岁末话民生", 1, "一年来，全市民生实事件件落地。")
    files["images/2024-01-10/03.jpg"] = scan_image()
    files["images/2024-01-10/03.pdf"] = page_pdf()
    files["images/2024-01-10/huyou.jpg"] = (REPO / "images/2024-01-10/huyou.jpg").read_bytes()
    return files


def reader_site(folder: Path, base_url: str = BASE_URL) -> Path:
    """Build the reader's site into folder/site (with its search index);
    the output folder."""
    root = write_files(folder, reader_files(base_url))
    report = run_build(root, search=True)
    assert not report.failed and not report.diagnostics, report.diagnostics
    return root / "site"


@contextlib.contextmanager
def serve(out: Path, prefix: str = BASE_PATH):
    """Serve ``out`` at http://127.0.0.1:PORT<prefix> (and nothing outside
    the prefix, as a host that serves the paper from a sub-path); yields
    the site's URL."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            path = urlsplit(path).path
            if not path.startswith(prefix):
                return str(out / "no such file")
            return super().translate_path("/" + path[len(prefix) :])

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text("utf-8")


def test_page_with_a_scan_has_hot_zones_beside_its_list(tmp_path):
    out = reader_site(tmp_path)
    page = read(out, "2024-01-10/03/index.html")
    zones = re.findall(
        r'<a class="scan__zone" href="([^"]+)" style="([^"]+)"[^>]*>'
        r'<span class="visually-hidden">([^<]+)</span>',
        page,
    )
    assert len(zones) == 7
    assert zones[0] == ("/paper/2024-01-10/p03-01/", "left:3%;top:3%;width:60%;height:44%", "“小网格”里见“大民生”")
    assert re.search(
        r'<img src="/paper/images/2024-01-10/03[^"]*" [^>]*width="900" height="1260" '
        r'alt="第03版 综合 版面图" fetchpriority="high">',
        page,
    )
    listed = page.split('class="pageview__list"')[1]
    assert all(href in listed for href, _style, _title in zones)  # the equivalent text list
    assert "hotzones.js" in page and " defer>" in page
    assert "hotzones.js" not in read(out, "2024-01-10/04/index.html")  # no scan, no script


def test_pdf_link_shows_its_size(tmp_path):
    out = reader_site(tmp_path)
    size = (out / "images/2024-01-10/03.pdf").stat().st_size
    page = read(out, "2024-01-10/03/index.html")
    assert (
        f'<a href="/paper/images/2024-01-10/03.pdf" type="application/pdf" download>'
        f"下载本版 PDF（{max(1, round(size / 1024))} KB）</a>"
    ) in page


def test_masthead_has_date_lunar_date_and_number(tmp_path):
    out = reader_site(tmp_path)
    home = read(out, "index.html")
    assert '<time datetime="2024-01-10">2024年1月10日 星期三</time>' in home
    assert "农历癸卯年十一月廿九" in home and "第3456期" in home
    assert 'href="/paper/archive/2024/01/">往期日历</a>' in home
    assert "农历癸卯年十一月十七" in read(out, "2023-12-29/index.html")


def test_every_page_of_an_edition_lists_the_pages_and_turns(tmp_path):
    out = reader_site(tmp_path)
    for rel in (
        "2024-01-10/index.html",
        "2024-01-10/03/index.html",
        "2024-01-10/04/index.html",
        "2024-01-10/p03-01/index.html",
    ):
        html = read(out, rel)
        assert "第03版</span> 综合" in html and "第04版</span> 文化" in html, rel
        assert 'rel="prev" href="/paper/2024-01-09/">← 上一期' in html, rel
    assert 'rel="next" href="/paper/2024-01-10/04/">下一版：第04版 文化' in read(out, "2024-01-10/03/index.html")
    assert 'rel="prev" href="/paper/2024-01-10/03/">← 上一版' in read(out, "2024-01-10/04/index.html")
    assert 'rel="next" href="/paper/2024-01-10/">下一期' in read(out, "2024-01-09/01/index.html")


def test_month_calendars_link_each_edition_and_their_neighbours(tmp_path):
    out = reader_site(tmp_path)
    january = read(out, "archive/2024/01/index.html")
    assert '<th scope="col" abbr="星期日">日</th>' in january and january.count("<th scope") == 7
    days = re.findall(r'<td class="calendar__edition"><a href="([^"]+)" aria-label="([^"]+)">(\d+)</a>', january)
    assert days == [
        ("/paper/2024-01-09/", "2024年1月9日 星期二 第3455期", "9"),
        ("/paper/2024-01-10/", "2024年1月10日 星期三 第3456期", "10"),
    ]
    first_week = january.split("<tbody>")[1].split("</tr>")[0]
    assert first_week.count("<td></td>") == 1  # 1 January 2024 was a Monday
    assert 'rel="prev" href="/paper/archive/2023/12/"' in january and 'rel="next"' not in january
    assert 'rel="next" href="/paper/archive/2024/01/"' in read(out, "archive/2023/12/index.html")
    archive = read(out, "archive/index.html")
    assert (
        'href="/paper/archive/2024/01/">2024年1月' in archive and 'href="/paper/archive/2023/12/">2023年12月' in archive
    )


def test_reading_time_counts_chinese_characters(tmp_path):
    out = reader_site(tmp_path)
    lead = read(out, "2024-01-10/p03-01/index.html")
    body = re.sub(r"<[^>]+>", "", lead.split('<div class="article__body">')[1].split("</div>")[0])
    # Characters read (Han and full-width punctuation) plus Latin words and numbers; not words.
    chars = len(re.findall(r"[^\x00-\x7f]", body)) + len(re.findall(r"[A-Za-z0-9]+", body))
    assert 1500 < chars < 2000
    assert f"约{round(chars / 400)}分钟读完" in lead


def test_two_builds_with_search_are_byte_identical(tmp_path):
    from conftest import tree_digest

    one = reader_site(tmp_path / "one")
    two = reader_site(tmp_path / "two")
    assert tree_digest(one) == tree_digest(two)
    assert (one / "search/index/meta.json").is_file()


def test_search_index_is_rewritten_only_where_it_changed(tmp_path):
    out = reader_site(tmp_path)
    root = out.parent
    before = {p: p.stat().st_ino for p in (out / "search/index").rglob("*") if p.is_file()}
    (root / "content/2024-01-10/wenhua.md").write_text(
        (root / "content/2024-01-10/wenhua.md").read_text("utf-8").replace("剪窗花", "剪窗花和福字"), "utf-8"
    )
    report = run_build(root, search=True)
    after = {p: p.stat().st_ino for p in (out / "search/index").rglob("*") if p.is_file()}
    changed = {p.relative_to(out).as_posix() for p in after if before.get(p) != after[p]}
    assert changed and len(changed) < len(after) / 2, changed
    assert not report.failed and {name for name in changed if "/s/" in name} <= set(report.written)
    (root / "content/2024-01-10/wenhua.md").unlink()  # an article gone: it is found no more
    assert not run_build(root, search=True).failed
    files = (out / "search/index/t").rglob("*.bin")
    rows = [row for p in files for row in json.loads(zlib.decompress(p.read_bytes(), -15))]
    assert len(rows) == 10 and not any(row[0].endswith("/wenhua/") for row in rows)


def test_the_search_page_tells_the_browser_the_tiers_of_the_index_it_is_built_with(tmp_path, monkeypatch):
    """The search page carries the index's tiers, so that the browser asks
    for a query's files before meta.json comes: they are meta.json's, also
    after a new month's edition moves the last month into the archive."""
    from newsgen.search import ngram

    # Shard counts that follow a handful of articles (the real ones are 64 below some 900).
    monkeypatch.setattr(ngram, "shard_count", lambda articles: 64 << min(articles, 3))
    out = reader_site(tmp_path)

    def page_and_meta() -> tuple[list, list]:
        form = re.search(r'data-tiers="([^"]*)"', (out / "search/index.html").read_text("utf-8"))
        assert form, "the search form has no data-tiers"
        meta = json.loads((out / "search/index/meta.json").read_text("utf-8"))
        return json.loads(html.unescape(form.group(1))), meta["tiers"]

    shown, meta = page_and_meta()
    assert shown == meta and [t["name"] for t in meta] == ["a", "r"]
    write_files(
        out.parent,
        {
            "content/2024-02-01/edition.yaml": "date: 2024-02-01\nnumber: 3470\npages:\n  - {number: 1, name: 要闻}\n",
            "content/2024-02-01/chunjie.md": article("春节前夕送温暖", 1, "慰问困难群众。"),
        },
    )
    assert not run_build(out.parent, search=True).failed
    shown_after, meta_after = page_and_meta()
    assert shown_after == meta_after and meta_after != meta


@pytest.mark.parametrize("threads", [False, True])
def test_the_search_blocks_made_by_worker_processes_are_the_ones_made_in_process(tmp_path, monkeypatch, threads):
    """A big build makes its search blocks in worker processes, forked, or
    spawned where another thread runs (newsgen serve): the index is byte
    for byte the one a build in one process makes."""
    from newsgen.build import pool

    one = write_files(tmp_path / "one", reader_files(BASE_URL))
    assert not run_build(one, search=True, jobs=1).failed
    monkeypatch.setattr(pool, "SEARCH_POOL_ARTICLES", 0)  # the pool for a small site too
    methods = tmp_path / "methods"  # written by the process that makes the index (a fork of the build's)
    real_run = pool.run

    def recording_run(*args, **kwargs):
        with methods.open("a") as f:
            f.write(f"{kwargs.get('method')}\n")
        return real_run(*args, **kwargs)

    monkeypatch.setattr(pool, "run", recording_run)
    two = write_files(tmp_path / "two", reader_files(BASE_URL))
    done = threading.Event()
    other = threading.Thread(target=done.wait, daemon=True)
    if threads:
        other.start()
    try:
        assert not run_build(two, search=True, jobs=2).failed
    finally:
        done.set()
    assert ("spawn" if threads else "fork") in methods.read_text().split()
    index = {p.relative_to(one).as_posix(): p.read_bytes() for p in (one / "site/search").rglob("*") if p.is_file()}
    assert index and index == {
        p.relative_to(two).as_posix(): p.read_bytes() for p in (two / "site/search").rglob("*") if p.is_file()
    }


def test_a_search_index_that_fails_in_its_process_fails_the_build_and_leaves_the_site(tmp_path, monkeypatch):
    """The index is made in a forked process: what goes wrong there is the
    build's error, and the site stays as the last build left it."""
    from newsgen.build import extras

    root = write_files(tmp_path / "site", reader_files(BASE_URL))
    assert not run_build(root, search=True, jobs=2).failed
    before = {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "content/2024-01-10/wenhua.md").write_text(
        (root / "content/2024-01-10/wenhua.md").read_text("utf-8") + "\n新的一段。\n", "utf-8"
    )

    def broken(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(extras, "search_index", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        run_build(root, search=True, jobs=2)
    after = {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
