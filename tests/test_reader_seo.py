"""What search engines and chat apps read: canonical links, Open Graph,
JSON-LD NewsArticle, the feed, the sitemaps, robots.txt and the list of
changed URLs."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import article, run_build, write_files
from test_reader_site import BASE_URL, read, reader_site

from newsgen.build.plan import seo
from newsgen.newspaper.calendar import LunarCalendar, month_weeks

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return reader_site(tmp_path_factory.mktemp("seo"))


def head_tags(html: str) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for key, value in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html):
        tags.setdefault(key, []).append(value)
    return tags


def published_image(out: Path, url: str, stem: str) -> bool:
    """``url`` is an absolute URL of a published copy of images/2024-01-10/<stem>.*
    (the image pipeline names its files by width and content)."""
    path = unquote(urlsplit(url).path).removeprefix("/paper/")
    return url.startswith(f"{BASE_URL}images/2024-01-10/{stem}") and (out / path).is_file()


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_article_has_canonical_open_graph_and_article_tags(out):
    html = read(out, "2024-01-10/wenhua/index.html")
    assert '<link rel="canonical" href="https://news.example.org/paper/2024-01-10/wenhua/">' in html
    tags = head_tags(html)
    assert tags["og:type"] == ["article"] and tags["og:title"] == ["非遗剪纸进校园"]
    assert tags["og:url"] == ["https://news.example.org/paper/2024-01-10/wenhua/"]
    [image] = tags["og:image"]
    assert published_image(out, image, "huyou") and int(tags["og:image:width"][0]) > 0
    assert tags["og:image:alt"] == ["学生们展示剪纸作品。"] and tags["twitter:card"] == ["summary_large_image"]
    assert tags["article:published_time"] == ["2024-01-10T00:00:00+08:00"]
    assert tags["article:section"] == ["第04版 文化"] and tags["og:locale"] == ["zh_CN"]
    assert tags["description"] == ["近日，剪纸艺人走进湄潭县实验小学，手把手教学生剪窗花。"]


def test_front_and_page_share_the_lead_image_or_the_scan(out):
    assert published_image(out, head_tags(read(out, "index.html"))["og:image"][0], "huyou")
    page = head_tags(read(out, "2024-01-10/03/index.html"))
    assert published_image(out, page["og:image"][0], "03")
    assert page["og:type"] == ["website"] and "第03版 综合" in page["description"][0]


def test_json_ld_news_article_has_the_fields_search_engines_read(out):
    data = json_ld(read(out, "2024-01-10/p03-05/index.html"))  # picture news: 简星 摄
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "图片新闻"
    assert len(data["image"]) == 1 and published_image(out, data["image"][0], "huyou")
    assert data["datePublished"] == "2024-01-10T00:00:00+08:00"
    assert data["author"] == [{"@type": "Person", "name": "简星", "jobTitle": "摄"}]
    assert data["publisher"] == {"@type": "NewsMediaOrganization", "name": "遵义日报", "url": BASE_URL}
    assert data["mainEntityOfPage"] == "https://news.example.org/paper/2024-01-10/p03-05/"
    lead = json_ld(read(out, "2024-01-10/p03-01/index.html"))
    assert [a["name"] for a in lead["author"]] == ["袁瑶", "马红梅"] and all(
        a["@type"] == "Person" for a in lead["author"]
    )
    assert "image" not in lead  # no picture: none invented


def test_json_ld_cannot_be_broken_out_of(tmp_path):
    root = write_files(
        tmp_path,
        {
            "newsgen.yaml": f"title: 报\nbase_url: {BASE_URL}\n",
            "content/2024-01-10/edition.yaml": "date: 2024-01-10\npages: [{number: 1, name: 要闻}]\n",
            "content/2024-01-10/x.md": article("'</script><script>alert(1)</script>'", 1),
        },
    )
    assert not run_build(root).failed
    html = (root / "site/2024-01-10/x/index.html").read_text("utf-8")
    assert json_ld(html)["headline"] == "</script><script>alert(1)</script>"
    assert html.count("<script") == 1


def test_feed_is_valid_atom(out):
    feed = ET.fromstring(read(out, "feed.xml"))
    assert feed.tag == f"{ATOM}feed"
    for element in [feed, *feed.iter(f"{ATOM}entry")]:
        assert element.findtext(f"{ATOM}id") and element.findtext(f"{ATOM}title")
        dt.datetime.fromisoformat(element.findtext(f"{ATOM}updated"))
    # the seed page's 11 articles but its core-values banner and its notice: layout, not news
    assert len(list(feed.iter(f"{ATOM}entry"))) == 9
    assert "社会主义核心价值观" not in [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]


def test_sitemaps_list_only_and_all_existing_pages(out):
    sitemap = ET.fromstring(read(out, "sitemap.xml"))
    locs = [u.findtext(f"{SITEMAP}loc") for u in sitemap.iter(f"{SITEMAP}url")]
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")} - {"404.html"}
    listed = {unquote(urlsplit(loc).path).removeprefix("/paper/") + "index.html" for loc in locs}
    assert listed == pages and len(locs) == len(set(locs))
    assert all(loc.startswith(BASE_URL) for loc in locs)


def test_news_sitemap_has_the_newest_two_days(out):
    news = ET.fromstring(read(out, "sitemap-news.xml"))
    urls = news.findall(f"{SITEMAP}url")
    locs = [u.findtext(f"{SITEMAP}loc") for u in urls]
    # 1/10 and 1/9, not 12/29; no banner, no notice
    assert len(locs) == 8 and not any("2023-12-29" in loc for loc in locs)
    assert not any(loc.endswith(("/p03-06/", "/p03-07/")) for loc in locs)
    first = urls[0].find(f"{NEWS}news")
    assert first.findtext(f"{NEWS}publication/{NEWS}name") == "遵义日报"
    assert first.findtext(f"{NEWS}publication/{NEWS}language") == "zh-cn"
    assert first.findtext(f"{NEWS}publication_date") == "2024-01-10T00:00:00+08:00"
    assert first.findtext(f"{NEWS}title") == "“小网格”里见“大民生”"
    for loc in locs:
        assert (out / unquote(urlsplit(loc).path).removeprefix("/paper/") / "index.html").is_file()


def test_news_sitemap_stops_at_a_thousand(tmp_path):
    files = {
        "newsgen.yaml": f"title: 报\nbase_url: {BASE_URL}\n",
        "content/2024-01-10/edition.yaml": "date: 2024-01-10\npages: [{number: 1, name: 要闻}]\n",
    }
    files.update({f"content/2024-01-10/a{n:04d}.md": article(f"第{n}篇", 1) for n in range(1003)})
    root = write_files(tmp_path, files)
    assert not run_build(root).failed
    news = ET.fromstring((root / "site/sitemap-news.xml").read_text("utf-8"))
    assert len(news.findall(f"{SITEMAP}url")) == seo.NEWS_LIMIT == 1000


def test_robots_txt_names_both_sitemaps(out):
    assert read(out, "robots.txt") == (
        f"User-agent: *\nAllow: /\nSitemap: {BASE_URL}sitemap.xml\nSitemap: {BASE_URL}sitemap-news.xml\n"
    )


def test_changed_urls_are_the_html_pages_written():
    written = [
        "2024-01-10/p03-01/index.html",
        "index.html",
        "404.html",
        "feed.xml",
        "static/style.css",
        "tags/基层治理/index.html",
        "images/2024-01-10/03.jpg",
        "archive/2024/01/index.html",
    ]
    assert seo.changed_urls(written, BASE_URL) == (
        "https://news.example.org/paper/\n"
        "https://news.example.org/paper/2024-01-10/p03-01/\n"
        "https://news.example.org/paper/archive/2024/01/\n"
        "https://news.example.org/paper/tags/%E5%9F%BA%E5%B1%82%E6%B2%BB%E7%90%86/\n"
    )
    assert seo.changed_urls(["feed.xml"], BASE_URL) == ""


def test_changed_urls_of_an_edit_are_the_pages_it_changed(tmp_path):
    out = reader_site(tmp_path)
    path = tmp_path / "content/2024-01-10/wenhua.md"
    path.write_text(path.read_text("utf-8").replace("剪窗花", "剪窗花和福字"), "utf-8")
    report = run_build(tmp_path)
    urls = seo.changed_urls(report.written, BASE_URL).split()
    assert f"{BASE_URL}2024-01-10/wenhua/" in urls and f"{BASE_URL}2024-01-10/04/" in urls
    assert f"{BASE_URL}2024-01-09/" not in urls and all(u.startswith(BASE_URL) for u in urls)
    assert (out / "2024-01-10/wenhua/index.html").read_text("utf-8").count("剪窗花和福字") >= 1


@pytest.mark.parametrize(
    "day,text",
    [
        ("2024-01-10", "农历癸卯年十一月廿九"),
        ("2024-02-10", "农历甲辰年正月初一"),
        ("2023-04-10", "农历癸卯年闰二月二十"),
        ("2025-01-28", "农历甲辰年十二月廿九"),
        ("2020-05-23", "农历庚子年闰四月初一"),
        ("2000-01-01", "农历己卯年十一月廿五"),
    ],
)
def test_lunar_dates(day, text):
    assert LunarCalendar().text(dt.date.fromisoformat(day)) == text


def test_lunar_dates_agree_with_the_library_day_by_day():
    from lunar_python import Solar

    calendar = LunarCalendar()
    day = dt.date(2023, 1, 1)
    while day < dt.date(2025, 12, 31):
        lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
        month, number = calendar.lunar_date(day)
        assert (month.year, -month.month if month.leap else month.month, number) == (
            lunar.getYear(),
            lunar.getMonth(),
            lunar.getDay(),
        ), day
        day += dt.timedelta(days=9)


def test_month_weeks_start_on_sunday():
    weeks = month_weeks(2024, 1, {10: {"url": "/2024-01-10/"}})
    assert weeks[0][0] is None and weeks[0][1]["day"] == 1  # 1 January 2024: a Monday
    assert weeks[1][3] == {"day": 10, "date": "2024-01-10", "link": {"url": "/2024-01-10/"}}
    assert all(len(week) == 7 for week in weeks) and weeks[-1][3]["day"] == 31
