"""The YAML slips editors make: the line and column where they made them,
and a hint that says how to write it. The property test breaks one line of
a valid file in one of these ways; the oracle is the line it broke."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.content.articles import parse_article
from newsgen.content.editions import parse_edition

DATE = dt.date(2024, 1, 10)
REL = "content/2024-01-10/a.md"


def messages(front: str) -> list[str]:
    _article, problems = parse_article(f"---\n{front}---\n正文。\n".encode(), REL, DATE)
    return [str(p) for p in problems]


def test_full_width_colon_after_a_key():
    assert messages("title: 标题\nsubtitle：副题\npage: 3\n") == [
        f"{REL}:3:9: error: full-width colon after the key 'subtitle' "
        "(“：” is a full-width colon: type a half-width “:”)"
    ]


def test_full_width_space_after_the_colon():
    assert messages("title:　会议\npage: 3\n") == [
        f"{REL}:2:7: error: full-width space after 'title:' "
        "(“　” is a full-width space: type a half-width space after the colon)"
    ]


def test_tab_in_the_indentation():
    assert messages("title: 标题\n\tpage: 3\n") == [
        f"{REL}:3:1: error: a tab in the indentation (indent with spaces: YAML does not allow tabs there)"
    ]


def test_value_with_a_colon_is_shown_quoted():
    assert messages("title: 会议强调: 抓好落实\npage: 3\n") == [
        f"{REL}:2:12: error: the value of 'title' contains ': ', which YAML reads as a new key "
        '(put the value in quotes: title: "会议强调: 抓好落实")'
    ]


def test_values_starting_with_markup_are_shown_quoted():
    assert messages("title: [视频]县委书记\npage: 3\n") == [
        f"{REL}:2:8: error: the value of 'title' starts with '[', which YAML reads as markup "
        '(put the value in quotes: title: "[视频]县委书记")'
    ]
    assert messages('title: "县委"书记\npage: 3\n') == [
        f"{REL}:2:8: error: the value of 'title' starts with '\"', which YAML reads as markup "
        "(put the value in quotes: title: '\"县委\"书记')"
    ]
    assert messages("page: 3\nkicker: @县融媒体中心\ntitle: 标题\n")[0].startswith(
        f"{REL}:3:9: error: the value of 'kicker' starts with '@'"
    )
    assert messages("title: `x`\npage: 3\n")[0].endswith('(put the value in quotes: title: "`x`")')


def test_a_whole_value_in_brackets_is_a_list_with_the_same_hint():
    assert messages("title: [视频]\npage: 3\n") == [
        f"{REL}:2:1: error: 'title' must be text, not a list (put the value in quotes: title: \"[视频]\")"
    ]


def test_value_starting_with_a_hash_is_not_an_empty_title():
    assert messages("title: # 1 号文件\npage: 3\n") == [
        f"{REL}:2:8: error: the value of 'title' starts with '#', which YAML reads as a comment "
        '(put the value in quotes: title: "# 1 号文件")'
    ]


def test_empty_title_is_reported_at_its_line():
    assert messages("page: 3\ntitle:\n") == [f"{REL}:3:1: error: 'title' is empty (write the headline after 'title: ')"]
    assert messages("page: 3\ntitle: '  '\n") == [
        f"{REL}:3:1: error: 'title' is empty (write the headline after 'title: ')"
    ]


def test_list_item_outside_a_list():
    hint = "(a list goes under a key with nothing after its colon, e.g. 'tags:' then '  - 时政')"
    assert messages("title: 标题\n- 时政\npage: 3\n") == [f"{REL}:3:1: error: a list item ('- ') outside a list {hint}"]
    # Valid YAML (the text "时政 - 会议"), but not what the editor meant.
    assert messages("title: 标题\npage: 3\ntags: 时政\n  - 会议\n") == [
        f"{REL}:5:3: error: a list item ('- ') outside a list {hint}"
    ]


def test_lists_and_block_text_are_not_slips():
    front = "title: 标题\npage: 3\ncaption: |\n  第一行\n  - 第二行\ntags:\n- 时政\n- 会议\nbyline:\n"
    front += "  - name: 张婷\n    role: 记者\n  - 刘洋\n"
    assert messages(front) == []


def test_slips_in_edition_yaml():
    text = "date: 2024-01-10\npages:\n  - number: 1\n    name：要闻\n"
    _edition, problems = parse_edition(text.encode(), "content/2024-01-10/edition.yaml", DATE)
    assert [str(p) for p in problems] == [
        "content/2024-01-10/edition.yaml:4:9: error: full-width colon after the key 'name' "
        "(“：” is a full-width colon: type a half-width “:”)"
    ]


# ---- the property: one broken line, reported at that line ----------------

WORDS = st.sampled_from(["县委", "会议", "网格", "民生", "乡村振兴", "医保", "新舟镇", "胡柚", "2024年", "本报讯"])
TEXT = st.lists(WORDS, min_size=1, max_size=4).map("".join)


@st.composite
def valid_front(draw) -> list[str]:
    lines = [f"title: {draw(TEXT)}", f"page: {draw(st.integers(1, 8))}"]
    for key in draw(st.lists(st.sampled_from(["kicker", "subtitle", "dateline", "caption"]), unique=True)):
        lines.append(f"{key}: {draw(TEXT)}")
    if draw(st.booleans()):
        lines.append("order: 2")
    tags = draw(st.lists(WORDS, min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        lines.append("tags:")
        lines += [f"  - {tag}" for tag in tags]
    else:
        lines.append(f"tags: [{', '.join(tags)}]")
    order = draw(st.permutations(range(len(lines))))
    return [lines[i] for i in order] if "tags:" not in lines else lines


SLIPS = {
    "full-width colon": lambda key, value: f"{key}：{value}",
    "full-width colon after a space": lambda key, value: f"{key} ：{value}",
    "full-width space": lambda key, value: f"{key}:\u3000{value}",
    "tab": lambda key, value: f"\t{key}: {value}",
    "bracket": lambda key, value: f"{key}: [视频]{value}",
    "brace": lambda key, value: f"{key}: {{图}}{value}",
    "quote": lambda key, value: f'{key}: "县委"{value}',
    "hash": lambda key, value: f"{key}: # {value}",
    "at": lambda key, value: f"{key}: @{value}",
    "backtick": lambda key, value: f"{key}: `{value}`号",
    "colon inside": lambda key, value: f"{key}: 会议强调: {value}",
}


@settings(max_examples=300, deadline=None)
@given(valid_front(), st.data())
def test_a_slip_is_reported_at_the_line_it_broke(lines, data):
    text = "---\n" + "\n".join(lines) + "\n---\n正文。\n"
    article, problems = parse_article(text.encode(), REL, DATE)
    assert article is not None and problems == []
    keyed = [i for i, line in enumerate(lines) if ": " in line and not line.startswith(" ")]
    index = data.draw(st.sampled_from(keyed))
    key, value = lines[index].split(": ", 1)
    kind = data.draw(st.sampled_from(sorted(SLIPS) + ["stray item", "empty title"]))
    broken = list(lines)
    if kind == "stray item":
        broken.insert(index + 1, data.draw(st.sampled_from(["- 时政", "  - 时政", "-"])))
        index += 1
    elif kind == "empty title":
        index = next(i for i, line in enumerate(lines) if line.startswith("title:"))
        broken[index] = "title:"
    else:
        broken[index] = SLIPS[kind](key, value)
    text = "---\n" + "\n".join(broken) + "\n---\n正文。\n"
    article, problems = parse_article(text.encode(), REL, DATE)
    assert article is None and problems, (kind, broken)
    assert {p.line for p in problems} == {index + 2}, (kind, broken, [str(p) for p in problems])
    assert all(p.col >= 1 for p in problems)
