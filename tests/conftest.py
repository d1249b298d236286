"""Shared fixtures: small sites written from inline files."""

from __future__ import annotations

import hashlib
import os
import textwrap
from pathlib import Path

import pytest

from newsgen.build import BuildOptions, build

# Messages in English (newsgen.i18n), whatever the machine's locale; the
# tests of the Chinese ones set the language themselves.
os.environ["LANGUAGE"] = "en"

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

CONFIG = "title: 遵义日报\nbase_url: https://news.example.org/paper/\n"
EDITION = """\
date: 2024-01-10
number: 3456
pages:
  - number: 1
    name: 要闻
    editor: 王某
  - number: 2
    name: 综合
"""


def article(title="标题", page=1, body="正文。", **fields) -> str:
    lines = [f"title: {title}", f"page: {page}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
    return root


def basic_files() -> dict[str, str]:
    return {
        "newsgen.yaml": CONFIG,
        "content/2024-01-10/edition.yaml": EDITION,
        "content/2024-01-10/wangge.md": article(
            "“小网格”里见“大民生”",
            1,
            "随着行动的持续推进，汇川区党员干部编组\n下沉网格。\n\n### 小标题\n\n第二段。",
            subtitle="汇川区2800余名党员干部下沉网格",
            order=1,
            byline="[袁瑶, 马红梅]",
            tags="[基层治理]",
        ),
        "content/2024-01-10/yibao.md": article(
            "医保政策宣传进万家",
            2,
            "为营造主动及时参保缴费的良好氛围。",
            kicker="余庆县医疗保障局",
            dateline="本报讯",
            byline="[{name: 张婷, role: 记者}]",
            tags="[医保, 基层治理]",
        ),
        "content/2024-01-10/values.md": article("社会主义核心价值观", 2, "富强 民主 文明 和谐", kind="banner"),
    }


@pytest.fixture
def site_root(tmp_path) -> Path:
    return write_files(tmp_path / "paper", basic_files())


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) in a file of the site, as an editor would."""
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def run_build(root: Path, **options):
    """A build as the tests want it: one process, and no search index
    (the search tests build it themselves)."""
    options.setdefault("jobs", 1)
    options.setdefault("search", False)
    session = options.pop("session", None)
    return build(BuildOptions(root=root, **options), session)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file's hash, but changed-urls.txt: it lists what one build
    wrote, so an incremental build's differs from a clean build's by design."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "changed-urls.txt"
    }
