"""The search page in a real browser, on a small generated corpus served
from a sub-path: for a few dozen queries (pieces of the articles, strings
found nowhere, full-width forms, several terms) the count and the hits are
those of a brute-force scan of the texts; the query comes from and goes to
the URL (?q=, shareable); the terms are marked; the year and page filters
and "更多结果" paging. Every request the search page makes goes to this
site, and search works with nothing else reachable; the other pages load
no search code. Same skip rule as the other browser tests."""

from __future__ import annotations

import datetime as dt
import random
from urllib.parse import quote, urlsplit

import pytest
from conftest import CONFIG, article, run_build, write_files
from test_browser_reader import browser, open_page, pytestmark  # noqa: F401  (fixtures)
from test_reader_site import serve

from newsgen.search.ngram import fold

WORDS = ["网格", "党员", "医保", "乡村", "振兴", "价格", "流动", "组织", "胡柚", "台风", "NBA", "2024", "５Ｇ"]
FILLER = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你"
DAYS = [dt.date(2023, 12, 28), dt.date(2024, 1, 9), dt.date(2024, 1, 10)]
PAGES = {1: "要闻", 2: "综合"}

pytestmark = pytestmark  # the browser marker and skip rule


def corpus(seed: int = 13) -> dict[str, dict]:
    """url path -> {title, body, year, page}: 36 articles over three editions in two years."""
    chooser = random.Random(seed)
    out = {}
    for day in DAYS:
        for n in range(12):
            words = [chooser.choice(WORDS) for _ in range(4)]
            body = "".join(w + "".join(chooser.choices(FILLER, k=chooser.randint(2, 9))) for w in words)
            title = chooser.choice(WORDS) + "".join(chooser.choices(FILLER, k=4))
            page = 1 + n % 2
            out[f"{day}/a{n:02d}/"] = {"title": title, "body": body, "year": day.year, "page": PAGES[page], "n": page}
    return out


def site_files(articles: dict[str, dict]) -> dict[str, str]:
    files = {"newsgen.yaml": CONFIG}
    for day in DAYS:
        pages = "".join(f"  - number: {n}\n    name: {name}\n" for n, name in PAGES.items())
        files[f"content/{day}/edition.yaml"] = f"date: {day}\nnumber: {day.toordinal() % 1000}\npages:\n{pages}"
    for path, a in articles.items():
        day, slug = path.strip("/").split("/")
        files[f"content/{day}/{slug}.md"] = article(a["title"], a["n"], a["body"])
    return files


def oracle(articles: dict[str, dict], query: str, **only) -> set[str]:
    terms = fold(query).split()
    return {
        path
        for path, a in articles.items()
        if all(t in fold(a["title"] + "\n" + a["body"]) for t in terms)
        and all(a[key] == value for key, value in only.items())
    }


def queries(articles: dict[str, dict], count: int, seed: int = 7) -> list[str]:
    chooser = random.Random(seed)
    texts = [a["title"] + a["body"] for a in articles.values()]
    out = ["网格", "胡柚 台风", "nba", "ＮＢＡ", "5g", "不存在的字", "网格 医保 党员", "格价"]
    while len(out) < count:
        text = chooser.choice(texts)
        size = chooser.randint(1, 7)
        start = chooser.randrange(len(text) - size + 1)
        out.append(text[start : start + size])
    return out


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    articles = corpus()
    root = write_files(tmp_path_factory.mktemp("search") / "paper", site_files(articles))
    report = run_build(root, search=True)
    assert not report.failed, report.diagnostics
    with serve(root / "site") as url:
        yield url, articles


def results(page) -> tuple[int, list[str]]:
    """The count shown and every hit's link, after "更多结果" until all are shown."""
    page.wait_for_selector("#search-count")
    count = int(page.locator("#search-count").get_attribute("data-count"))
    more = page.locator(".search-more")
    while more.count():
        shown = page.locator("#search-results li").count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('#search-results li').length > n", arg=shown)
    links = page.locator("#search-results li a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    return count, links


def search(page, url: str, query: str, extra: str = "") -> tuple[int, list[str]]:
    page.goto(f"{url}search/?q={quote(query)}{extra}")
    return results(page)


@pytest.mark.parametrize("kind", ["phone", "desktop"])
def test_counts_and_hits_are_the_brute_force_scan(browser, corpus_site, kind):  # noqa: F811
    url, articles = corpus_site
    page = open_page(browser, kind)
    for query in queries(articles, 36 if kind == "desktop" else 12):
        count, links = search(page, url, query)
        expected = {"/paper/" + path for path in oracle(articles, query)}
        assert count == len(expected) and len(links) == count and set(links) == expected, query
        assert page.locator("#search-q").input_value() == query
    assert page.errors == []
    page.context.close()


def test_the_terms_are_marked_and_hits_come_in_pages_of_ten(browser, corpus_site):  # noqa: F811
    url, articles = corpus_site
    page = open_page(browser, "desktop")
    page.goto(f"{url}search/?q={quote('网格')}")
    page.wait_for_selector("#search-count")
    expected = oracle(articles, "网格")
    assert len(expected) > 10
    assert page.locator("#search-results li").count() == 10
    assert "还有" in page.locator(".search-more").inner_text()
    marks = page.locator("#search-results mark").all_inner_texts()
    assert marks and {fold(m) for m in marks} == {"网格"}
    page.locator(".search-more").click()
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 10")
    assert page.evaluate("document.activeElement.closest('#search-results li') !== null")  # focus on the new hits
    page.goto(f"{url}search/?q={quote('ＮＢＡ')}")  # full-width query: the half-width text marked
    page.wait_for_selector("#search-count")
    assert {m.lower() for m in page.locator("#search-results mark").all_inner_texts()} == {"nba"}
    page.context.close()


def test_filters_and_the_query_in_the_url(browser, corpus_site):  # noqa: F811
    url, articles = corpus_site
    page = open_page(browser, "phone")
    count, _links = search(page, url, "党员")
    assert count == len(oracle(articles, "党员"))
    page.get_by_label("年份").select_option("2023")
    page.wait_for_function("() => location.search.includes('year=2023')")
    count, links = results(page)
    expected = {"/paper/" + p for p in oracle(articles, "党员", year=2023)}
    assert count == len(expected) and set(links) == expected
    page.get_by_label("版面").select_option("综合")
    page.wait_for_function("() => location.search.includes('page=')")
    shared = page.url  # the link a reader would share
    count, links = results(page)
    expected = {"/paper/" + p for p in oracle(articles, "党员", year=2023, page="综合")}
    assert count == len(expected) and set(links) == expected
    other = open_page(browser, "desktop")
    other.goto(shared)
    assert results(other) == (count, links)
    assert other.get_by_label("年份").input_value() == "2023"
    box = page.get_by_label("搜索本报文章")
    box.fill("乡村")
    box.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '乡村'")
    count, links = results(page)
    assert set(links) == {"/paper/" + p for p in oracle(articles, "乡村", year=2023, page="综合")}
    assert page.errors == [] and other.errors == []
    page.context.close()
    other.context.close()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def a_readers_searches(page, url: str, articles: dict[str, dict]) -> None:
    """A query from a link, one typed, all its hits paged through, the filters
    and the order changed: each count and list that of the brute-force scan."""
    count, links = search(page, url, "网格")
    assert count == len(links) == len(oracle(articles, "网格")) > 10
    box = page.get_by_label("搜索本报文章")
    for query in ["胡柚 台风", "振兴价", "不存在的字", "ＮＢＡ"]:
        box.fill(query)
        box.press("Enter")
        page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=query)
        count, links = results(page)
        assert count == len(links) and set(links) == {"/paper/" + p for p in oracle(articles, query)}, query
    box.fill("党员")
    box.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '党员'")
    results(page)
    page.get_by_label("年份").select_option("2024")
    page.wait_for_function("() => location.search.includes('year=2024')")
    page.get_by_label("版面").select_option("要闻")
    page.wait_for_function("() => location.search.includes('page=')")
    page.get_by_label("排序").select_option("title")
    page.wait_for_function("() => location.search.includes('sort=title')")
    count, links = results(page)
    assert set(links) == {"/paper/" + p for p in oracle(articles, "党员", year=2024, page="要闻")}


def test_every_request_of_the_search_page_goes_to_this_site(browser, corpus_site):  # noqa: F811
    url, articles = corpus_site
    page = open_page(browser, "desktop")
    requests = []
    page.context.on("request", lambda request: requests.append(request.url))
    a_readers_searches(page, url, articles)
    assert any("/search/index/" in r for r in requests) and any("search-engine.js" in r for r in requests)
    assert [r for r in requests if not r.startswith(url)] == []  # this origin, under the paper's path
    assert page.errors == []
    page.context.close()


def test_search_works_with_nothing_but_this_site_reachable(browser, corpus_site):  # noqa: F811
    url, articles = corpus_site
    page = open_page(browser, "phone")
    cut = []

    def only_this_site(route):
        if origin(route.request.url) == origin(url):
            route.continue_()
        else:
            cut.append(route.request.url)
            route.abort("internetdisconnected")

    page.context.route("**/*", only_this_site)
    for query in queries(articles, 12, seed=11):
        count, links = search(page, url, query)
        assert count == len(links) == len(oracle(articles, query)), query
    a_readers_searches(page, url, articles)
    assert cut == [] and page.errors == []
    page.context.close()


def test_pages_other_than_search_load_no_search_code(browser, corpus_site):  # noqa: F811
    url, _articles = corpus_site
    page = open_page(browser, "desktop")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    seen, todo = set(), [url, url + "404.html"]
    while todo and len(seen) < 40:  # every kind of page: editions, pages, articles, archive, calendar, tags
        at = todo.pop(0)
        if at in seen or at.startswith(url + "search/"):
            continue
        seen.add(at)
        page.goto(at)
        links = page.locator("a[href]").evaluate_all("as => as.map(a => a.href.split('#')[0])")
        todo += [link for link in links if link.startswith(url) and link.endswith("/")]
    kinds = {urlsplit(u).path.removeprefix("/paper/").split("/")[0][:4] for u in seen}
    assert {"", "2024", "2023", "arch", "tags", "404."} <= kinds
    assert [r for r in requests if "search" in urlsplit(r).path] == []
    page.goto(url + "search/?q=网格")  # and the search page does load it
    page.wait_for_selector("#search-count")
    assert any(urlsplit(r).path.endswith("/search-engine.js") for r in requests)
    page.context.close()


def test_a_double_click_on_more_shows_each_hit_once(browser, corpus_site):  # noqa: F811
    url, articles = corpus_site
    page = open_page(browser, "desktop")
    page.goto(f"{url}search/?q={quote('的')}")
    page.wait_for_selector("#search-count")
    held = []  # a slow line: the next hits' texts are still on their way at the second click
    page.context.route("**/search/index/**", lambda route: held.append(route))
    page.locator(".search-more").dblclick()
    for _ in range(100):  # the held request reaches this process a moment after the click, later on a loaded machine
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the next ten hits needed no new file: nothing to wait for"
    for route in held:
        route.continue_()
    page.context.unroute("**/search/index/**")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 10")
    page.wait_for_timeout(300)
    links = page.locator("#search-results li a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    total = len(oracle(articles, "的"))
    assert total > 10 and len(links) == len(set(links)) == min(total, 20)
    assert page.locator(".search-more").count() == (total > 20)
    assert page.errors == []
    page.context.close()


def test_a_snippet_never_cuts_a_rare_character_in_two(browser, tmp_path):  # noqa: F811
    """A character beyond the BMP (rare ones, as in names) is two UTF-16
    units in the browser: a snippet cut between them would show a broken
    glyph. Bodies whose cut, before and after the term, falls at each
    parity."""
    articles = {
        f"{DAYS[0]}/r{k}{j}/": {
            "title": f"𠀀网格{k}",
            "body": "𠀀" * 30 + "a" * k + "网格" + "b" * j + "𡘙" * 70,
            "n": 1,
        }
        for k in range(2)
        for j in range(2)
    }
    root = write_files(tmp_path / "paper", site_files(articles))
    assert not run_build(root, search=True).failed
    with serve(root / "site") as url:
        page = open_page(browser, "phone")
        count, links = search(page, url, "网格")
        assert count == len(links) == 4
        broken = "/[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]/"
        summaries = page.locator(".search-result__summary")
        assert summaries.evaluate_all(f"ps => ps.map(p => {broken}.test(p.textContent))") == [False] * 4
        texts = summaries.all_inner_texts()
        assert all(t.startswith("…𠀀") and "网格" in t and t.endswith("𡘙…") for t in texts), texts
        assert page.errors == []
        page.context.close()
