"""Incremental and parallel builds give exactly a clean build's output,
and an edit rewrites only the files that show what changed."""

import shutil

from conftest import article, run_build, tree_digest, write_files


def many_files(count: int = 90) -> dict[str, str]:
    files = {"newsgen.yaml": "title: 报\nbase_url: https://a.org/\nper_page: 5\n"}
    for day in (1, 2, 3):
        date = f"2024-01-0{day}"
        files[f"content/{date}/edition.yaml"] = (
            f"date: {date}\npages: [{{number: 1, name: 要闻}}, {{number: 2, name: 综合}}]\n"
        )
        for n in range(count // 3):
            files[f"content/{date}/a{n:02d}.md"] = article(
                f"{day}日第{n}篇", 1 + n % 2, f"正文{n}。\n\n第二段{day}。", tags=f"[标签{n % 4}]"
            )
    return files


def test_no_change_writes_nothing(site_root):
    run_build(site_root)
    report = run_build(site_root)
    assert report.written == [] and report.rendered == 0 and report.removed == []


def test_one_edit_rewrites_only_the_pages_that_show_it(site_root):
    run_build(site_root)
    path = site_root / "content/2024-01-10/yibao.md"
    path.write_text(path.read_text().replace("良好氛围", "良好环境"), "utf-8")
    report = run_build(site_root)
    # the article, and the page (版) that shows its summary; its title is unchanged,
    # so its neighbours, the front page and the archive are left alone
    assert report.written == [
        "2024-01-10/02/index.html",
        "2024-01-10/yibao/index.html",
        "feed.xml",
        "tags/医保/index.html",
        "tags/基层治理/index.html",
    ]


def test_title_edit_reaches_neighbours(site_root):
    run_build(site_root)
    path = site_root / "content/2024-01-10/yibao.md"
    path.write_text(path.read_text().replace("title: 医保政策宣传进万家", "title: 医保政策进万家"), "utf-8")
    report = run_build(site_root)
    assert "2024-01-10/wangge/index.html" in report.written  # its "next" link
    assert "2024-01-10/values/index.html" in report.written  # the banner's "next" link
    # the front page shows page 1's articles, but every headline in its 本期目录
    assert "index.html" in report.written and "医保政策进万家" in (site_root / "site/index.html").read_text("utf-8")
    assert "archive/index.html" not in report.written  # it shows each edition's lead only


def test_incremental_equals_clean_after_edits_renames_and_deletions(tmp_path):
    root = write_files(tmp_path / "src", many_files())
    run_build(root, out=tmp_path / "inc")
    (root / "content/2024-01-02/a03.md").rename(root / "content/2024-01-02/renamed.md")
    (root / "content/2024-01-03/a04.md").unlink()
    shutil.rmtree(root / "content/2024-01-01")
    write_files(
        root,
        {
            "content/2024-01-02/a05.md": article("改过的标题", 2, "新的正文。", tags="[新标签]"),
            "themes/default/templates/404.html": "{% extends 'base.html' %}{% block main %}<h1>无</h1>{% endblock %}",
        },
    )
    incremental = run_build(root, out=tmp_path / "inc")
    assert not incremental.failed
    shutil.rmtree(root / ".newsgen-cache")
    run_build(root, out=tmp_path / "clean")
    assert tree_digest(tmp_path / "inc") == tree_digest(tmp_path / "clean")


def test_jobs_do_not_change_the_output(tmp_path):
    root = write_files(tmp_path / "src", many_files())
    run_build(root, out=tmp_path / "one", jobs=1)
    shutil.rmtree(root / ".newsgen-cache")
    run_build(root, out=tmp_path / "two", jobs=4)
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_a_stale_or_foreign_cache_costs_time_only(tmp_path):
    root = write_files(tmp_path / "src", many_files(30))
    run_build(root, out=tmp_path / "out")
    other = write_files(tmp_path / "other", many_files(30))
    write_files(other, {"content/2024-01-01/a00.md": article("别处的标题", 1, "别处的正文。")})
    run_build(other, out=tmp_path / "out")  # same output folder, other content
    shutil.rmtree(root / ".newsgen-cache")
    shutil.copytree(other / ".newsgen-cache", root / ".newsgen-cache")
    assert not run_build(root, out=tmp_path / "out").failed
    shutil.rmtree(root / ".newsgen-cache")
    run_build(root, out=tmp_path / "clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")
