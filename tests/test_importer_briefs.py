"""The text importer on what real pages still tripped it on: briefs in
every form papers print them, a page header line, jump lines."""

from __future__ import annotations

import textwrap

import pytest

from newsgen.importer.text import parse_page


def articles(text: str, **options):
    return parse_page(textwrap.dedent(text), **options).articles


def one(text: str, **options):
    found = articles(text, **options)
    assert len(found) == 1, [a.title for a in found]
    return found[0]


def names(article):
    return [(p.name, p.role) for p in article.byline]


# ---------------------------------------------------------------- briefs in every form and the header line

BRIEFS = [
    ("我县召开安全生产会议", "1月8日，我县召开安全生产工作会议。", "王五"),
    ("花山乡开展义诊", "1月9日，县医院专家到花山乡开展义诊。", "李二"),
]


@pytest.mark.parametrize(
    "form, label",
    [
        ("## 短讯\n\n" + "\n\n".join(f"**{t}**　{b}（{n}）" for t, b, n in BRIEFS), "短讯"),
        ("简讯\n\n" + "\n\n".join(f"{t}\n\n{b}（{n}）" for t, b, n in BRIEFS), "简讯"),
        ("【快讯】\n\n" + "\n\n".join(f"### {t}\n\n{b}（{n}）" for t, b, n in BRIEFS), "快讯"),
        ("# 头条\n\n正文。\n\n（张三）\n\n" + "\n\n".join(f"**{t}**　{b}（{n}）" for t, b, n in BRIEFS), ""),
        ("# 头条\n\n正文。\n\n（张三）\n\n" + "\n\n".join(f"{t}\n{b}（{n}）" for t, b, n in BRIEFS), ""),
        ("# 头条\n\n正文。\n\n（张三）\n\n" + "\n\n".join(f"### {t}\n\n{b}（{n}）" for t, b, n in BRIEFS), ""),
    ],
)
def test_each_brief_is_its_own_article_with_its_own_credit(form, label):
    found = [a for a in articles(form) if a.title != "头条"]
    assert [(a.kicker, a.title, names(a), a.body) for a in found] == [(label, t, [(n, "")], (b,)) for t, b, n in BRIEFS]


@pytest.mark.parametrize(
    "line, header, editor",
    [
        ("2024年1月10日 星期三  第3版", {"date": "2024-01-10", "number": 3}, ""),
        ("2024年1月10日 星期三  第3版 综合", {"date": "2024-01-10", "number": 3, "name": "综合"}, ""),
        ("第三版  要闻   责任编辑：骆　艳", {"number": 3, "name": "要闻"}, "骆艳"),
    ],
)
def test_a_header_line_at_the_top_is_the_pages_not_an_article(line, header, editor):
    page = parse_page(f"{line}\n\n# 第一篇\n\n正文。\n")
    assert (page.header, page.editor) == (header, editor)
    assert [(a.title, a.body) for a in page.articles] == [("第一篇", ("正文。",))]


def test_a_headline_that_names_a_page_is_not_a_header_line():
    page = parse_page("## 第3版改版说明\n\n正文。\n")
    assert page.header is None and page.articles[0].title == "第3版改版说明"


@pytest.mark.parametrize("jump", ["（下转第二版）", "(下转第2版)", "（转第 3 版）"])
def test_jump_lines_leave_the_text_and_end_the_story_on_this_page(jump):
    found = articles(f"# 题\n\n会议要求，抓好落实。\n\n{jump}\n\n## 下一篇\n\n正文。（张三）\n")
    assert [(a.title, a.body) for a in found] == [("题", ("会议要求，抓好落实。",)), ("下一篇", ("正文。",))]
    glued = one(f"# 题\n\n（上接第一版）会议指出，要加强领导。\n\n会议要求，抓好落实。{jump}\n")
    assert glued.body == ("会议指出，要加强领导。", "会议要求，抓好落实。")
