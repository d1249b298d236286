"""Nothing published by accident: drafts and embargoes judged at the
build's "now", and the checks of an unfinished edition."""

import datetime as dt

from conftest import EDITION, article, basic_files, run_build, tree_digest, write_files
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.cli import main
from newsgen.content.editions import CHINA
from newsgen.content.model import Edition, EditionContent, PrintPage, Site
from newsgen.content.publishing import holds, publish, window

TOMORROW = "2024-01-11"
EMBARGOED = EDITION.replace("2024-01-10", TOMORROW).replace("3456", "3457")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def two_editions(tmp_path, extra: str = "publish_at: 2024-01-11T06:00+08:00\n"):
    files = basic_files()
    files[f"content/{TOMORROW}/edition.yaml"] = EMBARGOED + extra
    files[f"content/{TOMORROW}/toutiao.md"] = article("明日头条", 1, "明天的新闻。")
    files[f"content/{TOMORROW}/zonghe.md"] = article("明日综合", 2, "明天的综合。")
    return write_files(tmp_path / "paper", files)


def messages(report) -> list[str]:
    return [str(d) for d in report.diagnostics]


def test_an_embargoed_edition_appears_when_due_at_two_values_of_now(tmp_path, capsys):
    root = two_editions(tmp_path)
    assert main(["build", "--root", str(root), "--strict", "--now", "2024-01-11T05:59+08:00"]) == 0
    home = (root / "site/index.html").read_text("utf-8")
    assert "明日头条" not in home and "“小网格”里见“大民生”" in home
    assert not (root / "site" / TOMORROW).exists()
    assert "明日头条" not in (root / "site/feed.xml").read_text("utf-8")
    # The same files at a later "now": the scheduled rebuild publishes it.
    assert main(["build", "--root", str(root), "--strict", "--now", "2024-01-11T06:00+08:00"]) == 0
    home = (root / "site/index.html").read_text("utf-8")
    assert "明日头条" in home
    assert (root / "site" / TOMORROW / "toutiao/index.html").is_file()
    assert "明日头条" in (root / "site/feed.xml").read_text("utf-8")
    # and back: "now" is an input, not a one-way latch
    assert main(["build", "--root", str(root), "--now", "2024-01-10T12:00+08:00"]) == 0
    assert "明日头条" not in (root / "site/index.html").read_text("utf-8")


def test_the_same_now_gives_the_same_site_and_a_time_without_offset_is_beijing_time(tmp_path):
    root = two_editions(tmp_path)
    first = run_build(root, out=tmp_path / "a", now=at("2024-01-10T22:30:00+00:00"))  # 06:30 北京时间
    second = run_build(root, out=tmp_path / "b", now=at("2024-01-11T06:30:00+08:00"))
    assert not first.failed and first.editions == second.editions == 2
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    root2 = two_editions(tmp_path / "x", "publish_at: 2024-01-11 06:00\n")
    assert run_build(root2, now=at("2024-01-10T21:59:00+00:00")).editions == 1
    assert run_build(root2, now=at("2024-01-10T22:00:00+00:00")).editions == 2


def test_a_draft_edition_is_left_out_unless_drafts_are_asked_for(tmp_path):
    root = two_editions(tmp_path, "draft: true\n")
    report = run_build(root, now=at("2030-01-01T00:00+08:00"))
    assert report.editions == 1 and not (root / "site" / TOMORROW).exists()
    report = run_build(root, drafts=True, now=at("2024-01-10T08:00+08:00"))
    assert report.editions == 2 and (root / "site" / TOMORROW / "toutiao/index.html").is_file()
    assert "明日头条" in (root / "site/index.html").read_text("utf-8")


def test_draft_and_publish_at_of_the_wrong_type_are_errors(tmp_path):
    root = two_editions(tmp_path, "draft: 是\npublish_at: 明天早上\n")
    report = run_build(root)
    assert messages(report) == [
        "content/2024-01-11/edition.yaml:9:1: error: draft must be true or false, not '是'",
        "content/2024-01-11/edition.yaml:10:1: error: publish_at must be a date and time such as "
        "2024-01-10T06:00+08:00, not '明天早上'",
    ]


def test_a_new_edition_for_tomorrow_fails_a_strict_build(tmp_path, capsys):
    """The finding: `newsgen new edition <tomorrow> && newsgen build --strict` went live."""
    root = write_files(tmp_path / "paper", basic_files())
    assert main(["new", "edition", TOMORROW, "--root", str(root)]) == 0
    assert main(["build", "--root", str(root), "--strict", "--now", "2024-01-10T18:00+08:00"]) == 1
    err = capsys.readouterr().err
    assert (
        "content/2024-01-11/edition.yaml:1:1: error: edition 2024-01-11 is dated after today and would be"
        " published now (mark it draft: true, or give it publish_at: 2024-01-11T06:00+08:00)"
    ) in err
    assert "content/2024-01-11/edition.yaml:5:1: error: edition 2024-01-11 has no articles" in err
    assert not (root / "site").exists()  # nothing published
    # without --strict: warnings, and the edition is built as before
    assert main(["build", "--root", str(root), "--now", "2024-01-10T18:00+08:00"]) == 0


def test_the_scaffold_placeholders_fail_a_strict_build(tmp_path, capsys):
    root = write_files(tmp_path / "paper", basic_files())
    assert main(["new", "article", "2024-01-10", "xin", "--page", "1", "--root", str(root)]) == 0
    assert main(["build", "--root", str(root), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "content/2024-01-10/xin.md:2:1: error: placeholder text '在此填写标题' is still in title" in err
    assert "content/2024-01-10/xin.md:6:1: error: placeholder text '记者姓名' is still in byline" in err
    assert "content/2024-01-10/xin.md:11:1: error: placeholder text '在此填写正文。' is still the body" in err


def test_strict_checks_of_an_unfinished_edition(tmp_path):
    files = basic_files()
    files["content/2024-01-10/edition.yaml"] = EDITION + "  - number: 3\n    name: 专版\n"
    files["content/2024-01-10/dup.md"] = article("同序", 1, "正文内容。", order=1, area="[0, 0, 10, 10]")
    files["content/2024-01-09/edition.yaml"] = EDITION.replace("2024-01-10", "2024-01-09")
    files["content/2024-01-09/a.md"] = article("一", 1, "内容。")
    files["content/2024-01-09/b.md"] = article("二", 2, "内容。")
    root = write_files(tmp_path / "paper", files)
    report = run_build(root)
    assert not report.failed
    assert messages(report) == [
        "content/2024-01-10/dup.md:5:1: warning: area has no page image to sit on: 第01版 has no scan"
        " (give the page a scan in edition.yaml, or remove the area)",
        "content/2024-01-10/edition.yaml:2:1: warning: issue number 3456 is also that of"
        " content/2024-01-09/edition.yaml",
        "content/2024-01-10/edition.yaml:9:1: warning: 第03版 has no articles",
        "content/2024-01-10/wangge.md:5:1: warning: order 1 is also the order of content/2024-01-10/dup.md on 第01版",
    ]
    strict = run_build(root, strict=True, out=tmp_path / "strict")
    assert strict.failed and len(strict.diagnostics) == 4 and not (tmp_path / "strict").exists()


# The oracle: which editions a build publishes, the obvious way.
TIMES = st.datetimes(dt.datetime(2024, 1, 8), dt.datetime(2024, 1, 14), timezones=st.just(CHINA))
EDITIONS = st.lists(
    st.tuples(st.integers(8, 13), st.booleans(), st.one_of(st.none(), TIMES)),
    max_size=5,
    unique_by=lambda e: e[0],
)


def site_of(specs) -> Site:
    return Site(
        tuple(
            EditionContent(Edition(dt.date(2024, 1, day), (PrintPage(1, "要闻"),), None, f"e{day}", draft, when), ())
            for day, draft, when in sorted(specs)
        )
    )


@settings(max_examples=300, deadline=None)
@given(EDITIONS, TIMES, st.booleans())
def test_published_editions_are_those_the_rule_says(specs, now, drafts):
    shown = publish(site_of(specs), now, drafts)
    expected = [day for day, draft, when in sorted(specs) if drafts or (not draft and (when is None or when <= now))]
    assert [c.edition.date.day for c in shown.site.editions] == expected


@settings(max_examples=300, deadline=None)
@given(EDITIONS, TIMES, TIMES, st.booleans())
def test_within_one_window_every_now_gives_the_same_result(specs, now, other, drafts):
    """The build's manifest trusts its output while "now" stays in the window."""
    site = site_of(specs)
    if holds(window(site, now), other):
        assert publish(site, now, drafts) == publish(site, other, drafts)
