from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.content.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, MAY_NEED_SANITIZING, Converter, MarkdownOptions


@pytest.fixture(scope="module")
def convert():
    return Converter().convert


@pytest.mark.parametrize(
    "source, expected",
    [
        ("汇川区党员干部编组\n下沉网格。", "<p>汇川区党员干部编组下沉网格。</p>"),
        ("“每餐只需8元，\n就能吃饱。”", "<p>“每餐只需8元，就能吃饱。”</p>"),  # full-width punctuation
        ("ひらがな\nカタカナ", "<p>ひらがなカタカナ</p>"),
        ("Latin words\nstill get a space", "<p>Latin words still get a space</p>"),
        ("**强调**\n文字", "<p><strong>强调</strong>文字</p>"),  # across an inline element
    ],
)
def test_soft_breaks(convert, source, expected):
    assert convert(source).html == expected


def test_hard_break_is_kept(convert):
    assert convert("富强 民主  \n文明 和谐").html == "<p>富强 民主<br>\n文明 和谐</p>"


def test_code_is_left_alone(convert):
    assert "中文\n中文" in convert("```\n中文\n中文\n```").html


def test_subheadings_start_at_h2_with_ids(convert):
    html = convert("### 从解决一个问题\n\n正文\n\n#### 更小\n\n### 第二节").html
    assert '<h2 id="section-1">从解决一个问题</h2>' in html
    assert '<h3 id="section-2">更小</h3>' in html
    assert '<h2 id="section-3">第二节</h2>' in html


def test_tables_footnotes_and_attributes(convert):
    html = convert("| 项目 | 数量 |\n|---|---|\n| 网格 | 36 |\n\n说明[^1]{: .note}\n\n[^1]: 来源：本报\n").html
    assert "<table>" in html and "<td>36</td>" in html
    assert 'class="footnote-ref"' in html and "来源：本报" in html


def test_footnotes_restart_for_each_document(convert):
    convert("一[^1]\n\n[^1]: 甲\n")
    assert 'id="fnref:1"' in convert("二[^1]\n\n[^1]: 乙\n").html


def test_body_images_are_collected(convert):
    fragment = convert("![游客采摘胡柚](2024-01-10/huyou.jpg)")
    assert fragment.images == (("2024-01-10/huyou.jpg", "游客采摘胡柚"),)
    assert 'src="newsgen-image:2024-01-10/huyou.jpg"' in fragment.html


def test_raw_html_is_sanitized_by_default(convert):
    html = convert('<script>alert(1)</script>\n\n<a href="javascript:alert(1)" onclick="x()">点</a>').html
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html


def test_raw_html_can_be_escaped():
    html = Converter(MarkdownOptions("escape")).convert("<b>粗</b>").html
    assert "&lt;b&gt;" in html


def test_summary_and_length(convert):
    fragment = convert("第一段文字。\n\n第二段。")
    assert fragment.summary == "第一段文字。"
    assert fragment.chars == 10
    long = convert("长" * 300)
    assert len(long.summary) == 121 and long.summary.endswith("…")


def test_an_empty_body_has_no_summary_of_the_previous_one(convert):
    convert("富强 民主 文明 和谐")
    fragment = convert("")
    assert fragment.summary == "" and fragment.chars == 0 and fragment.html == ""


def test_iframes_only_from_allowed_video_hosts():
    convert = Converter(MarkdownOptions("sanitize", ("player.bilibili.com",))).convert
    allowed = convert('<iframe src="https://player.bilibili.com/player.html?bvid=1" title="视频"></iframe>').html
    assert '<iframe src="https://player.bilibili.com/player.html?bvid=1" title="视频"></iframe>' in allowed
    other = convert('<iframe src="https://evil.example/x"></iframe>').html
    assert "src=" not in other
    plain = convert('<iframe src="http://player.bilibili.com/x"></iframe>').html  # not https
    assert "src=" not in plain
    assert "<iframe" not in Converter().convert('<iframe src="https://player.bilibili.com/x"></iframe>').html


def test_allow_keeps_raw_html_for_trusted_sites():
    assert "<span onclick" not in Converter().convert('<span onclick="x()">字</span>').html
    assert (
        '<span onclick="x()">字</span>'
        in Converter(MarkdownOptions("allow")).convert('<span onclick="x()">字</span>').html
    )


def test_unsafe_links_and_attributes_are_removed_without_any_raw_html(convert):
    parser = _Markup()
    parser.feed(convert('[点我](javascript:alert(1)) [数据](data:text/html,x)\n\n## 标题 {: onclick="alert(1)" }').html)
    assert [tag for tag, _names, _values in parser.found] == ["p", "a", "a", "h2"]
    assert all(names in ([], ["id"]) for _tag, names, _values in parser.found)


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, [name for name, _value in attrs], [value or "" for _name, value in attrs]))


# Every Markdown construct, but none of the characters that let a body
# carry markup of its own (<, {, &, :): the sanitizer is skipped for these.
MARKDOWN_PIECES = [
    "# ",
    "## ",
    "###### ",
    "*",
    "**",
    "_",
    "`",
    "```\n",
    "    ",
    "> ",
    "- ",
    "1. ",
    "3. ",
    "---",
    '![图](a/b.jpg "题")',
    "[链](../x/ 't')",
    "[链][1]",
    "[^1]",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "\n",
    "\n\n",
    "  \n",
    '"',
    "'",
    ">",
    "=",
    "(",
    ")",
    "[",
    "]",
    "!",
    "\\",
    "*[HTML]",
    "~~",
    "^",
    "正文",
    "abc",
    "10",
    " ",
    "#id",
    ".class",
    "javascript",
    "onclick",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40))
def test_bodies_skipping_the_sanitizer_only_make_allowed_markup(pieces):
    body = "".join(pieces)
    assert not MAY_NEED_SANITIZING.search(body)
    parser = _Markup()
    parser.feed(Converter().convert(body).html)
    for tag, names, values in parser.found:
        assert tag in ALLOWED_TAGS
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"]
        assert set(names) <= allowed, (tag, names)
        assert not any(v.lower().lstrip().startswith(("javascript", "data", "vbscript")) for v in values)


INLINE_PIECES = MARKDOWN_PIECES + [
    "<b>粗</b>",
    "&amp;",
    "&#20013;",
    "<http://a.org/x>",
    "<a@b.org>",
    "{: .x }",
    "*[HTML]: 超文本",
    "HTML",
    "[^1]: 注",
    "`代码`",
    "\\*",
    "  \n",
    "\x02",
    ":",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(INLINE_PIECES), max_size=40))
def test_skipping_inline_processing_of_plain_text_changes_nothing(pieces):
    body = "".join(pieces)
    assert Converter().convert(body) == Converter(skip_plain=False).convert(body)


def test_plain_paragraphs_and_marked_up_ones_side_by_side(convert):
    html = convert("第一段，没有标记。\n\n第二段有**加粗**和[链接](../a/)。\n\n*[HTML]: 超文本\n\n又一段 HTML。").html
    assert (
        "<p>第一段，没有标记。</p>" in html and "<strong>加粗</strong>" in html and '<a href="../a/">链接</a>' in html
    )
    assert '<abbr title="超文本">HTML</abbr>' in html


# ---- text pasted from WPS / Word: 　　 starts a paragraph ----------------

PASTED_LINE = st.one_of(
    st.just(""),
    st.text("县委会议强调网格民生，。", min_size=1, max_size=8),
    st.text("县委会议强调网格民生，。", min_size=1, max_size=8).map(lambda t: "\u3000\u3000" + t),
)


def paragraphs_oracle(lines: list[str]) -> list[str]:
    """A blank line ends a paragraph; a line starting with 　 starts one."""
    paragraphs: list[str] = []
    current = None
    for line in lines:
        if not line or line.startswith("\u3000"):
            if current:
                paragraphs.append(current)
            current = line.lstrip("\u3000") or None
        else:
            current = (current or "") + line
    if current:
        paragraphs.append(current)
    return paragraphs


@settings(max_examples=200, deadline=None)
@given(st.lists(PASTED_LINE, max_size=12))
def test_full_width_indent_starts_a_paragraph(lines):
    html = Converter().convert("\n".join(lines)).html
    assert html == "\n".join(f"<p>{p}</p>" for p in paragraphs_oracle(lines))


def test_wps_paste_becomes_paragraphs(convert):
    pasted = "　　为营造良好氛围，\n县医保局开展宣传。\n　　活动现场，工作人员发放资料。\n"
    assert convert(pasted).html == "<p>为营造良好氛围，县医保局开展宣传。</p>\n<p>活动现场，工作人员发放资料。</p>"
    assert "\u3000\u3000code" in convert("```\n正文\n\u3000\u3000code\n```").html
