from newsgen.render.links import Site, check_links, extract, target_of

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
