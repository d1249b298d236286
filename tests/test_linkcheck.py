from urllib.parse import urljoin, urlsplit

from conftest import article, run_build, write_files
from hypothesis import given
from hypothesis import strategies as st

from newsgen.build.phases import BuildOptions, build
from newsgen.render.links import Site, check_links, extract, markdown_links, target_of

SITE = Site("https://a.org/paper/", "/paper/")


def test_extract_links_ids_and_srcset():
    links, ids = extract(
        '<a href="/paper/x/">x</a><h2 id="section-1">t</h2>'
        '<img src="/paper/i.jpg" srcset="/paper/i-480.jpg 480w, /paper/i-960.jpg 960w">'
    )
    assert links == ("/paper/x/", "/paper/i.jpg", "/paper/i-480.jpg", "/paper/i-960.jpg")
    assert ids == ("section-1",)


def test_targets():
    assert target_of("/paper/2024-01-10/", "index.html", SITE) == ("2024-01-10/index.html", "")
    assert target_of("https://a.org/paper/feed.xml", "index.html", SITE) == ("feed.xml", "")
    assert target_of("#fn:1", "2024-01-10/a/index.html", SITE) == ("2024-01-10/a/index.html", "fn:1")
    assert target_of("https://other.org/", "index.html", SITE) is None
    assert target_of("mailto:x@y.org", "index.html", SITE) is None


def test_broken_links_and_anchors_name_the_source():
    pages = {
        "index.html": (("/paper/2024-01-10/a/", "/paper/gone/", "/paper/2024-01-10/a/#section-9"), ()),
        "2024-01-10/a/index.html": (("#section-1",), ("section-1",)),
    }
    files = {"index.html", "2024-01-10/a/index.html"}
    problems = check_links(pages, files, {"2024-01-10/a/index.html": "content/2024-01-10/a.md"}, SITE)
    assert [str(p) for p in problems] == [
        "index.html: error: index.html: link to /paper/gone/ points to no file",
        "index.html: error: index.html: link to /paper/2024-01-10/a/#section-9 points to no anchor 'section-9'",
    ]


# ---- ../ links, and broken links at the line and column they were written ----

SEGMENT = st.sampled_from(["..", ".", "a", "03", "2024-01-09", ""])


@given(st.lists(SEGMENT, min_size=1, max_size=6), st.sampled_from(["2024-01-10/a/index.html", "index.html"]))
def test_relative_links_resolve_as_a_browser_resolves_them(segments, page):
    link = "/".join(segments)
    if not link or link.startswith("/"):
        return
    folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
    resolved = urlsplit(urljoin(f"https://a.org/paper/{folder}", link)).path  # the oracle: urljoin
    target = target_of(link, page, SITE)
    if resolved.startswith("/paper/"):
        rest = resolved[len("/paper/") :]
        assert target == (rest + "index.html" if rest == "" or rest.endswith("/") else rest, "")
    else:
        assert target[0] not in {"index.html", "2024-01-10/a/index.html"} and target[0].startswith("../")


def test_markdown_links_are_found_at_their_line_and_column():
    body = "正文见[第3版](../03/)。\n\n又见[参考][1]和<a href='../x/'>x</a>\n\n[1]: /paper/y/\n"
    assert markdown_links(body, 7) == [("../03/", 7, 10), ("../x/", 9, 20), ("/paper/y/", 11, 6)]


def link_site(tmp_path, body):
    return write_files(
        tmp_path / "paper",
        {
            "newsgen.yaml": "title: 遵义日报\nbase_url: https://news.example.org/paper/\n",
            "content/2024-01-10/edition.yaml": "date: 2024-01-10\npages:\n  - number: 1\n    name: 要闻\n"
            "  - number: 3\n    name: 综合\n",
            "content/2024-01-10/a.md": article("标题", 1, body),
            "content/2024-01-10/b.md": article("另一篇", 3, "正文。"),
        },
    )


def test_dot_dot_links_in_bodies_pass_a_strict_build(tmp_path):
    root = link_site(tmp_path, "见[第3版](../03/)和[另一篇](../b/)。")
    report = run_build(root, strict=True)
    assert not report.failed, [str(d) for d in report.diagnostics]
    check = build(BuildOptions(root=root, strict=True, write=False, jobs=1))
    assert not check.failed, [str(d) for d in check.diagnostics]


def test_a_broken_link_is_reported_where_it_was_written(tmp_path):
    root = link_site(tmp_path, "第一段。\n\n第二段见[旧文](../gone/)。")
    expected = "content/2024-01-10/a.md:7:10: error: link to ../gone/ points to no file"
    report = run_build(root, strict=True)
    assert report.failed and expected in [str(d) for d in report.diagnostics]
    assert not (root / "site").exists()
    check = build(BuildOptions(root=root, strict=True, write=False, jobs=1))
    assert [str(d) for d in check.diagnostics] == [expected]
    assert not build(BuildOptions(root=root, write=False, jobs=1)).failed  # links are checked under --strict
