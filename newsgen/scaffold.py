"""`newsgen new` and `newsgen init`: files with the right front matter, never overwriting."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import yaml

from newsgen.config import CONFIG_FILE, OPTIONS, yaml_scalar
from newsgen.content.editions import parse_edition
from newsgen.content.publishing import PLACEHOLDER_BODY, PLACEHOLDER_CAPTION, PLACEHOLDER_NAMES, PLACEHOLDER_TITLE
from newsgen.content.source import CONTENT_DIR, EDITION_FILE
from newsgen.errors import Diagnostic, error
from newsgen.i18n import msg

SLUG = re.compile(r"^[\w][\w-]*$")

EDITION_TEMPLATE = """\
date: {date}
# number: 3456          # 期号 (optional)
# draft: true           # keep it off the site until this line is removed
# publish_at: {date}T06:00+08:00   # or: publish it at this time (北京时间)
pages:                  # the edition's pages (版), in print order
  - number: 1
    name: 要闻
    # editor: 王某      # 责任编辑 (optional)
"""

# The placeholders are what publishing.check_placeholders finds left in a file.
ARTICLE_TEMPLATES = {
    "article": f"title: {PLACEHOLDER_TITLE}\n# kicker: 引题\n# subtitle: 副题\npage: {{page}}\n"
    f"byline: [{{{{name: {PLACEHOLDER_NAMES[0]}, role: 记者}}}}]\n# dateline: 本报讯\ntags: []\n",
    "picture": f"title: 图片新闻\nkind: picture\npage: {{page}}\nimage: {{date}}/photo.jpg\n"
    f"caption: {PLACEHOLDER_CAPTION}\nbyline: [{{{{name: {PLACEHOLDER_NAMES[1]}, role: 摄}}}}]\n",
    "banner": "title: 社会主义核心价值观\nkind: banner\npage: {page}\n",
    "notice": "title: 启事\nkind: notice\npage: {page}\n",
}


def new_edition(root: Path, date: dt.date) -> tuple[list[Diagnostic], str]:
    rel = f"{CONTENT_DIR}/{date.isoformat()}/{EDITION_FILE}"
    path = root / rel
    if path.exists():
        return [error(rel, 0, 0, msg("already exists; not overwritten"))], ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EDITION_TEMPLATE.format(date=date.isoformat()), encoding="utf-8")
    return [], rel


def new_article(root: Path, date: dt.date, slug: str, page: int, kind: str = "article") -> tuple[list[Diagnostic], str]:
    rel = f"{CONTENT_DIR}/{date.isoformat()}/{slug}.md"
    if not SLUG.match(slug) or slug.isdigit():
        return [
            error(
                rel,
                0,
                0,
                msg("'{slug}' cannot be a slug", slug=slug),
                msg("use letters, digits and '-', e.g. yiliao-baoxian"),
            )
        ], ""
    edition_rel = f"{CONTENT_DIR}/{date.isoformat()}/{EDITION_FILE}"
    edition_path = root / edition_rel
    if not edition_path.is_file():
        return [
            error(
                edition_rel,
                0,
                0,
                msg("edition.yaml is missing"),
                msg("create it first with: newsgen new edition {date}", date=date.isoformat()),
            )
        ], ""
    edition, problems = parse_edition(edition_path.read_bytes(), edition_rel, date)
    if edition is None:
        return problems, ""
    if edition.page(page) is None:
        listed = ", ".join(str(p.number) for p in edition.pages)
        return [
            error(
                edition_rel,
                0,
                0,
                msg("page {page} is not in the edition", page=page),
                msg("it lists {listed}", listed=listed),
            )
        ], ""
    path = root / rel
    if path.exists():
        return [error(rel, 0, 0, msg("already exists; not overwritten"))], ""
    front = ARTICLE_TEMPLATES[kind].format(page=page, date=date.isoformat())
    path.write_text(f"---\n{front}---\n\n{PLACEHOLDER_BODY}\n", encoding="utf-8")
    return [], rel


# `newsgen init`: a new paper's site, ready to build.

WORKFLOW = ".github/workflows/newsgen.yml"
# The workflow of docs/ci.md (tests/test_init.py checks they are the same).
WORKFLOW_TEXT = """\
name: build the paper
on:
  push:
  schedule:
    - cron: "*/30 * * * *"   # every half hour: an embargoed edition (publish_at) goes live when it is due
  workflow_dispatch:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - uses: actions/cache@v4
        with:
          path: .newsgen-cache
          key: newsgen-${{ github.sha }}
          restore-keys: newsgen-
      - run: pip install newsgen      # or: pip install -e path/to/newsgen
      - run: newsgen build --strict
      - uses: actions/upload-pages-artifact@v3
        with: {path: site}
"""
GITIGNORE_TEXT = """\
# what newsgen makes: never edit or commit it
site/
.newsgen-cache/
.*.newsgen-standby/
.*.newsgen-staging-*/
.*.newsgen-lock
"""
WELCOME_TEXT = """\
---
title: {title}数字报上线
page: 1
byline: [{{name: 编辑部, role: 编辑}}]
tags: [本报消息]
---

{title}数字报今天上线。每一期是 content 下以日期命名的文件夹，每篇文章是其中的一个 Markdown 文件。

新建一期：`newsgen new edition 日期`；新建文章：`newsgen new article 日期 文件名 --page 版次`。
写好后运行 `newsgen serve` 预览，`newsgen build --strict` 生成网站。
"""


def config_text(title: str, base_url: str) -> str:
    """newsgen.yaml with every option: the required ones set, the others
    commented out with their default (or an example) and what they do."""
    lines = [
        "# 网站设置（newsgen.yaml）。所有选项都列在这里：去掉行首的 # 即可启用。",
        "# 说明见 docs/content-format.md。",
        "",
    ]
    section = ""
    for option in OPTIONS:
        head, _, sub = option.key.rpartition(".")
        value = {"title": _quoted(title), "base_url": _quoted(base_url)}.get(option.key)
        if value is None:
            value = option.example or option.hint or yaml_scalar(option.default)
        if head and head != section:
            lines.append(f"# {head}:")
        section = head
        key = f"  {sub}" if head else option.key
        entry = f"{key}: {value}" if option.required else f"# {key}: {value}"
        lines.append(f"{entry}  # {option.zh}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """``text`` as a YAML value: as it is when YAML reads it back so, else quoted."""
    try:
        plain = yaml.safe_load(f"v: {text}") == {"v": text} and "#" not in text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def init_site(folder: Path, title: str, base_url: str, today: dt.date) -> tuple[list[Diagnostic], list[str]]:
    """A new paper's site in ``folder``: newsgen.yaml, today's edition with
    one page and one article, .gitignore and a CI workflow. Writes nothing
    if any of these files is already there."""
    date = today.isoformat()
    files = {
        CONFIG_FILE: config_text(title, base_url),
        f"{CONTENT_DIR}/{date}/{EDITION_FILE}": f"date: {date}\nnumber: 1\npages:\n  - number: 1\n    name: 要闻\n",
        f"{CONTENT_DIR}/{date}/shangxian.md": WELCOME_TEXT.format(title=title),
        ".gitignore": GITIGNORE_TEXT,
        WORKFLOW: WORKFLOW_TEXT,
    }
    there = [rel for rel in files if (folder / rel).exists()]
    if there:
        return [error(rel, 0, 0, "already exists; nothing was written") for rel in there], []
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return [], list(files)
