"""`newsgen init`: a new paper's site that builds, and serve's port check."""

import datetime as dt
import re

import pytest
import yaml
from conftest import REPO

from newsgen.cli import main, make_parser
from newsgen.config import OPTIONS, parse_config
from newsgen.scaffold import WORKFLOW_TEXT, config_text, init_site


def test_init_makes_a_site_that_builds_strictly(tmp_path, capsys):
    folder = tmp_path / "paper"
    assert main(["init", str(folder), "--title", "某某县报"]) == 0
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date().isoformat()
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == [
        ".github/workflows/newsgen.yml",
        ".gitignore",
        f"content/{today}/edition.yaml",
        f"content/{today}/shangxian.md",
        "newsgen.yaml",
    ]
    assert f"created {folder}/newsgen.yaml" in capsys.readouterr().out
    assert main(["build", "--root", str(folder), "--strict"]) == 0
    home = (folder / "site/index.html").read_text("utf-8")
    assert "某某县报数字报上线" in home and "<title>某某县报 " in home
    assert "site/" in (folder / ".gitignore").read_text("utf-8").splitlines()


def test_init_writes_nothing_over_existing_files(tmp_path, capsys):
    (tmp_path / "newsgen.yaml").write_text("title: 旧报\n", "utf-8")
    assert main(["init", str(tmp_path), "--title", "某某县报"]) == 1
    assert "newsgen.yaml: error: already exists; nothing was written" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newsgen.yaml"]
    assert (tmp_path / "newsgen.yaml").read_text("utf-8") == "title: 旧报\n"


def uncommented(text: str) -> dict:
    """The config with every option's line uncommented."""
    lines = [
        re.sub(r"^# ", "", line) for line in text.splitlines() if not line.startswith("# 网站") and "说明见" not in line
    ]
    return yaml.safe_load("\n".join(lines))


def test_the_new_newsgen_yaml_lists_every_option_and_each_line_is_valid():
    text = config_text("某某县报", "https://news.example.cn/")
    config, problems = parse_config(yaml.safe_load(text), {})
    assert problems == [] and config.title == "某某县报" and config.base_url == "https://news.example.cn/"
    every = uncommented(text)
    config, problems = parse_config(every, {})
    assert problems == []  # every commented example is a valid value
    for option in OPTIONS:
        head, _, sub = option.key.rpartition(".")
        assert sub in (every[head] if head else every), option.key
        if not option.required and not option.example:
            assert getattr(config, option.name) == option.default, option.key
    assert all(re.search(r"[\u4e00-\u9fff]", line.split("  # ")[1]) for line in text.splitlines()[3:] if "  # " in line)


@pytest.mark.parametrize("title", ['"县委"报', "报: 副刊", "[视频]报", "# 报", "123"])
def test_any_title_is_written_so_that_yaml_reads_it_back(title):
    config, problems = parse_config(yaml.safe_load(config_text(title, "https://a.org/")), {})
    assert problems == [] and config.title == title


def test_the_workflow_is_the_one_docs_ci_md_shows(tmp_path):
    text = (REPO / "docs/ci.md").read_text("utf-8")
    assert text.split("```yaml\n", 1)[1].split("```", 1)[0] == WORKFLOW_TEXT
    assert yaml.safe_load(WORKFLOW_TEXT)["jobs"]["build"]["steps"][-2] == {"run": "newsgen build --strict"}
    init_site(tmp_path, "某某县报", "https://a.org/", dt.date(2024, 1, 10))
    assert (tmp_path / ".github/workflows/newsgen.yml").read_text("utf-8") == WORKFLOW_TEXT


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "八千"])
def test_serve_refuses_a_port_outside_the_range(port, capsys):
    with pytest.raises(SystemExit) as stop:
        make_parser().parse_args(["serve", "--port", port])
    assert stop.value.code == 2
    assert "argument --port:" in capsys.readouterr().err


@pytest.mark.parametrize("port", ["0", "1", "8000", "65535"])
def test_serve_takes_a_port_inside_the_range(port):
    assert make_parser().parse_args(["serve", "--port", port]).port == int(port)
