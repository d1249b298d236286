"""axe-core (axe-playwright-python, which bundles axe.min.js: no network)
finds no WCAG 2.x A/AA or best-practice violation on any kind of page, on a
phone and a desktop, in light and dark colours. Same skip rule as the
other browser tests."""

from __future__ import annotations

import pytest
from test_browser_reader import VIEWPORTS, browser, open_page, pytestmark, site_url  # noqa: F401  (fixtures)

PAGES = {
    "front page": "",
    "page view with a scan": "2024-01-10/03/",
    "page view": "2024-01-10/04/",
    "article": "2024-01-10/p03-01/",
    "picture": "2024-01-10/p03-05/",
    "article with a correction": "2024-01-10/wenhua/",
    "archive": "archive/",
    "calendar": "archive/2024/01/",
    "search": "search/?q=网格",
    "tags": "tags/",
    "tag": "tags/基层治理/",
    "not found": "404.html",
}
SCHEMES = [("phone", "light"), ("desktop", "light"), ("phone", "dark"), ("desktop", "dark")]

pytestmark = pytestmark  # the browser marker and skip rule


@pytest.mark.parametrize("kind,scheme", SCHEMES)
def test_axe_finds_no_violations(browser, site_url, kind, scheme):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = open_page(browser, kind, color_scheme=scheme)
    found = {}
    for name, path in PAGES.items():
        page.goto(site_url + path)
        if name == "search":
            page.wait_for_selector(".search-results li")
        results = axe.run(page)
        if results.violations_count:
            found[name] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]
    page.context.close()
    assert found == {}
