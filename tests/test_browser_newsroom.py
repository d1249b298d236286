"""In a real browser, on a phone and a desktop: the footer's filings, the
本期目录 from the masthead, the page image at full size, and the 字号
control (with and without JavaScript)."""

from __future__ import annotations

import pytest
from test_browser_reader import VIEWPORTS, browser, open_page, pytestmark, site_url  # noqa: F401  (fixtures)

pytestmark = pytestmark  # the browser marker and skip rule


@pytest.mark.parametrize("kind", VIEWPORTS)
def test_footer_shows_the_filings_and_contacts(browser, site_url, kind):  # noqa: F811
    page = open_page(browser, kind)
    page.goto(site_url + "2024-01-10/p03-01/")
    footer = page.locator(".site-footer")
    footer.scroll_into_view_if_needed()
    icp = footer.get_by_role("link", name="黔ICP备12345678号-1")
    assert icp.is_visible() and icp.get_attribute("href") == "https://beian.miit.gov.cn/"
    assert footer.get_by_role("link", name="黔公网安备 52030202000123号").is_visible()
    text = footer.inner_text()
    for words in (
        "主办单位：中共遵义市委宣传部",
        "新闻热线：0851-12345678",
        "投稿邮箱：tougao@example.cn",
        "违法和不良信息举报",
    ):
        assert words in text
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the phone
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("kind", VIEWPORTS)
def test_contents_from_the_masthead(browser, site_url, kind):  # noqa: F811
    page = open_page(browser, kind)
    page.goto(site_url + "2024-01-10/04/")
    page.locator(".masthead").get_by_role("link", name="本期目录").click()
    assert page.url == site_url + "2024-01-10/#contents"
    contents = page.locator("#contents")
    assert contents.is_visible() and contents.get_by_role("heading", name="本期目录").is_visible()
    # Scrolled to it: the browser scrolls to the fragment once the page is
    # laid out, which on a loaded machine comes after the URL has changed.
    page.wait_for_function(
        "() => document.getElementById('contents').getBoundingClientRect().top < innerHeight", timeout=5000
    )
    contents.get_by_role("link", name="非遗剪纸进校园").click()
    assert page.locator("h1").inner_text() == "非遗剪纸进校园"
    page.context.close()


@pytest.mark.parametrize("kind", VIEWPORTS)
def test_the_page_image_opens_at_full_size(browser, site_url, kind):  # noqa: F811
    page = open_page(browser, kind)
    page.goto(site_url + "2024-01-10/03/")
    shown = page.locator(".scan__image img").evaluate("i => i.clientWidth")
    link = page.locator(".scan__full")
    label = link.inner_text()
    assert link.is_visible() and label.startswith("查看大图")
    link.click()
    page.wait_for_load_state()
    assert page.evaluate("document.contentType") == "image/jpeg"
    width, height = page.evaluate("[document.images[0].naturalWidth, document.images[0].naturalHeight]")
    assert f"（{width}×{height}）" in label and width >= shown
    page.context.close()


@pytest.mark.parametrize("kind", VIEWPORTS)
@pytest.mark.parametrize("javascript", [True, False])
def test_text_size_changes_the_body_only(browser, site_url, kind, javascript):  # noqa: F811
    page = open_page(browser, kind, java_script_enabled=javascript)
    page.goto(site_url + "2024-01-10/p03-01/")
    body = page.locator(".article__body")

    def size(locator) -> float:
        return float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))

    medium, headline = size(body), size(page.locator("h1"))
    sizes = {}
    for label in ("小", "大", "特大", "中"):
        page.locator(".text-size").get_by_text(label, exact=True).click()
        sizes[label] = size(body)
    assert sizes["小"] < medium < sizes["大"] < sizes["特大"] and sizes["中"] == medium
    assert size(page.locator("h1")) == headline  # the headline stays as it is
    page.locator(".text-size").get_by_text("特大", exact=True).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.keyboard.press("ArrowLeft")  # a radio group: the keyboard moves the choice
    assert page.locator("#text-size-l").is_checked()
    assert page.errors == []
    page.context.close()
