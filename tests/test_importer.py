"""newsgen import: raw page text -> articles. Inline input/expected pairs,
then the command on a temporary site, then the real seed page."""

from __future__ import annotations

import datetime as dt
import io
import random
import textwrap
from pathlib import Path

import pytest
import yaml

from newsgen.content.model import Contributor
from newsgen.importer.command import parse_page, punctuate, render_article_file, run_import

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_186af50a4765d005.txt"
DATE = dt.date(2024, 1, 10)


def articles(text: str, **options):
    return parse_page(textwrap.dedent(text), **options).articles


def one(text: str, **options):
    found = articles(text, **options)
    assert len(found) == 1, [a.title for a in found]
    return found[0]


def names(article):
    return [(p.name, p.role) for p in article.byline]


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


# ---------------------------------------------------------------- bylines


@pytest.mark.parametrize(
    "text, expected",
    [
        ("## 标题\n\n正文一句。\n\n(袁瑶 马红梅)\n", [("袁瑶", ""), ("马红梅", "")]),
        ("## 标题\n\n正文一句。\n\n（骆　艳　马红梅）\n", [("骆艳", ""), ("马红梅", "")]),
        ("## 标题\n\n正文一句。(陈桂良)\n", [("陈桂良", "")]),
        ("## 标题\n\n正文一句。（陈桂良）\n", [("陈桂良", "")]),
        (
            "## 标题\n\n本报记者 张婷 李明 通讯员 王五\n\n正文一句。\n",
            [("张婷", "记者"), ("李明", "记者"), ("王五", "通讯员")],
        ),
        ("## 标题\n本报记者 张婷 通讯员 王五\n\n正文一句。\n", [("张婷", "记者"), ("王五", "通讯员")]),
        ("## 标题\n\n□ 本报记者 骆　艳\n\n正文一句。\n", [("骆艳", "记者")]),
        ("## 标题\n\n见习记者 王小五 实习生 赵六\n\n正文一句。\n", [("王小五", "见习记者"), ("赵六", "实习生")]),
        ("## 标题\n\n文/图 张三\n\n正文一句。\n", [("张三", "文/图")]),
        ("## 标题\n\n正文一句。\n\n(图文 李四)\n", [("李四", "文/图")]),
        ("## 标题\n\n正文一句。\n\n记者 简星 摄\n", [("简星", "摄")]),
    ],
)
def test_byline_forms(text, expected):
    article = one(text)
    assert names(article) == expected
    assert article.body == ("正文一句。",)


@pytest.mark.parametrize(
    "opening, dateline, people, rest",
    [
        ("本报讯 (记者 张婷)为营造良好氛围。", "本报讯", [("张婷", "记者")], "为营造良好氛围。"),
        (
            "本报讯（记者 王一 通讯员 李二）1月8日，我县召开会议。",
            "本报讯",
            [("王一", "记者"), ("李二", "通讯员")],
            "1月8日，我县召开会议。",
        ),
        ("本报讯 “去年运营不错。”", "本报讯", [], "“去年运营不错。”"),
        ("本报讯 (记者 骆　艳)连日来，活动不断。", "本报讯", [("骆艳", "记者")], "连日来，活动不断。"),
    ],
)
def test_dateline_and_bracketed_byline(opening, dateline, people, rest):
    article = one(f"## 标题\n\n{opening}\n")
    assert (article.dateline, names(article), article.body) == (dateline, people, (rest,))


def test_brackets_that_are_not_credits_stay_in_the_text():
    article = one("## 标题\n\n这是2023年的事。(2023年)\n\n（完）\n")
    assert article.byline == ()
    assert article.body == ("这是2023年的事。（2023年）", "（完）")


# ---------------------------------------------------------------- headlines


@pytest.mark.parametrize(
    "headings, kicker, title, subtitle",
    [
        ("# “小网格”里见“大民生”\n\n## 汇川区党员干部下沉网格", "", "“小网格”里见“大民生”", "汇川区党员干部下沉网格"),
        ("## 黄溪村\n\n### 特色产业助乡村振兴", "黄溪村", "特色产业助乡村振兴", ""),
        ("### 坚持数字党建思维\n\n## 流动党员聚“云端”", "坚持数字党建思维", "流动党员聚“云端”", ""),
        ("## 流动党员聚“云端”\n## 教育管理更智慧", "", "流动党员聚“云端” 教育管理更智慧", ""),
        ("## 流动党员聚“云端”\n教育管理更智慧", "", "流动党员聚“云端” 教育管理更智慧", ""),
        ("## 余庆县\n## 流动党员聚“云端”", "余庆县", "流动党员聚“云端”", ""),
        ("## 冬日暖阳\n\n## ——我县开展送温暖活动", "", "冬日暖阳", "我县开展送温暖活动"),
        ("### 引题在上\n## 主题居中\n### 副题在下", "引题在上", "主题居中", "副题在下"),
        ("## 冬日暖阳\n——我县开展送温暖活动", "", "冬日暖阳", "我县开展送温暖活动"),
    ],
)
def test_headline_structure(headings, kicker, title, subtitle):
    article = one(f"{headings}\n\n正文第一段。\n")
    assert (article.kicker, article.title, article.subtitle) == (kicker, title, subtitle)
    assert article.body == ("正文第一段。",)


def test_smaller_headings_inside_an_article_are_sub_headings():
    article = one("""\
        ## 主标题

        第一段。

        ### 小标题一

        第二段。

        #### 小标题二

        第三段。
        """)
    assert article.body == ("第一段。", "### 小标题一", "第二段。", "### 小标题二", "第三段。")
    assert article.paragraphs == 3


def test_a_closing_byline_ends_the_article_even_before_a_smaller_heading():
    found = articles("# 第一篇\n\n正文。\n\n(张三)\n\n### 第二篇\n\n正文。\n")
    assert [a.title for a in found] == ["第一篇", "第二篇"]


def test_a_second_closing_credit_stays_with_its_article():
    found = articles("## 标题\n\n正文。\n\n图为活动现场。(张三 摄)\n\n(李四)\n")
    assert [(a.title, names(a)) for a in found] == [("标题", [("张三", "摄"), ("李四", "")])]


def test_a_heading_followed_by_a_dateline_starts_a_new_article():
    found = articles("# 第一篇\n\n正文。\n\n### 第二篇\n\n本报讯 正文。\n")
    assert [(a.title, a.dateline) for a in found] == [("第一篇", ""), ("第二篇", "本报讯")]


# ---------------------------------------------------------------- column breaks


def test_column_breaks_are_joined_even_inside_a_word():
    article = one("""\
        ## 标题

        汇川区将两项工作紧密结

        合，充分发挥网格优势，组建宣讲等先

        锋队伍18支。

        第二段完整。
        """)
    assert article.body == ("汇川区将两项工作紧密结合，充分发挥网格优势，组建宣讲等先锋队伍18支。", "第二段完整。")


@pytest.mark.parametrize(
    "first, second",
    [
        ("他说完了。", "第二段。"),
        ("“这是真的！”", "第二段。"),
        ("具体如下：", "一、加强领导。"),
        ("一、总体要求", "各单位要高度重视。"),
        ("有三点要求", "二、压实责任。"),
    ],
)
def test_real_paragraph_ends_are_not_joined(first, second):
    assert one(f"## 标题\n\n{first}\n\n{second}\n").body == (first, second)


def test_lines_ending_in_two_spaces_keep_their_break():
    article = one("## 春天\n\n春风吹过山岗，  \n花开满地。\n\n第二段，被排版折\n成两行。\n")
    assert article.body == ("春风吹过山岗，  \n花开满地。", "第二段，被排版折成两行。")


def test_a_sub_heading_is_never_joined_to_the_text_before_it():
    article = one("# 标题\n\n没有句号的段落\n\n### 小标题\n\n正文。\n")
    assert article.body == ("没有句号的段落", "### 小标题", "正文。")


# ---------------------------------------------------------------- punctuation


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("每餐只需8元,就能吃饱", "每餐只需8元，就能吃饱"),
        ("截至目前,200余家商铺", "截至目前，200余家商铺"),
        ("记者:张婷;通讯员:王五", "记者：张婷；通讯员：王五"),
        ("真的吗?", "真的吗？"),
        ("国内生产总值(GDP)增长", "国内生产总值（GDP）增长"),
        ("共1,000人,8:30开始", "共1,000人，8:30开始"),
        ("see http://a.cn, ok", "see http://a.cn, ok"),
    ],
)
def test_half_width_punctuation_next_to_chinese_becomes_full_width(raw, expected):
    assert punctuate(raw) == expected


def test_keep_punctuation_leaves_the_text_as_printed():
    text = "## 标题\n\n每餐只需8元,就能吃饱。\n"
    assert one(text).body == ("每餐只需8元，就能吃饱。",)
    assert one(text, keep_punctuation=True).body == ("每餐只需8元,就能吃饱。",)


# ---------------------------------------------------------------- kinds


def test_core_values_block_is_a_banner_with_hard_line_breaks():
    found = articles(
        "## 标题\n\n正文。\n\n社会主义核心价值观  \n富强 民主 文明 和谐  \n自由 平等 公正 法治  \n爱国 敬业 诚信 友善\n"
    )
    assert [a.kind for a in found] == ["article", "banner"]
    assert found[1].title == "社会主义核心价值观"
    assert found[1].body == ("富强 民主 文明 和谐  \n自由 平等 公正 法治  \n爱国 敬业 诚信 友善",)


def test_core_values_under_their_own_heading():
    banner = one("## 社会主义核心价值观\n\n富强 民主 文明 和谐\n自由 平等 公正 法治\n爱国 敬业 诚信 友善\n")
    assert (banner.kind, banner.title, banner.paragraphs) == ("banner", "社会主义核心价值观", 1)


def test_a_paragraph_quoting_the_values_is_not_a_banner():
    text = "## 标题\n\n要践行富强、民主、文明、和谐、自由、平等、公正、法治、爱国、敬业、诚信、友善。\n"
    assert one(text).kind == "article"


@pytest.mark.parametrize(
    "text, title",
    [
        ("# 手牵手参与志愿服务 心连心创造和谐环境\n", "手牵手参与志愿服务 心连心创造和谐环境"),
        ("## 标题\n\n正文。\n\n(张三)\n\n文明城市大家创 幸福生活人人享\n", "文明城市大家创 幸福生活人人享"),
        ("## 招聘启事\n\n本单位招聘编辑两名。\n", "招聘启事"),
        ("## 遗失声明\n\n张三遗失身份证，声明作废。\n", "遗失声明"),
        ("## 关于春节期间停水的通告\n\n1月12日停水一天。\n", "关于春节期间停水的通告"),
    ],
)
def test_slogans_and_notices(text, title):
    article = articles(text)[-1]
    assert (article.kind, article.title) == ("notice", title)


def test_picture_news_block():
    article = one("## 图片新闻\n\n\n\n近年来，新舟镇发展胡柚产业。图为近日,游客在采摘胡柚。\n\n(简星 摄)\n")
    assert (article.kind, article.title, names(article)) == ("picture", "图片新闻", [("简星", "摄")])
    assert article.caption == "近日，游客在采摘胡柚。"
    assert article.body == ("近年来，新舟镇发展胡柚产业。图为近日，游客在采摘胡柚。",)


def test_a_caption_with_a_photo_credit_and_no_heading_is_picture_news():
    found = articles("## 标题\n\n正文。\n\n(张三)\n\n近日，游客在新舟镇采摘胡柚。(简星 摄)\n")
    assert [(a.kind, a.title) for a in found] == [("article", "标题"), ("picture", "图片新闻")]
    assert found[1].caption == "近日，游客在新舟镇采摘胡柚。"


def test_one_picture_item_may_describe_several_photos():
    article = one("## 图片新闻\n\n我县开展冬季植树活动。上图：干部群众在植树。下图：志愿者在浇水。\n\n记者 王五 摄\n")
    assert article.caption == "上图：干部群众在植树。下图：志愿者在浇水。"
    assert names(article) == [("王五", "摄")]


def test_briefs_column_gives_one_article_per_brief():
    found = articles("""\
        ## 短讯

        ### 我县召开安全生产会议

        本报讯 1月8日，我县召开安全生产工作会议。(王五)

        【花山乡开展义诊】1月9日，县医院专家到花山乡开展义诊。

        敖溪镇举办农技培训

        本报讯（通讯员 李二）近日，敖溪镇举办培训班。
        """)
    assert [(a.kicker, a.title) for a in found] == [
        ("短讯", "我县召开安全生产会议"),
        ("短讯", "花山乡开展义诊"),
        ("短讯", "敖溪镇举办农技培训"),
    ]
    assert [names(a) for a in found] == [[("王五", "")], [], [("李二", "通讯员")]]
    assert found[0].body == ("1月8日，我县召开安全生产工作会议。",)
    assert found[1].body == ("1月9日，县医院专家到花山乡开展义诊。",)


def test_brief_titles_may_be_set_as_large_as_the_column_name():
    found = articles(
        "## 简讯\n\n## 我县召开会议\n\n本报讯 1月8日，会议召开。\n\n## 花山乡开展义诊\n\n本报讯 1月9日，义诊开展。\n"
    )
    assert [(a.kicker, a.title, a.body) for a in found] == [
        ("简讯", "我县召开会议", ("1月8日，会议召开。",)),
        ("简讯", "花山乡开展义诊", ("1月9日，义诊开展。",)),
    ]


def test_page_foot_goes_to_the_page_not_an_article():
    page = parse_page("## 标题\n\n正文。\n\n责任编辑：骆　艳 校对：李四\n")
    assert page.editor == "骆艳"
    assert ("校对", "李四") in page.credits
    assert [a.body for a in page.articles] == [("正文。",)]


# ---------------------------------------------------------------- rendering


def test_article_file_front_matter_reads_back_with_the_right_types():
    article = one("## 余庆县医疗保障局\n\n### 医保政策: 宣传“进万家”\n\n本报讯 (记者 张婷)为营造氛围。\n")
    text = render_article_file(article, DATE, 3, 5)
    assert front_matter(text) == {
        "title": "医保政策：宣传“进万家”",
        "kicker": "余庆县医疗保障局",
        "page": 3,
        "order": 5,
        "dateline": "本报讯",
        "byline": [{"name": "张婷", "role": "记者"}],
    }
    assert text.endswith("---\n\n为营造氛围。\n")


def test_markdown_markers_at_a_paragraph_start_are_escaped():
    article = one("## 标题\n\n#话题# 正文。\n\n1. 第一条。\n")
    assert article.body == ("\\#话题# 正文。", "1\\. 第一条。")


def test_values_yaml_would_misread_are_quoted():
    from newsgen.importer.command import ImportedArticle

    article = ImportedArticle(title="2024", kicker="yes", subtitle="a: b", byline=(Contributor("a, b"),))
    assert front_matter(render_article_file(article, DATE, 3, 1)) == {
        "title": "2024",
        "kicker": "yes",
        "subtitle": "a: b",
        "page": 3,
        "order": 1,
        "byline": ["a, b"],
    }


def test_picture_file_names_the_expected_photo():
    article = one("## 图片新闻\n\n图为游客在采摘胡柚。\n\n(简星 摄)\n")
    data = front_matter(render_article_file(article, DATE, 3, 4))
    assert (data["kind"], data["image"], data["byline"]) == (
        "picture",
        "2024-01-10/p03-04.jpg",
        [{"name": "简星", "role": "摄"}],
    )


# ---------------------------------------------------------------- the command

PAGE = "# 第一篇\n\n每餐只需8元,就能吃饱。\n\n(张三)\n\n## 图片新闻\n\n图为游客采摘。\n\n(简星 摄)\n\n责任编辑：王某\n"


def import_page(tmp_path, content=PAGE, encoding="utf-8", **options):
    source = tmp_path / "page.txt"
    source.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    out = io.StringIO()
    options = {"date": DATE, "page": 3, "page_name": "综合", "root": tmp_path / "site", **options}
    return run_import(source, out=out, **options), out.getvalue(), tmp_path / "site/content/2024-01-10"


def test_import_writes_one_file_per_article_and_the_edition(tmp_path):
    diagnostics, table, folder = import_page(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == ["edition.yaml", "p03-01.md", "p03-02.md"]
    assert yaml.safe_load((folder / "edition.yaml").read_text()) == {
        "date": DATE,
        "pages": [{"number": 3, "name": "综合", "editor": "王某"}],
    }
    assert "每餐只需8元，就能吃饱。" in (folder / "p03-01.md").read_text()
    assert "第一篇" in table and "简星 摄" in table and "p03-02.md" in table
    assert [d.severity for d in diagnostics] == ["warning"]  # the photo to put in place
    assert "images/2024-01-10/p03-02.jpg" in str(diagnostics[0])


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-16"])
def test_chinese_windows_encodings_are_decoded(tmp_path, encoding):
    diagnostics, _, folder = import_page(tmp_path, encoding=encoding)
    assert not any(d.is_error for d in diagnostics)
    assert "title: 第一篇" in (folder / "p03-01.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "garbage",
    [
        bytes(range(128, 256)) * 8,  # not even GB18030
        bytes(random.Random(7).randrange(0x81, 0xFF) for _ in range(2000)),  # GB18030, but not Chinese
        "## 标题\n\n正文。\x1b[0m\n".encode(),  # control characters: not page text
    ],
)
def test_bytes_that_are_not_text_are_refused_naming_the_file(tmp_path, garbage):
    diagnostics, table, folder = import_page(tmp_path, content=garbage)
    assert len(diagnostics) == 1 and diagnostics[0].is_error
    assert str(tmp_path / "page.txt") in str(diagnostics[0]) and "UTF-8" in str(diagnostics[0])
    assert table == "" and not folder.exists()


def test_dry_run_prints_the_table_and_writes_nothing(tmp_path):
    diagnostics, table, folder = import_page(tmp_path, dry_run=True)
    assert "第一篇" in table and "not written" in table
    assert not folder.exists()


def test_existing_files_are_not_overwritten_without_force(tmp_path):
    import_page(tmp_path)
    first = tmp_path / "site/content/2024-01-10/p03-01.md"
    first.write_text("edited by hand\n")
    diagnostics, _, _ = import_page(tmp_path)
    errors = [str(d) for d in diagnostics if d.is_error]
    assert errors == [
        "content/2024-01-10/p03-01.md: error: already exists; not overwritten (pass --force to replace it)",
        "content/2024-01-10/p03-02.md: error: already exists; not overwritten (pass --force to replace it)",
    ]
    assert first.read_text() == "edited by hand\n"
    diagnostics, _, _ = import_page(tmp_path, force=True)
    assert not any(d.is_error for d in diagnostics)
    assert "title: 第一篇" in first.read_text()


EDITION = """\
# 2024年1月10日 第3456期
date: 2024-01-10
number: 3456
pages:
  - number: 1
    name: 要闻     # 头版
  - number: 4
    name: 副刊
"""


def test_edition_merge_keeps_what_is_there(tmp_path):
    folder = tmp_path / "site/content/2024-01-10"
    folder.mkdir(parents=True)
    (folder / "edition.yaml").write_text(EDITION, encoding="utf-8")
    import_page(tmp_path)
    text = (folder / "edition.yaml").read_text(encoding="utf-8")
    assert text == EDITION.replace("  - number: 4", "  - number: 3\n    name: 综合\n    editor: 王某\n  - number: 4")
    assert [p["number"] for p in yaml.safe_load(text)["pages"]] == [1, 3, 4]


def test_edition_merge_appends_at_the_end_and_leaves_a_listed_page_alone(tmp_path):
    folder = tmp_path / "site/content/2024-01-10"
    folder.mkdir(parents=True)
    (folder / "edition.yaml").write_text("date: 2024-01-10\npages:\n- number: 1\n  name: 要闻\nnumber: 3456", "utf-8")
    import_page(tmp_path)
    data = yaml.safe_load((folder / "edition.yaml").read_text("utf-8"))
    assert data == {
        "date": DATE,
        "number": 3456,
        "pages": [{"number": 1, "name": "要闻"}, {"number": 3, "name": "综合", "editor": "王某"}],
    }
    before = (folder / "edition.yaml").read_text("utf-8")
    diagnostics, _, _ = import_page(tmp_path, force=True, page_name="另一个名字")
    assert (folder / "edition.yaml").read_text("utf-8") == before
    assert any("already listed" in str(d) for d in diagnostics)


# ---------------------------------------------------------------- the seed page


def test_seed_page_gives_the_seven_articles():
    page = parse_page(SEED.read_text(encoding="utf-8"))
    found = page.articles
    assert [(a.kind, a.kicker, a.title, a.subtitle, a.dateline, names(a)) for a in found] == [
        (
            "article",
            "",
            "“小网格”里见“大民生”",
            "汇川区2800余名机关企事业单位党员干部下沉网格赋能基层治理",
            "",
            [("袁瑶", ""), ("马红梅", "")],
        ),
        ("article", "", "余庆县 流动党员聚“云端” 教育管理更智慧", "", "", [("张齐", "")]),
        ("article", "黄溪村", "特色产业助乡村振兴", "", "本报讯", [("陈桂良", "")]),
        ("picture", "", "图片新闻", "", "", [("简星", "摄")]),
        ("article", "余庆县医疗保障局", "医保政策宣传进万家", "", "本报讯", [("张婷", "记者")]),
        ("banner", "", "社会主义核心价值观", "", "", []),
        ("notice", "", "手牵手参与志愿服务 心连心创造和谐环境", "", "", []),
    ]
    first, _, village, picture, health, banner, _ = found
    assert [p for p in first.body if p.startswith("#")] == [
        "### 从解决一个问题到解决一类问题",
        "### 以“点的突破”带动“面的提升”",
        "### 促“下沉力量”变“服务队伍”",
    ]
    body = "\n".join(first.body)
    for joined in ("关心关爱的生动实践。", "等先锋队伍18支", "紧密结合，充分发挥"):
        assert joined in body
    assert "“每餐只需8元，就能让我们吃到" in body
    assert first.paragraphs == 12
    assert village.body[-1].endswith("姬敏说。") and "陈桂良" not in "".join(village.body)
    assert picture.caption == "近日，游客在采摘胡柚。"
    assert health.body[0].startswith("为营造主动及时参保缴费的良好氛围，连日来")
    assert "2024年城乡居民医疗保障政策的知晓率。" in health.body[1]
    assert banner.body == ("富强 民主 文明 和谐  \n自由 平等 公正 法治  \n爱国 敬业 诚信 友善",)


def test_seed_page_imports_into_a_site(tmp_path):
    source = tmp_path / "page.txt"
    source.write_bytes(SEED.read_bytes())
    out = io.StringIO()
    diagnostics = run_import(source, date=DATE, page=3, page_name="综合", root=tmp_path, out=out)
    assert not any(d.is_error for d in diagnostics)
    written = sorted(p.name for p in (tmp_path / "content/2024-01-10").iterdir())
    assert written == ["edition.yaml", *(f"p03-0{n}.md" for n in range(1, 8))]
    for n in range(1, 8):
        data = front_matter((tmp_path / f"content/2024-01-10/p03-0{n}.md").read_text(encoding="utf-8"))
        assert (data["page"], data["order"]) == (3, n)


def test_edition_in_a_layout_that_cannot_be_extended_is_rewritten_sorted(tmp_path):
    folder = tmp_path / "site/content/2024-01-10"
    folder.mkdir(parents=True)
    (folder / "edition.yaml").write_text(
        "date: 2024-01-10\npages: [{number: 4, name: 副刊}, {number: 1, name: 要闻}]\n", "utf-8"
    )
    diagnostics, _, _ = import_page(tmp_path)
    assert yaml.safe_load((folder / "edition.yaml").read_text("utf-8"))["pages"] == [
        {"number": 1, "name": "要闻"},
        {"number": 3, "name": "综合", "editor": "王某"},
        {"number": 4, "name": "副刊"},
    ]
    assert any("rewritten" in str(d) and d.path.endswith("edition.yaml") for d in diagnostics)


def test_an_edition_that_is_not_a_mapping_stops_the_import(tmp_path):
    folder = tmp_path / "site/content/2024-01-10"
    folder.mkdir(parents=True)
    (folder / "edition.yaml").write_text("- just a list\n", "utf-8")
    diagnostics, _, _ = import_page(tmp_path)
    assert [d.path for d in diagnostics if d.is_error] == ["content/2024-01-10/edition.yaml"]
    assert sorted(p.name for p in folder.iterdir()) == ["edition.yaml"]
