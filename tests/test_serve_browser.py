"""newsgen serve in a real browser: Debian's Chromium driven by Playwright.
The open tab must reload by itself after an edit, show the error page when
the build breaks and the page again when it is fixed.

Skipped only when /usr/bin/chromium is missing and NEWSGEN_REQUIRE_BROWSER
is not set; in CI it is set, so a missing browser fails instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CONFIG, edit

from newsgen.preview.server import Preview

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
ARTICLE = "content/2024-01-10/wangge.md"
ARTICLE_URL = "2024-01-10/wangge/"
DEADLINE_MS = 10_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("NEWSGEN_REQUIRE_BROWSER"),
        reason="no /usr/bin/chromium (set NEWSGEN_REQUIRE_BROWSER to make this a failure)",
    ),
]


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page()
            page.set_default_timeout(DEADLINE_MS)
            yield page
        finally:
            browser.close()


@pytest.fixture
def preview(site_root):
    server = Preview(site_root, port=0).start()
    try:
        yield server
    finally:
        server.stop()


def mark_tab(page) -> None:
    """A flag that only survives as long as the document does: its absence
    later proves the tab reloaded."""
    page.evaluate("window.__newsgenMark = 1")


def wait_for_text(page, text: str) -> None:
    page.wait_for_function(
        "t => document.body && document.body.innerText.includes(t)", arg=text, timeout=DEADLINE_MS, polling=50
    )


def test_open_tab_reloads_by_itself_after_an_edit(browser_page, preview, site_root):
    page = browser_page
    response = page.goto(preview.url + ARTICLE_URL)
    assert response.status == 200
    assert "“小网格”里见“大民生”" in page.title()
    mark_tab(page)
    edit(site_root, ARTICLE, "第二段。", "第二段，浏览器里自己刷新了。")
    wait_for_text(page, "第二段，浏览器里自己刷新了。")
    assert page.evaluate("window.__newsgenMark") is None
    assert page.url == preview.url + ARTICLE_URL


def test_tab_shows_the_error_page_and_comes_back_when_fixed(browser_page, preview, site_root):
    page = browser_page
    page.goto(preview.url + ARTICLE_URL)
    mark_tab(page)
    (site_root / "newsgen.yaml").write_text(CONFIG + "per_page: [20\n", "utf-8")
    wait_for_text(page, "Build failed")  # conftest: messages in English
    expected = [str(d) for d in preview.state.report.diagnostics]
    shown = page.locator("ul.diagnostics li").all_inner_texts()
    assert shown == expected and any("newsgen.yaml:4:1: error: invalid YAML" in line for line in shown)
    mark_tab(page)
    (site_root / "newsgen.yaml").write_text(CONFIG, "utf-8")
    wait_for_text(page, "汇川区党员干部编组")
    assert page.evaluate("window.__newsgenMark") is None
    assert "“小网格”里见“大民生”" in page.title()
