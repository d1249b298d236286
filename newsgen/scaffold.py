"""`newsgen new`: files with the right front matter, never overwriting."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from newsgen.content.editions import parse_edition
from newsgen.content.publishing import PLACEHOLDER_BODY, PLACEHOLDER_CAPTION, PLACEHOLDER_NAMES, PLACEHOLDER_TITLE
from newsgen.content.source import CONTENT_DIR, EDITION_FILE
from newsgen.errors import Diagnostic, error

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
        return [error(rel, 0, 0, "already exists; not overwritten")], ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EDITION_TEMPLATE.format(date=date.isoformat()), encoding="utf-8")
    return [], rel


def new_article(root: Path, date: dt.date, slug: str, page: int, kind: str = "article") -> tuple[list[Diagnostic], str]:
    rel = f"{CONTENT_DIR}/{date.isoformat()}/{slug}.md"
    if not SLUG.match(slug) or slug.isdigit():
        return [error(rel, 0, 0, f"'{slug}' cannot be a slug", "use letters, digits and '-', e.g. yiliao-baoxian")], ""
    edition_rel = f"{CONTENT_DIR}/{date.isoformat()}/{EDITION_FILE}"
    edition_path = root / edition_rel
    if not edition_path.is_file():
        return [
            error(
                edition_rel,
                0,
                0,
                "edition.yaml is missing",
                f"create it first with: newsgen new edition {date.isoformat()}",
            )
        ], ""
    edition, problems = parse_edition(edition_path.read_bytes(), edition_rel, date)
    if edition is None:
        return problems, ""
    if edition.page(page) is None:
        listed = ", ".join(str(p.number) for p in edition.pages)
        return [error(edition_rel, 0, 0, f"page {page} is not in the edition", f"it lists {listed}")], ""
    path = root / rel
    if path.exists():
        return [error(rel, 0, 0, "already exists; not overwritten")], ""
    front = ARTICLE_TEMPLATES[kind].format(page=page, date=date.isoformat())
    path.write_text(f"---\n{front}---\n\n{PLACEHOLDER_BODY}\n", encoding="utf-8")
    return [], rel
