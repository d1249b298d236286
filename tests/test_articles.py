import datetime as dt

from newsgen.content.articles import parse_article
from newsgen.content.model import Contributor

DATE = dt.date(2024, 1, 10)
REL = "content/2024-01-10/a.md"


def parse(text: str):
    return parse_article(text.encode("utf-8"), REL, DATE)


def messages(text: str) -> list[str]:
    _article, problems = parse(text)
    return [str(p) for p in problems]


def test_every_key_of_the_spec():
    article, problems = parse(
        "---\ntitle: 医保政策宣传进万家\nkicker: 余庆县医疗保障局\nsubtitle: 副题\npage: 3\norder: 5\n"
        "kind: article\nbyline: [袁瑶, {name: 张婷, role: 记者}]\ndateline: 本报讯\nimage: 2024-01-10/a.jpg\n"
        "caption: 图说\ntags: [医保, 民生]\nslug: yibao\narea: [10, 20, 30.5, 40]\ndraft: false\n---\n正文\n"
    )
    assert problems == []
    assert article.title == "医保政策宣传进万家" and article.kicker == "余庆县医疗保障局"
    assert article.page == 3 and article.order == 5 and article.slug == "yibao"
    assert article.byline == (Contributor("袁瑶"), Contributor("张婷", "记者"))
    assert article.tags == ("医保", "民生") and article.area == (10.0, 20.0, 30.5, 40.0)
    assert article.body == "正文\n" and article.body_line == 17


def test_slug_defaults_to_file_stem():
    article, _ = parse("---\ntitle: 标题\npage: 1\n---\n")
    assert article.slug == "a"


def test_unknown_key_with_hint():
    assert messages("---\ntitle: 标题\npage: 1\nsubtitel: x\n---\n") == [
        f"{REL}:4:1: error: unknown key 'subtitel' (did you mean 'subtitle'?)"
    ]


def test_missing_required_keys():
    assert messages("---\nkicker: 引题\n---\n") == [
        f"{REL}:2:1: error: missing required key 'title'",
        f"{REL}:2:1: error: missing required key 'page'",
    ]


def test_wrong_type_for_page():
    assert messages("---\ntitle: 标题\npage: three\n---\n") == [
        f"{REL}:3:1: error: 'page' must be a whole number, not 'three'"
    ]


def test_bad_byline_entry_points_at_its_line():
    assert messages("---\ntitle: 标题\npage: 1\nbyline:\n  - 张婷\n  - {who: 李四}\n---\n") == [
        f"{REL}:6: error: byline entry 2 must be a name or {{name, role}}, not a mapping"
    ]


def test_unknown_kind():
    assert messages("---\ntitle: 标题\npage: 1\nkind: pictur\n---\n") == [
        f"{REL}:4:1: error: kind must be one of article, picture, banner, notice, not 'pictur' "
        "(did you mean 'picture'?)"
    ]


def test_picture_needs_image():
    assert messages("---\ntitle: 图片新闻\npage: 1\nkind: picture\n---\n") == [
        f"{REL}:2:1: error: a picture needs an 'image'"
    ]


def test_missing_front_matter():
    assert messages("只有正文\n") == [
        f"{REL}:1:1: error: the file must start with a '---' line opening the front matter"
    ]


def test_unclosed_front_matter():
    assert messages("---\ntitle: 标题\n") == [f"{REL}:2:1: error: the front matter is not closed by a '---' line"]


def test_yaml_error_position_is_in_the_file():
    assert messages("---\ntitle: 标题\npage: 1\ntags: [a, b\n---\n")[0].startswith(f"{REL}:5:")


def test_area_must_fit_the_page():
    assert messages("---\ntitle: 标题\npage: 1\narea: [90, 10, 20, 10]\n---\n") == [
        f"{REL}:4:1: error: area [90, 10, 20, 10] does not fit on the page (percent from 0 to 100)"
    ]


def test_digit_slug_is_reserved_for_pages():
    assert messages("---\ntitle: 标题\npage: 1\nslug: '03'\n---\n") == [
        f"{REL}:4:1: error: slug '03' is all digits, which is reserved for page (版) URLs (add a letter, e.g. 'a03')"
    ]


def test_slug_cannot_leave_its_folder():
    assert messages("---\ntitle: 标题\npage: 1\nslug: ../../etc\n---\n") == [
        f"{REL}:4:1: error: slug '../../etc' cannot be used in a URL (use letters, digits and '-')"
    ]


def test_all_problems_of_a_file_together():
    assert len(messages("---\ntitle: 标题\npage: x\nkind: y\ntags: 3.5\ntitel: z\n---\n")) == 4


# ---- forms an editor obviously means: understood, and noted --------------


def test_tags_typed_as_one_text_are_split_and_noted():
    for typed in ("时政、会议", "时政, 会议", "时政，会议", "时政 、 会议"):
        article, problems = parse(f"---\ntitle: 标题\npage: 1\ntags: {typed}\n---\n")
        assert article.tags == ("时政", "会议")
        assert [str(p) for p in problems] == [
            f"{REL}:4:1: note: tags '{typed}' read as a list (to say so: tags: [时政, 会议])"
        ]
    article, problems = parse("---\ntitle: 标题\npage: 1\ntags: 时政\n---\n")
    assert article.tags == ("时政",) and problems == []


def test_byline_typed_as_printed_is_read_with_the_credit_rules():
    from newsgen.newspaper.bylines import format_byline

    article, problems = parse("---\ntitle: 标题\npage: 1\nbyline: 本报记者 张婷 通讯员 刘洋\n---\n")
    assert article.byline == (Contributor("张婷", "记者"), Contributor("刘洋", "通讯员"))
    assert [str(p) for p in problems] == [
        f"{REL}:4:1: note: byline '本报记者 张婷 通讯员 刘洋' read as a printed credit "
        "(to say so: byline: [{name: 张婷, role: 记者}, {name: 刘洋, role: 通讯员}])"
    ]
    assert format_byline(article.byline) == "本报记者 张婷 通讯员 刘洋"
    assert format_byline(article.byline, "本报讯") == "本报讯（记者 张婷 通讯员 刘洋）"


def test_a_plain_name_is_not_noted():
    for byline in ("张婷", "John Smith", "[袁瑶, 马红梅]"):
        _article, problems = parse(f"---\ntitle: 标题\npage: 1\nbyline: {byline}\n---\n")
        assert problems == []


def test_role_written_as_printed_is_normalised():
    from newsgen.newspaper.bylines import format_byline

    article, problems = parse(
        "---\ntitle: 标题\npage: 1\ndateline: 本报讯\nbyline: {name: 张婷, role: 本报记者}\n---\n"
    )
    assert article.byline == (Contributor("张婷", "记者"),)
    assert format_byline(article.byline, article.dateline) == "本报讯（记者 张婷）"
    assert [p.message for p in problems] == ["role '本报记者' read as '记者'"]


def test_wrong_types_name_the_expected_form():
    assert messages("---\ntitle: 标题\npage: 1\ntags: {时政: 1}\n---\n") == [
        f"{REL}:4:1: error: tags must be a list of words, not a mapping (e.g. tags: [时政, 会议])"
    ]
    assert messages("---\ntitle: 标题\npage: 1\nbyline: 3\n---\n") == [
        f"{REL}:4:1: error: byline must be a list of names or {{name, role}} entries, not 3 "
        "(e.g. byline: [袁瑶, {name: 张婷, role: 记者}])"
    ]
