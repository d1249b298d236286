import datetime as dt

from newsgen.content.editions import parse_edition

DATE = dt.date(2024, 1, 10)
REL = "content/2024-01-10/edition.yaml"


def parse(text):
    edition, problems = parse_edition(text.encode(), REL, DATE)
    return edition, [str(p) for p in problems]


def test_pages_in_print_order():
    edition, problems = parse(
        "date: 2024-01-10\nnumber: 3456\npages:\n  - number: 1\n    name: 要闻\n"
        "    editor: 王某\n  - number: 2\n    name: 综合\n    scan: 2024-01-10/02.jpg\n"
    )
    assert problems == []
    assert [p.label for p in edition.pages] == ["第01版", "第02版"]
    assert edition.pages[0].editor == "王某" and edition.pages[1].scan == "2024-01-10/02.jpg"
    assert edition.number == 3456


def test_date_must_match_folder():
    _e, problems = parse("date: 2024-01-11\npages: [{number: 1, name: 要闻}]\n")
    assert problems == [f"{REL}:1:1: error: date 2024-01-11 does not match its folder 2024-01-10"]


def test_duplicate_page_and_unknown_page_key():
    _e, problems = parse(
        "date: 2024-01-10\npages:\n  - {number: 1, name: 要闻}\n  - {number: 1, name: 综合}\n"
        "  - {number: 2, nme: 综合}\n"
    )
    assert problems == [
        f"{REL}:4: error: page 1 is listed twice (first at line 3)",
        f"{REL}:5: error: unknown page key 'nme' (did you mean 'name'?)",
    ]


def test_missing_pages():
    _e, problems = parse("date: 2024-01-10\n")
    assert problems == [f"{REL}:1:1: error: missing required key 'pages'"]
