import datetime as dt

from newsgen import urls
from newsgen.build.plan.site import pagination
from newsgen.urls import Linker

LINKER = Linker("https://a.org/paper/", "/paper/")
DAY = dt.date(2024, 1, 10)


def test_scheme():
    assert urls.edition_path(DAY) == "2024-01-10/"
    assert urls.page_path(DAY, 3) == "2024-01-10/03/"
    assert urls.article_path(DAY, "yibao") == "2024-01-10/yibao/"
    assert urls.archive_path(1) == "archive/" and urls.archive_path(3) == "archive/3/"
    assert urls.output_file("2024-01-10/03/") == "2024-01-10/03/index.html"
    assert urls.output_file("feed.xml") == "feed.xml"


def test_links_live_under_the_base_path():
    assert LINKER.url("2024-01-10/") == "/paper/2024-01-10/"
    assert LINKER.absolute("tags/医保/") == "https://a.org/paper/tags/%E5%8C%BB%E4%BF%9D/"


def test_tags_share_a_folder_when_they_differ_only_in_case_or_width():
    assert urls.tag_key("COVID") == urls.tag_key("covid") == urls.tag_key("ＣＯＶＩＤ")
    assert urls.tag_key("../etc") == "etc"
    assert urls.tag_key("a/b c") == "a-b-c"


def test_pagination_windows_and_neighbours():
    pages = pagination(95, 10, "archive/", LINKER)
    assert len(pages) == 10
    first, fifth, last = pages[0], pages[4], pages[9]
    assert first["prev_url"] == "" and first["next_url"] == "/paper/archive/2/"
    assert [link["number"] for link in fifth["links"]] == [1, 0, 3, 4, 5, 6, 7, 0, 10]
    assert [link["number"] for link in fifth["links"] if link["current"]] == [5]
    assert last["next_url"] == "" and last["prev_url"] == "/paper/archive/9/"
    assert pagination(0, 10, "archive/", LINKER)[0]["total"] == 1
