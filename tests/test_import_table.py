"""newsgen import's table shows subtitle and dateline, and its messages
about the page's name agree with what edition.yaml holds afterwards."""

import datetime as dt
import io
import re

from conftest import SHARED

from newsgen.importer.command import run_import
from newsgen.importer.text import parse_page

SEED = SHARED / "seeds" / "000_186af50a4765d005.txt"


def run(tmp_path, **options):
    out = io.StringIO()
    options = {"date": dt.date(2024, 1, 10), "page": 3, "root": tmp_path / "site", **options}
    diagnostics = run_import(SEED, out=out, **options)
    return [str(d) for d in diagnostics], out.getvalue()


def test_the_table_has_subtitle_and_dateline_columns(tmp_path):
    _messages, table = run(tmp_path, page_name="综合", dry_run=True)
    header, *rows = [line for line in table.splitlines() if line and not line.startswith("dry run")]
    assert re.split(r"\s{2,}", header) == [
        "order", "kind", "kicker", "title", "subtitle", "dateline", "byline", "paras", "area", "file",
    ]  # fmt: skip
    parsed = parse_page(SEED.read_bytes().decode("utf-8"))
    found = parsed.articles
    with_subtitle = [a for a in found if a.subtitle]
    with_dateline = [a for a in found if a.dateline]
    assert with_subtitle and with_dateline  # the seed page has both
    text = "\n".join(rows)
    assert all(a.subtitle in text for a in with_subtitle) and all(a.dateline in text for a in with_dateline)


def test_no_page_name_for_a_new_page_gives_one_warning_naming_it(tmp_path):
    messages, _ = run(tmp_path)
    named = [m for m in messages if "edition.yaml" in m]
    assert named == [
        "content/2024-01-10/edition.yaml: warning: no page name given (--page-name); page 3 is named "
        "'第03版' — change it to the real one (要闻, 综合…)"
    ]


def test_a_listed_page_gets_one_message_that_says_its_name_is_kept(tmp_path):
    """The finding: "no page name given; page 3 is named '第03版'" beside
    "page 3 is already listed; left as it is" (it kept its name 综合)."""
    run(tmp_path, page_name="综合")
    expected = {
        "": "page 3 is already listed; left as it is",
        "要闻": "page 3 is already listed; its name there is kept (--page-name 要闻 was not used)",
    }
    for name, message in expected.items():
        messages, _ = run(tmp_path, force=True, page_name=name)
        about = [m for m in messages if m.startswith("content/2024-01-10/edition.yaml")]
        assert about == [f"content/2024-01-10/edition.yaml: warning: {message}"]
    edition = (tmp_path / "site/content/2024-01-10/edition.yaml").read_text("utf-8")
    assert "name: 综合" in edition and "要闻" not in edition


# ---- in Chinese, for a Chinese locale ----------------------------------------

KINDS_ZH = {"article": "稿件", "picture": "图片新闻", "banner": "宣传栏", "notice": "启事"}
ENGLISH_WORDS = re.compile(r"\b[a-z]{2,} [a-z]{2,}\b")  # two English words running: a sentence left untranslated


def import_in_chinese(monkeypatch, capsys, tmp_path, source, *args):
    from newsgen.cli import main

    monkeypatch.setenv("LANGUAGE", "zh_CN")
    root = tmp_path / "site"
    code = main(["import", str(source), "--date", "2024-01-10", "--page", "3", "--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_table_and_the_notes_read_in_chinese_for_a_text_page(monkeypatch, capsys, tmp_path):
    code, out, err = import_in_chinese(monkeypatch, capsys, tmp_path, SEED, "--dry-run")
    header = out.splitlines()[0]
    assert re.split(r"\s{2,}", header) == [
        "序号",
        "类型",
        "引题",
        "标题",
        "副题",
        "电头",
        "署名",
        "段数",
        "热区",
        "文件",
    ]
    assert "试运行" in out and "警告" in err
    assert not ENGLISH_WORDS.search(out) and not ENGLISH_WORDS.search(err), (out, err)


def test_the_table_of_random_pdf_pages_reads_in_chinese_row_by_row(monkeypatch, capsys, tmp_path):
    """Each row: the kind in Chinese and the title of the article set there."""
    from pdf_fixtures import make_page

    for seed in (4, 6):
        fixture = make_page(seed, "cid")
        source = tmp_path / f"page{seed}.pdf"
        source.write_bytes(fixture.pdf)
        code, out, err = import_in_chinese(monkeypatch, capsys, tmp_path, source, "--dry-run")
        lines = out.splitlines()
        assert lines[0] == "第3版：" and "试运行" in lines[-1]
        rows = [re.split(r"\s{2,}", line) for line in lines[2:-1]]
        assert [(row[1], fixture.articles[int(row[0]) - 1].title in row) for row in rows] == [
            (KINDS_ZH[t.kind], True) for t in fixture.articles
        ]
        assert not ENGLISH_WORDS.search(out) and not ENGLISH_WORDS.search(err), (out, err)
