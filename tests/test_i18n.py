"""Messages in Chinese for Chinese-speaking users, English otherwise: the
choice of language, the catalog against the code, and what a user sees in
both languages (diagnostics, summary line, --help, the preview's error page)."""

import datetime as dt
import html
import marshal
import os
import subprocess
import sys

import pytest
from conftest import basic_files, write_files

from newsgen.content.articles import parse_article
from newsgen.errors import Diagnostic, error
from newsgen.i18n import CHINESE, ENGLISH, Translator, choose_language, fields_of, load_catalog, msg, read_po
from newsgen.i18n.update import message_ids

ZH, EN = Translator(CHINESE), Translator(ENGLISH)
REL = "content/2024-01-10/a.md"


def both(front: str) -> tuple[list[str], list[str]]:
    _article, problems = parse_article(f"---\n{front}---\n正文。\n".encode(), REL, dt.date(2024, 1, 10))
    return [p.render(EN) for p in problems], [p.render(ZH) for p in problems]


# ---- the catalog -----------------------------------------------------------


def test_every_message_id_of_the_code_has_a_translation_with_the_same_fields():
    entries = load_catalog().entries
    used = message_ids()
    assert len(used) > 150
    missing = {m: where for m, where in used.items() if m not in entries}
    assert missing == {}
    wrong = {m: entries[m] for m in used if fields_of(m) != fields_of(entries[m])}
    assert wrong == {}
    assert set(entries) - set(used) == set()  # nothing left over in the catalog


def test_po_reader():
    text = (
        'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\n'
        '#: a.py:1\nmsgid "one {x}"\nmsgstr "一 {x}"\n\n'
        'msgid "long "\n"text \\"quoted\\""\nmsgstr ""\n"长"\n"文字"\n\n'
        '#, fuzzy\nmsgid "unsure"\nmsgstr "不确定"\n\n'
        'msgid "untranslated"\nmsgstr ""\n'
    )
    assert read_po(text) == {"one {x}": "一 {x}", 'long text "quoted"': "长文字"}


# ---- choosing the language ---------------------------------------------------


@pytest.mark.parametrize(
    "environ, site, expected",
    [
        ({"LANG": "zh_CN.UTF-8"}, "en", CHINESE),
        ({"LANG": "en_US.UTF-8"}, "zh-CN", ENGLISH),
        ({"LANG": "fr_FR.UTF-8"}, "zh-CN", ENGLISH),  # no French catalog: English
        ({"LANGUAGE": "fr:zh_CN", "LANG": "en_US.UTF-8"}, "en", CHINESE),  # the first we have
        ({"LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, "zh-CN", ENGLISH),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "en", CHINESE),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "zh-CN", ENGLISH),
        ({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "en", CHINESE),  # empty is unset
        ({"LANG": "C.UTF-8"}, "zh-CN", CHINESE),  # C says nothing: the site's language
        ({"LANG": "C"}, "en", ENGLISH),
        ({"LC_ALL": "POSIX", "LANG": "zh_CN.UTF-8"}, "en", ENGLISH),
        ({}, "zh-CN", CHINESE),
        ({}, "en", ENGLISH),
    ],
)
def test_language_is_chosen_as_command_line_tools_do(environ, site, expected):
    assert choose_language(environ, site) == expected


# ---- what a user sees, in both languages -------------------------------------


def test_slips_in_both_languages():
    en, zh = both("title: 标题\nsubtitle：副题\npage: 3\n")
    assert en == [
        f"{REL}:3:9: error: full-width colon after the key 'subtitle' "
        "(“：” is a full-width colon: type a half-width “:”)"
    ]
    assert zh == [f"{REL}:3:9: 错误：键“subtitle”后面是全角冒号（“：”是全角冒号，请改成半角“:”）"]
    en, zh = both("title: 会议强调: 抓好落实\npage: 3\n")
    assert zh == [
        f'{REL}:2:12: 错误：“title”的值里有“: ”，YAML 会把它当作新的键（请给值加上引号：title: "会议强调: 抓好落实"）'
    ]
    en, zh = both("title: 标题\n\tpage: 3\n")
    assert zh == [f"{REL}:3:1: 错误：缩进里有制表符（Tab）（请用空格缩进：YAML 不允许在这里用 Tab）"]
    en, zh = both("page: 3\ntitle:\n")
    assert en == [f"{REL}:3:1: error: 'title' is empty (write the headline after 'title: ')"]
    assert zh == [f"{REL}:3:1: 错误：“title”是空的（请在“title: ”后面写上标题）"]


def test_nested_messages_and_hints_in_both_languages():
    en, zh = both("title: [视频]\npage: 3\n")
    assert en == [f"{REL}:2:1: error: 'title' must be text, not a list (put the value in quotes: title: \"[视频]\")"]
    assert zh == [f'{REL}:2:1: 错误：“title”必须是文字，而不是列表（请给值加上引号：title: "[视频]"）']
    en, zh = both("title: 标题\npage: 3\nsubtitel: x\n")
    assert zh == [f"{REL}:4:1: 错误：未知的键“subtitel”（是不是“subtitle”？）"]
    en, zh = both("title: 标题\npage: 0\n")
    assert zh == [f"{REL}:3:1: 错误：“page”必须至少为 1，而不是 0"]


def test_notes_in_both_languages():
    en, zh = both("title: 标题\npage: 1\ntags: 时政、会议\nbyline: {name: 张婷, role: 本报记者}\n")
    en, zh = sorted(en), sorted(zh)
    assert en[0] == f"{REL}:4:1: note: tags '时政、会议' read as a list (to say so: tags: [时政, 会议])"
    assert zh == [
        f"{REL}:4:1: 提示：tags“时政、会议”已识别为多个标签（明确写法：tags: [时政, 会议]）",
        f"{REL}:5:1: 提示：role“本报记者”已识别为“记者”"
        "（本报的记者写“记者”即可：标题下印“本报记者”，本报讯（…）里印“记者”）",
    ]


def test_location_is_kept_whatever_is_known():
    assert error("a.md", 0, 0, msg("no edition found")).render(ZH) == "a.md: 错误：没有找到任何一期"
    assert error("a.md", 4, 0, msg("no edition found")).render(ZH) == "a.md:4: 错误：没有找到任何一期"
    assert error("a.md", 0, 0, "plain English").render(ZH) == "a.md: 错误：plain English"


def test_plain_text_beside_a_message_keeps_its_braces():
    d = error("a.md", 1, 1, msg("no edition found"), "e.g. {name: 张婷}")
    assert str(d) == "a.md:1:1: error: no edition found (e.g. {name: 张婷})"
    assert d.render(ZH) == "a.md:1:1: 错误：没有找到任何一期（e.g. {name: 张婷}）"


def test_a_translated_diagnostic_survives_the_cache():
    d = error(REL, 3, 9, msg("'{key}' must be text, not {value}", key="title", value=msg("a list")))
    again = Diagnostic(*marshal.loads(marshal.dumps(tuple(d.__dict__.values()))))
    assert again == d and again.render(ZH) == d.render(ZH) == f"{REL}:3:9: 错误：“title”必须是文字，而不是列表"


def newsgen(*args, env):
    environ = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "newsgen", *args], capture_output=True, text=True, env={**environ, **env}
    )


def test_cli_errors_summary_and_exit_code_in_both_languages(site_root):
    write_files(site_root, {"content/2024-01-10/bad.md": "---\ntitle: x\npage: three\n---\n"})
    zh = newsgen("check", "--root", str(site_root), env={"LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 1
    assert "content/2024-01-10/bad.md:3:1: 错误：“page”必须是整数，而不是'three'\n" in zh.stderr
    assert "失败：1 期、3 篇文章中有 1 个错误、0 个警告；没有写入任何文件" in zh.stderr
    en = newsgen("check", "--root", str(site_root), env={"LANG": "en_US.UTF-8"})
    assert en.returncode == 1
    assert "content/2024-01-10/bad.md:3:1: error: 'page' must be a whole number, not 'three'\n" in en.stderr
    assert "failed: 1 error, 0 warnings in 1 edition, 3 articles; nothing was written" in en.stderr


def test_c_locale_falls_back_to_the_site_language(tmp_path):
    for language, expected in (("zh-CN", "已检查"), ("en", "checked")):
        files = basic_files()
        files["newsgen.yaml"] += f"language: {language}\n"
        root = write_files(tmp_path / language, files)
        result = newsgen("check", "--root", str(root), env={"LANG": "C.UTF-8"})
        assert result.returncode == 0 and result.stdout.startswith(expected), result.stdout


def test_help_and_usage_errors_in_both_languages(tmp_path):
    zh = newsgen("build", "--help", env={"LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 0 and zh.stdout.startswith("用法：newsgen build ")
    assert "把网站生成到 site/" in zh.stdout and "把警告当作错误（用于 CI）" in zh.stdout
    assert "显示本帮助后退出" in zh.stdout
    en = newsgen("build", "--help", env={"LANG": "en_US.UTF-8"})
    assert en.stdout.startswith("usage: newsgen build ") and "treat warnings as errors (for CI)" in en.stdout
    zh = newsgen("build", "--jobs", "zero", env={"LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 2 and "newsgen build: 错误: 参数 --jobs/-j：“zero”不是整数" in zh.stderr
    en = newsgen("build", "--jobs", "zero", env={"LANG": "en_US.UTF-8"})
    assert en.returncode == 2 and "newsgen build: error: argument --jobs/-j: 'zero' is not a whole number" in en.stderr
    zh = newsgen("new", "article", "2024-01-10", env={"LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 2 and "缺少必需的参数：slug, --page" in zh.stderr


def test_the_preview_error_page_in_both_languages():
    from newsgen.build.phases import BuildReport
    from newsgen.preview.http import State, status_page

    problem = error(REL, 3, 9, msg("full-width colon after the key '{key}'", key="subtitle"))
    state = State("1", BuildReport(diagnostics=[problem]))
    zh = html.unescape(status_page(ZH.text(msg("Build failed")), [problem.render(ZH)], state, ZH).decode())
    assert '<html lang="zh-CN">' in zh and "<h1>构建失败</h1>" in zh and "文件改好后，预览会自动刷新。" in zh
    assert f"{REL}:3:9: 错误：键“subtitle”后面是全角冒号" in zh
    en = html.unescape(status_page(EN.text(msg("Build failed")), [problem.render(EN)], state, EN).decode())
    assert '<html lang="en">' in en and "<h1>Build failed</h1>" in en
    assert f"{REL}:3:9: error: full-width colon after the key 'subtitle'" in en
    building = status_page(ZH.text(msg("Building…")), [ZH.text(msg("the first build is running"))], State("1"), ZH)
    assert "<h1>正在构建…</h1>" in building.decode() and "第一次构建正在进行" in building.decode()


def test_the_preview_serves_its_error_page_in_its_language(site_root):
    from test_serve import fetch, wait_for

    from newsgen.preview.server import Preview

    (site_root / "content/2024-01-10/wangge.md").write_text("---\ntitle: 标题\npage：1\n---\n", "utf-8")
    server = Preview(site_root, port=0, translator=ZH).start()
    try:

        def failed_page():
            if server.state.report is None:
                return None
            status, _, body = fetch(server.port, "/paper/")
            return html.unescape(body) if status == 500 else None

        body = wait_for(failed_page)
        assert "<h1>构建失败</h1>" in body
        assert "content/2024-01-10/wangge.md:3:5: 错误：键“page”后面是全角冒号（“：”是全角冒号，请改成半角“:”）" in body
    finally:
        server.stop()
