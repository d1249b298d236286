"""Functional tests: build small sites and look at what readers get."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import article, run_build, tree_digest, write_files

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def read(root: Path, rel: str) -> str:
    return (root / "site" / rel).read_text("utf-8")


def test_builds_every_view(site_root):
    report = run_build(site_root)
    assert not report.failed, report.diagnostics
    outputs = {p.relative_to(site_root / "site").as_posix() for p in (site_root / "site").rglob("*") if p.is_file()}
    assert {
        "index.html",
        "2024-01-10/index.html",
        "2024-01-10/01/index.html",
        "2024-01-10/02/index.html",
        "2024-01-10/wangge/index.html",
        "2024-01-10/yibao/index.html",
        "2024-01-10/values/index.html",
        "archive/index.html",
        "tags/index.html",
        "tags/医保/index.html",
        "tags/基层治理/index.html",
        "feed.xml",
        "sitemap.xml",
        "404.html",
        "static/style.css",
    } <= outputs


def test_front_page_has_masthead_page_list_and_first_page(site_root):
    run_build(site_root)
    home = read(site_root, "index.html")
    assert '<html lang="zh-CN">' in home
    assert "2024年1月10日 星期三" in home and "第3456期" in home
    assert "版面导航" in home and "第01版</span> 要闻" in home and "第02版</span> 综合" in home
    assert "“小网格”里见“大民生”" in home  # page 1's article
    front = home.split('<section class="contents"')[0]
    assert "医保政策宣传进万家" not in front  # page 2's is on its own page (and in 本期目录)
    assert '<link rel="canonical" href="https://news.example.org/paper/2024-01-10/">' in home


def test_page_view_lists_its_articles_with_editor_and_neighbours(site_root):
    run_build(site_root)
    page = read(site_root, "2024-01-10/01/index.html")
    assert "责任编辑：王某" in page
    assert "汇川区2800余名党员干部下沉网格" in page  # subtitle
    assert "随着行动的持续推进" in page  # summary
    assert 'rel="next" href="/paper/2024-01-10/02/"' in page
    page2 = read(site_root, "2024-01-10/02/index.html")
    assert 'rel="prev" href="/paper/2024-01-10/01/"' in page2
    # neither has an order: file-name order, values.md before yibao.md
    assert page2.index("社会主义核心价值观") < page2.index("医保政策宣传进万家")


def test_article_view_prints_dateline_byline_and_navigation(site_root):
    run_build(site_root)
    yibao = read(site_root, "2024-01-10/yibao/index.html")
    assert '<p class="kicker">余庆县医疗保障局</p>' in yibao
    assert '<p><span class="dateline">本报讯（记者 张婷）</span> 为营造' in yibao
    # across pages, past the core-values banner: banners are layout, not news
    assert 'rel="prev" href="/paper/2024-01-10/wangge/"' in yibao
    assert "社会主义核心价值观" not in read(site_root, "2024-01-10/wangge/index.html")
    values = read(site_root, "2024-01-10/values/index.html")
    assert 'rel="prev" href="/paper/2024-01-10/wangge/"' in values
    assert 'href="/paper/2024-01-10/02/">返回第02版' in yibao
    assert 'rel="tag">医保</a>' in yibao
    wangge = read(site_root, "2024-01-10/wangge/index.html")
    assert '<p class="byline">袁瑶 马红梅</p>' in wangge
    assert "编组下沉网格" in wangge  # CJK soft break joined
    assert '<h2 id="section-1">小标题</h2>' in wangge
    assert len(re.findall(r"<h1[ >]", wangge)) == 1


def test_banner_is_its_own_component(site_root):
    run_build(site_root)
    page2 = read(site_root, "2024-01-10/02/index.html")
    values = re.findall(r"<span>(..)</span>", page2.split('class="banner"')[1].split("</section>")[0])
    assert values == ["富强", "民主", "文明", "和谐", "自由", "平等", "公正", "法治", "爱国", "敬业", "诚信", "友善"]


def test_feed_is_atom_and_sitemap_lists_every_page(site_root):
    run_build(site_root)
    feed = ET.fromstring(read(site_root, "feed.xml"))
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == ["“小网格”里见“大民生”", "医保政策宣传进万家"]  # not the core-values banner
    sitemap = ET.fromstring(read(site_root, "sitemap.xml"))
    locs = {loc.text for loc in sitemap.iter(f"{SITEMAP}loc")}
    html_files = {p for p in (site_root / "site").rglob("*.html") if p.name != "404.html"}
    assert len(locs) == len(html_files)
    for loc in locs:
        rel = loc.removeprefix("https://news.example.org/paper/")
        from urllib.parse import unquote

        assert (site_root / "site" / unquote(rel) / "index.html").is_file() or (
            site_root / "site" / unquote(rel)
        ).is_file()


def test_every_internal_link_resolves_under_the_sub_path(site_root):
    run_build(site_root)
    out = site_root / "site"
    from urllib.parse import unquote, urlsplit

    for page in out.rglob("*.html"):
        for url in re.findall(r'(?:href|src)="([^"]+)"', page.read_text("utf-8")):
            if url.startswith(("https://", "#")):
                continue
            assert url.startswith("/paper/"), (page, url)
            path = unquote(urlsplit(url).path).removeprefix("/paper/")
            target = out / path
            assert target.is_file() or (target / "index.html").is_file(), (page, url)


def test_archive_and_tags_are_paginated(tmp_path):
    files = {"newsgen.yaml": "title: 报\nbase_url: https://a.org/\nper_page: 2\n"}
    for day in range(1, 6):
        date = f"2024-01-0{day}"
        files[f"content/{date}/edition.yaml"] = f"date: {date}\npages: [{{number: 1, name: 要闻}}]\n"
        files[f"content/{date}/a.md"] = article(f"第{day}天", 1, tags="[民生]")
    root = write_files(tmp_path, files)
    assert not run_build(root).failed
    first = (root / "site/archive/index.html").read_text()
    assert first.index("2024年1月5日") < first.index("2024年1月4日")  # newest first
    assert "2024年1月3日" not in first
    assert 'rel="next" href="/archive/2/"' in first
    third = (root / "site/archive/3/index.html").read_text()
    assert "2024年1月1日" in third and 'rel="prev" href="/archive/2/"' in third
    assert (root / "site/tags/民生/3/index.html").is_file()
    assert 'rel="prev" href="/2024-01-04/"' in (root / "site/2024-01-05/index.html").read_text()


def test_two_builds_are_byte_identical(site_root, tmp_path):
    run_build(site_root, out=tmp_path / "one")
    (site_root / ".newsgen-cache").rename(tmp_path / "old-cache")  # the second build starts cold
    run_build(site_root, out=tmp_path / "two")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_errors_are_reported_together_and_nothing_is_written(site_root):
    assert not run_build(site_root).failed
    before = tree_digest(site_root / "site")
    write_files(
        site_root,
        {
            "content/2024-01-10/bad-page.md": article("错版", 7),
            "content/2024-01-10/dup.md": article("重复", 1, slug="yibao"),
            "content/2024-01-10/photo.md": article("图片新闻", 1, kind="picture", image="2024-01-10/none.jpg"),
            "content/2024-01-10/yaml.md": "---\ntitle: [坏\npage: 1\n---\n",
        },
    )
    report = run_build(site_root)
    assert report.failed
    assert [str(d) for d in report.diagnostics] == [
        "content/2024-01-10/bad-page.md:3:1: error: page 7 is not in the edition (edition.yaml lists 1, 2)",
        "content/2024-01-10/photo.md:5:1: error: image file not found: images/2024-01-10/none.jpg",
        "content/2024-01-10/yaml.md:3:5: error: invalid YAML: while parsing a flow sequence: "
        "did not find expected ',' or ']' (started at line 2)",
        "content/2024-01-10/yibao.md:1:1: error: slug 'yibao' (from the file name) is already used by "
        "content/2024-01-10/dup.md",
    ]
    assert tree_digest(site_root / "site") == before


def test_drafts_are_left_out_unless_asked(site_root):
    write_files(site_root, {"content/2024-01-10/caogao.md": article("草稿", 1, draft="true")})
    run_build(site_root)
    assert not (site_root / "site/2024-01-10/caogao").exists()
    run_build(site_root, drafts=True)
    assert (site_root / "site/2024-01-10/caogao/index.html").is_file()


def test_a_theme_overrides_one_template(site_root):
    write_files(
        site_root,
        {
            "newsgen.yaml": "title: 遵义日报\nbase_url: https://news.example.org/paper/\ntheme: county\n",
            "themes/county/templates/404.html": "{% extends 'base.html' %}{% block main %}<h1>找不到</h1>{% endblock %}",  # noqa: E501
        },
    )
    assert not run_build(site_root).failed
    assert "<h1>找不到</h1>" in read(site_root, "404.html")
    assert "版面导航" in read(site_root, "index.html")  # the rest falls back to default


def test_refuses_dangerous_output_folders(site_root):
    for out in (site_root, site_root / "content", Path("/")):
        report = run_build(site_root, out=out)
        assert report.failed and "refusing to build into" in report.diagnostics[0].message
    assert (site_root / "content/2024-01-10/wangge.md").is_file()


def test_files_put_in_the_output_by_hand_are_kept(site_root):
    run_build(site_root)
    write_files(site_root, {"site/CNAME": "news.example.org\n", "site/.well-known/security.txt": "x\n"})
    (site_root / "content/2024-01-10/values.md").unlink()
    report = run_build(site_root)
    assert report.removed == ["2024-01-10/values/index.html"]
    assert (site_root / "site/CNAME").is_file() and (site_root / "site/.well-known/security.txt").is_file()
    assert not (site_root / "site/2024-01-10/values").exists()


def test_a_theme_cannot_publish_files_from_outside_by_a_link(site_root, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password\n")
    write_files(
        site_root,
        {
            "newsgen.yaml": "title: 遵义日报\nbase_url: https://news.example.org/paper/\ntheme: county\n",
            "themes/county/static/extra.css": "body{}\n",
        },
    )
    (site_root / "themes/county/static/leak.txt").symlink_to(secret)
    assert not run_build(site_root).failed
    assert (site_root / "site/static/extra.css").is_file()
    assert not (site_root / "site/static/leak.txt").exists()


def test_strict_finds_links_to_nothing_and_names_the_source(site_root):
    write_files(
        site_root,
        {
            "content/2024-01-10/lianjie.md": article(
                "链接", 1, "见[前文](/paper/2024-01-09/none/)和[小标题](/paper/2024-01-10/wangge/#section-9)。"
            )
        },
    )
    assert not run_build(site_root).failed  # without --strict: built
    before = tree_digest(site_root / "site")
    write_files(
        site_root,
        {
            "content/2024-01-10/lianjie.md": article(
                "链接", 1, "见[前文](/paper/2024-01-09/none/)和[小标题](/paper/2024-01-10/wangge/#section-9)。\n\n改。"
            )
        },
    )
    report = run_build(site_root, strict=True)
    assert [str(d) for d in report.diagnostics] == [
        "content/2024-01-10/lianjie.md:5:7: error: link to /paper/2024-01-09/none/ points to no file",
        "content/2024-01-10/lianjie.md:5:38: error: link to /paper/2024-01-10/wangge/#section-9 "
        "points to no anchor 'section-9'",
    ]
    assert tree_digest(site_root / "site") == before  # nothing written


def test_a_strict_build_after_a_plain_one_still_checks_links(site_root):
    write_files(site_root, {"content/2024-01-10/lianjie.md": article("链接", 1, "见[前文](/paper/2024-01-09/none/)。")})
    assert not run_build(site_root).failed
    assert run_build(site_root, strict=True).failed  # nothing changed, but now the links are checked
