"""The one vocabulary of the people a paper names: the role words of
bylines and page feet, read by the importer and the front matter
(credits.py), printed by bylines.py, told apart by the SEO data (editors
are not authors)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Contributor:
    """One byline entry: 张婷, or 张婷 with the role 记者."""

    name: str
    role: str = ""


# Role words printed before names, longest first so that 本报记者 wins over
# 记者. The value is the role written to the byline: 本报 adds nothing a
# reader of the paper's own site needs.
ROLE_WORDS = {
    "本报特约记者": "特约记者",
    "本报见习记者": "见习记者",
    "本报记者": "记者",
    "本报特约通讯员": "特约通讯员",
    "本报通讯员": "通讯员",
    "特约记者": "特约记者",
    "见习记者": "见习记者",
    "实习记者": "实习记者",
    "特约通讯员": "特约通讯员",
    "通讯员": "通讯员",
    "实习生": "实习生",
    "记者": "记者",
    "摄影": "摄",
    "文/图": "文/图",
    "图/文": "文/图",
    "文／图": "文/图",
    "图文": "文/图",
    "文图": "文/图",
}
# One-character roles collide with surnames (文静, 图门), so they only count
# as a token of their own: "文 张三 图 李四".
SHORT_ROLES = {"文": "文", "图": "图"}
PHOTO = "摄"
# Roles printed after the names ("简星 摄"); every other role goes before.
TRAILING_ROLES = {"摄", "摄影", "供图", "绘", "制图"}
# Under a headline a paper prints "本报记者"; inside "本报讯（…）" just "记者".
STAFF_ROLES = {"记者": "本报记者", "见习记者": "本报见习记者"}

# Page foot: 责任编辑：王某 校对：李某. 编辑 alone comes last so that the
# longer words are taken whole.
FOOT_ROLES = (
    "责任编辑",
    "本版编辑",
    "值班编辑",
    "美术编辑",
    "责编",
    "美编",
    "编辑",
    "校对",
    "组版",
    "排版",
    "版式",
    "审核",
    "审校",
    "终审",
    "监制",
)
# The page's editors (责任编辑 on a page view; editor in JSON-LD).
EDITOR_ROLES = {"责任编辑", "本版编辑", "值班编辑", "责编", "编辑"}
# Desk roles name the people who made the page, not the article: never its authors.
DESK_ROLES = frozenset(FOOT_ROLES)
