"""What a Chinese news site must show, and readers expect: the footer's
filings and contacts, 责任编辑, 本期目录, the full-size page image, the
字号 control, an article's update and 更正."""

import html
import json
import re

import pytest
from conftest import CONFIG, article, basic_files, run_build, write_files
from hypothesis import given, settings
from hypothesis import strategies as st
from test_reader_site import read, reader_site

from newsgen.config import load_config, parse_config


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return reader_site(tmp_path_factory.mktemp("newsroom"))


def footer_of(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def test_every_page_shows_the_footer_with_its_filings_linked(out):
    pages = [p for p in out.rglob("*.html")]
    assert len(pages) > 20
    for path in pages:
        footer = footer_of(path.read_text("utf-8"))
        assert "版权所有 © 遵义日报社" in footer and "主办单位：中共遵义市委宣传部" in footer
        assert '<a href="https://beian.miit.gov.cn/" rel="noopener">黔ICP备12345678号-1</a>' in footer
        assert (
            '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=52030202000123" rel="noopener">'
            "黔公网安备 52030202000123号</a>"
        ) in footer
        assert '新闻热线：<a href="tel:085112345678">0851-12345678</a>' in footer
        assert '投稿邮箱：<a href="mailto:tougao@example.cn">tougao@example.cn</a>' in footer
        assert '违法和不良信息举报：<a href="tel:085187654321">0851-87654321</a>' in footer
        assert '<a href="https://www.12377.cn/" rel="noopener">中国互联网违法和不良信息举报中心</a>' in footer


def test_without_footer_settings_the_footer_is_as_before(site_root):
    run_build(site_root)
    footer = footer_of((site_root / "site/index.html").read_text("utf-8"))
    assert "© 遵义日报 数字报" in footer
    assert "备" not in footer and "举报" not in footer and "主办" not in footer


def test_footer_settings_are_checked(tmp_path):
    write_files(
        tmp_path,
        {
            "newsgen.yaml": CONFIG
            + "footer:\n  icp: 12345678\n  police: 黔公网安备123号\n  email: 投稿\n  hotline: [1]\n  sponor: 某部\n"
        },
    )
    _config, problems = load_config(tmp_path)
    assert [str(p) for p in problems] == [
        "newsgen.yaml:3:1: error: unknown key 'footer.sponor' (did you mean 'sponsor'?)"
    ]
    write_files(
        tmp_path, {"newsgen.yaml": CONFIG + "footer:\n  icp: 12345678\n  police: 黔公网安备123号\n  email: 投稿\n"}
    )
    _config, problems = load_config(tmp_path)
    assert [str(p) for p in problems] == [
        "newsgen.yaml:3:1: error: footer.icp does not look like an ICP number such as 黔ICP备12345678号-1",
        "newsgen.yaml:3:1: error: footer.police does not look like a number such as 黔公网安备 52030202000123号",
        "newsgen.yaml:3:1: error: footer.email does not look like an e-mail address such as tougao@example.cn",
    ]


PROVINCES = st.sampled_from("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼黔")


@settings(max_examples=200, deadline=None)
@given(PROVINCES, st.integers(0, 10**12), st.one_of(st.none(), st.integers(1, 999)))
def test_icp_numbers_are_read_as_the_filing_system_writes_them(province, number, suffix):
    """Oracle: a number of 6 to 10 digits after 省ICP备, 号, an optional -N."""
    text = f"{province}ICP备{number}号" + (f"-{suffix}" if suffix else "")
    config, problems = parse_config({"title": "报", "base_url": "https://a.org/", "footer": {"icp": text}}, {})
    valid = 6 <= len(str(number)) <= 10
    assert (problems == [] and config.footer_icp == text) if valid else len(problems) == 1


def test_front_page_and_articles_name_the_page_editor(out):
    """Page 3 (the front page's first page) has 责任编辑 王某; page 4 has none."""
    assert '<p class="page-editor">责任编辑：王某</p>' in read(out, "2024-01-10/index.html")
    assert '<p class="page-editor">责任编辑：王某</p>' in read(out, "2024-01-10/p03-01/index.html")
    assert '<p class="page-editor">责任编辑：王某</p>' in read(out, "2024-01-10/03/index.html")
    assert "责任编辑" not in read(out, "2024-01-10/wenhua/index.html")


def test_contents_lists_every_page_and_headline_in_print_order(out):
    """Oracle: the article files' titles, page by page, as the plan orders them."""
    from newsgen.content.load import load_site

    site, _ = load_site(out.parent)
    edition = next(e for e in site.editions if e.edition.date.isoformat() == "2024-01-10")
    front = read(out, "2024-01-10/index.html")
    section = front.split('<section class="contents" id="contents"', 1)[1].split("</section>", 1)[0]
    pages = re.findall(r'<a class="contents__page" href="[^"]+">([^<]+)</a>', section)
    assert pages == [f"{p.label} {p.name}" for p in edition.edition.pages]
    titles = re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', section)
    expected = [a.title for p in edition.edition.pages for a in edition.articles if a.page == p.number]
    assert [html.unescape(t) for t in titles] == expected
    for path in ("2024-01-10/index.html", "2024-01-10/03/index.html", "index.html"):
        assert '<a class="masthead__contents" href="/paper/2024-01-10/#contents">本期目录</a>' in read(out, path)


def test_the_page_image_opens_at_full_size(out):
    page = read(out, "2024-01-10/03/index.html")
    link = re.search(r'<a class="scan__full" href="([^"]+)">查看大图', page)
    assert link is not None
    target = out / link.group(1).removeprefix("/paper/")
    assert target.is_file()
    img = re.search(r'<img src="([^"]+)" srcset="([^"]+)"', page.split('class="scan__image"')[1])
    widths = [int(w) for w in re.findall(r" (\d+)w", img.group(2))]
    assert link.group(1) in img.group(2) and f" {max(widths)}w" in img.group(2).split(link.group(1))[1][:8]


def test_an_update_and_a_correction_are_shown_with_their_date(out):
    html = read(out, "2024-01-10/wenhua/index.html")
    assert '<p class="article__updated">更新于<time datetime="2024-01-12">2024年1月12日 星期五</time></p>' in html
    assert (
        '<aside class="correction" aria-label="更正"><p><strong>更正</strong>（<time datetime="2024-01-12">'
        "2024年1月12日 星期五</time>）：本文原将“湄潭县”误作“凤冈县”，特此更正。</p></aside>"
    ) in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.+?)</script>', html).group(1))
    assert data["dateModified"] == "2024-01-12T00:00:00+08:00" and data["datePublished"].startswith("2024-01-10")


def test_a_correction_needs_its_date_and_an_update_cannot_precede_the_edition(tmp_path):
    files = basic_files()
    files["content/2024-01-10/a.md"] = article("更正稿", 1, "内容。", correction="更正如下。")
    files["content/2024-01-10/b.md"] = article("早稿", 1, "内容。", updated="2024-01-01")
    root = write_files(tmp_path, files)
    assert [str(d) for d in run_build(root).diagnostics] == [
        "content/2024-01-10/a.md:4:1: error: a correction needs the date it was made (add updated: YYYY-MM-DD)",
        "content/2024-01-10/b.md:4:1: error: updated 2024-01-01 is before the edition's date 2024-01-10",
    ]


def test_the_text_size_control_is_plain_html(out):
    html = read(out, "2024-01-10/p03-01/index.html")
    control = html.split('<fieldset class="text-size"', 1)[1].split("</fieldset>", 1)[0]
    assert "<legend>字号</legend>" in control
    assert re.findall(r'<label for="text-size-\w+">(\w+)</label>', control) == ["小", "中", "大", "特大"]
    assert "<script" not in html.split("<body>", 1)[1]  # no script needed
