"""A reader's visit in a real browser (Debian's Chromium driven by
Playwright), on a phone and on a desktop: the front page, a page, a hot
zone on the page scan, the article, the next article and the next page,
the calendar and an older edition, a search for 网格 and its hit.

The site is served from a sub-path (/paper/), as a county paper's site
often is. Skipped only when /usr/bin/chromium is missing and
NEWSGEN_REQUIRE_BROWSER is unset; CI sets it, so there they must run."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest
from test_reader_site import reader_site, serve

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DEADLINE_MS = 10_000
VIEWPORTS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
LEAD = "“小网格”里见“大民生”"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("NEWSGEN_REQUIRE_BROWSER"),
        reason="no /usr/bin/chromium (set NEWSGEN_REQUIRE_BROWSER to make this a failure)",
    ),
]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    out = reader_site(tmp_path_factory.mktemp("reader"))
    with serve(out) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser, kind: str, **options):
    context = browser.new_context(**VIEWPORTS[kind], locale="zh-CN", **options)
    page = context.new_page()
    page.set_default_timeout(DEADLINE_MS)
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    return page


def heading(page) -> str:
    return page.locator("h1").inner_text().strip()


@pytest.mark.parametrize("kind", VIEWPORTS)
def test_a_readers_visit(browser, site_url, kind):
    page = open_page(browser, kind)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url)
    assert "农历癸卯年十一月廿九" in page.locator(".masthead").inner_text()
    page.locator(".page-nav").get_by_role("link", name="第04版 文化").click()  # the page list
    assert heading(page) == "第04版 文化"
    page.get_by_role("link", name="← 上一版：第03版 综合").click()
    assert heading(page) == "第03版 综合"
    zone = page.locator("a.scan__zone").first  # the page scan
    assert zone.is_visible() and zone.bounding_box()["width"] > 100
    zone.click()
    assert heading(page) == LEAD and page.url == site_url + "2024-01-10/p03-01/"
    assert "汇川区2822名机关企事业单位党员干部" in page.locator(".article__body").inner_text()
    page.get_by_role("link", name=re.compile("^下一篇：")).click()
    assert heading(page) == "余庆县 流动党员聚“云端” 教育管理更智慧"
    page.locator(".breadcrumb").get_by_role("link", name="第03版 综合").click()
    page.get_by_role("link", name=re.compile("^下一版：")).click()
    assert heading(page) == "第04版 文化"
    page.get_by_role("link", name="往期日历").click()  # the calendar
    assert heading(page) == "往期回顾：2024年1月"
    page.get_by_role("link", name="2024年1月9日 星期二 第3455期").click()
    assert page.url == site_url + "2024-01-09/" and "第3455期" in page.locator(".masthead").inner_text()
    page.locator(".edition-nav").get_by_role("link", name=re.compile("^下一期")).click()
    assert page.url == site_url + "2024-01-10/"
    page.locator(".site-nav").get_by_role("link", name="搜索").click()  # search
    page.get_by_label("搜索本报文章").fill("网格")
    page.get_by_label("搜索本报文章").press("Enter")
    hit = page.locator(".search-results").get_by_role("link", name=LEAD)
    hit.click()
    assert heading(page) == LEAD
    assert page.errors == []
    assert all(url.startswith(site_url) for url in requests), [u for u in requests if not u.startswith(site_url)]
    page.context.close()


def test_hot_zones_light_up_on_hover_and_keyboard_focus(browser, site_url):
    page = open_page(browser, "desktop")
    page.goto(site_url + "2024-01-10/03/")
    zone = page.locator('a.scan__zone[href$="/p03-02/"]')
    assert zone.get_attribute("style") == "left:66%;top:3%;width:31%;height:30%"
    assert page.get_by_role("link", name="余庆县 流动党员聚“云端” 教育管理更智慧").count() == 2  # zone and list
    idle = zone.evaluate("z => getComputedStyle(z).backgroundColor")
    zone.hover()
    assert zone.evaluate("z => getComputedStyle(z).backgroundColor") != idle
    listed = page.locator('.pageview__list a[href$="/p03-02/"]')
    listed.hover()  # pointing at the list lights up the zone (hotzones.js)
    assert "is-active" in zone.get_attribute("class")
    page.mouse.move(0, 0)
    page.locator("h1").click()
    for _ in range(40):  # keyboard only: Tab to the zone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('scan__zone')"):
            break
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused == "solid"
    name = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    assert heading(page) == name
    page.context.close()


def test_pages_work_without_javascript(browser, site_url):
    page = open_page(browser, "phone", java_script_enabled=False)
    page.goto(site_url + "2024-01-10/03/")
    page.locator("a.scan__zone").nth(2).click()
    assert heading(page) == "特色产业助乡村振兴"
    page.goto(site_url + "search/?q=网格")
    assert "搜索需要浏览器启用 JavaScript" in page.locator("main").inner_text()
    page.context.close()


def test_skip_link_and_keyboard_reach_the_content(browser, site_url):
    page = open_page(browser, "desktop")
    page.goto(site_url + "2024-01-10/p03-01/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.context.close()


# What search indexes of an article page: its text less the lines about
# the article (date, reading time, editor, correction, tags, its address).
INDEXED_TEXT = """article => {
  const copy = article.cloneNode(true);
  copy.querySelectorAll(".article__meta, .page-editor, .article__updated, .text-size, .correction, .tags, .print-only")
    .forEach(node => node.remove());
  document.body.appendChild(copy);
  const text = copy.innerText;
  copy.remove();
  return text;
}"""


def article_texts(browser, site_url) -> dict[str, str]:
    """Every article's URL and the text that search indexes, read in the browser."""
    page = open_page(browser, "desktop")
    page.goto(site_url + "2024-01-10/")
    urls = sorted(set(page.locator(".page-nav a").evaluate_all("as => as.map(a => a.href)")))
    articles = {}
    for page_url in urls + [site_url + "2024-01-09/01/", site_url + "2024-01-09/02/", site_url + "2023-12-29/01/"]:
        page.goto(page_url)
        for href in page.locator("main .headline a, main .banner__title a, main .notice__title a").evaluate_all(
            "as => as.map(a => a.href)"
        ):
            articles[href] = ""
    for href in articles:
        page.goto(href)
        articles[href] = page.locator("article").evaluate(INDEXED_TEXT)
    page.context.close()
    return articles


def test_search_finds_every_article_by_any_short_piece_of_it(browser, site_url):
    texts = article_texts(browser, site_url)
    assert len(texts) == 11
    chooser = random.Random(20240110)
    page = open_page(browser, "phone")
    page.goto(site_url + "search/")
    box = page.get_by_label("搜索本报文章")
    for url, text in texts.items():
        runs = [m.group() for m in re.finditer(r"[\u4e00-\u9fff]{4,}", text)]
        for _ in range(4):
            run = chooser.choice(runs)
            size = chooser.randint(2, 4)
            start = chooser.randrange(len(run) - size + 1)
            query = run[start : start + size]
            box.fill(query)
            box.press("Enter")
            page.wait_for_function("q => document.getElementById('search-status').textContent.includes(q)", arg=query)
            found = page.locator(".search-results a").evaluate_all("as => as.map(a => a.href)")
            more = page.locator(".search-more")
            while url not in found and more.count():
                more.click()
                page.wait_for_timeout(100)
                found = page.locator(".search-results a").evaluate_all("as => as.map(a => a.href)")
            assert url in found, (query, url)
    assert page.errors == []
    page.context.close()
