"""The command line as an editor or CI uses it: exit codes and messages."""

import subprocess
import sys

from conftest import article, basic_files, write_files

from newsgen.cli import main


def newsgen(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "newsgen", *args], capture_output=True, text=True, cwd=cwd)


def test_build_prints_one_summary_line(site_root):
    result = newsgen("build", "--root", str(site_root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 1 edition, 3 articles: ")
    assert result.stdout.count("\n") == 1


def test_content_errors_exit_1_without_traceback(site_root):
    write_files(site_root, {"content/2024-01-10/bad.md": "---\ntitle: x\npage: three\n---\n"})
    result = newsgen("build", "--root", str(site_root))
    assert result.returncode == 1
    assert "content/2024-01-10/bad.md:3:1: error: 'page' must be a whole number, not 'three'" in result.stderr
    assert "Traceback" not in result.stderr and "nothing was written" in result.stderr


def test_strict_turns_warnings_into_errors(site_root):
    write_files(
        site_root,
        {
            "images/2024-01-10/a.png": _png(),
            "content/2024-01-10/tu.md": article("有图", 1, "![](2024-01-10/a.png)"),
        },
    )
    assert main(["build", "--root", str(site_root)]) == 0
    assert main(["build", "--root", str(site_root), "--strict"]) == 1


def test_usage_errors_exit_2(site_root):
    assert newsgen("build", "--jobs", "zero").returncode == 2
    assert newsgen("new", "article", "2024-13-45", "x", "--page", "1").returncode == 2
    assert newsgen().returncode == 2


def test_check_writes_nothing(site_root):
    assert main(["check", "--root", str(site_root)]) == 0
    assert not (site_root / "site").exists()


def test_new_edition_and_article_then_build(tmp_path):
    write_files(tmp_path, {"newsgen.yaml": basic_files()["newsgen.yaml"]})
    assert main(["new", "edition", "2024-02-01", "--root", str(tmp_path)]) == 0
    assert main(["new", "article", "2024-02-01", "yibao", "--page", "1", "--root", str(tmp_path)]) == 0
    assert main(["new", "article", "2024-02-01", "tu", "--page", "1", "--kind", "banner", "--root", str(tmp_path)]) == 0
    text = (tmp_path / "content/2024-02-01/yibao.md").read_text()
    assert text.startswith("---\ntitle: 在此填写标题\n")
    # refuses to overwrite, and refuses a page the edition does not list
    assert main(["new", "article", "2024-02-01", "yibao", "--page", "1", "--root", str(tmp_path)]) == 1
    assert main(["new", "article", "2024-02-01", "other", "--page", "9", "--root", str(tmp_path)]) == 1
    assert main(["new", "edition", "2024-02-01", "--root", str(tmp_path)]) == 1
    assert (tmp_path / "content/2024-02-01/yibao.md").read_text() == text
    assert main(["build", "--root", str(tmp_path)]) == 0


def test_python_dash_m_and_version():
    result = newsgen("--version")
    assert result.returncode == 0 and result.stdout.startswith("newsgen ")


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def test_progress_bar_shows_only_on_a_terminal_and_after_a_moment():
    import io

    from newsgen.progress import TerminalBar, for_stream

    assert for_stream(io.StringIO()) is None  # CI, a pipe: no bar
    now = [0.0]
    stream = io.StringIO()
    bar = TerminalBar(stream, clock=lambda: now[0])
    bar("render", 1, 100)
    assert stream.getvalue() == ""  # a short build stays quiet
    now[0] = 2.0
    bar("render", 50, 100)
    assert "render" in stream.getvalue() and "50/100" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")
