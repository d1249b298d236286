"""Who wrote it: bylines, datelines and page-foot credits as county papers
print them, read from the raw text of a laid-out page.

Pure functions of strings; ``newsgen.importer`` decides where on the page
to look. Every reader returns ``None`` when the text is not a credit, so a
bracket that only looks like one (``（2023年）``, ``（完）``) stays in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsgen.newspaper.roles import EDITOR_ROLES, FOOT_ROLES, PHOTO, ROLE_WORDS, SHORT_ROLES, Contributor

ROLE_PREFIX = re.compile("|".join(re.escape(w) for w in sorted(ROLE_WORDS, key=len, reverse=True)))

# 2-4 Han characters, or a minority name with a middle dot (阿依古丽·买买提).
NAME = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8})+)$")
# Short bracketed words that pass as names but are print furniture.
NOT_NAMES = {"待续", "未完待续", "全文完", "续完", "本报讯", "图片新闻", "责任编辑", "编者按", "手记"}
SEPARATORS = re.compile(r"[\s\u3000、，,；;：:]+")
BOX_MARKS = "□■◎●○◆◇▲△★☆"
OPEN, CLOSE = "(（", ")）"
SENTENCE_END = "。！？!?…”’」』"

DATELINE = re.compile(
    r"^(本报讯|本报[\u4e00-\u9fff]{1,8}讯|(?:新华社|中新社|人民日报|人民网|新华网)[\u4e00-\u9fff\d]{0,16}电)"
)
BRACKETED = re.compile(r"^\s*[(（]([^()（）]{1,40})[)）]")
TRAILING_BRACKET = re.compile(r"^(.*?[" + SENTENCE_END + r"])\s*[(（]([^()（）]{1,40})[)）]\s*$", re.S)
TRAILING_LINE = re.compile(r"^(.*?[" + SENTENCE_END + r"])\s+(\S.{1,40})$", re.S)

FOOT_ROLE = re.compile("(" + "|".join(FOOT_ROLES) + r")(?:\s*[:：]\s*|\s+)")


@dataclass(frozen=True)
class Opening:
    """What precedes the first sentence: 本报讯 (记者 张婷)为营造…"""

    dateline: str
    byline: tuple[Contributor, ...]
    rest: str


def parse_credit(text: str, *, need_role: bool = False) -> tuple[Contributor, ...] | None:
    """The contributors named in ``text`` (brackets and box marks allowed
    around it), or None when it is not purely a credit. ``need_role``: an
    unbracketed line of bare names is too easily a short sentence."""
    inner = text.strip().lstrip(BOX_MARKS).strip()
    bracketed = len(inner) > 2 and inner[0] in OPEN and inner[-1] in CLOSE
    if bracketed:
        inner = inner[1:-1]
    tokens = _merge_padded(SEPARATORS.split(inner.strip()))
    people, saw_role = _read_tokens(tokens)
    if not people or (need_role and not bracketed and not saw_role):
        return None
    return people


def _merge_padded(tokens: list[str]) -> list[str]:
    """骆　艳: a two-character name padded with a full-width space to line up
    with three-character names. No Han name is one character, so two lone
    characters side by side are one name."""
    merged: list[str] = []
    for token in (t for t in tokens if t):
        if (
            len(token) == 1
            and merged
            and len(merged[-1]) == 1
            and _is_han(merged[-1])
            and _is_han(token)
            and token not in SHORT_ROLES
        ):
            merged[-1] += token
        else:
            merged.append(token)
    return merged


def _read_tokens(tokens: list[str]) -> tuple[tuple[Contributor, ...] | None, bool]:
    """Role words set the role for the names after them (本报记者 张婷 李明
    通讯员 王五); a trailing 摄 re-labels the names since the last role word
    (记者 简星 摄: the credit is for the photo)."""
    people: list[Contributor] = []
    role, group, saw_role = "", 0, False
    for token in tokens:
        glued_photo = len(token) > 2 and token.endswith(PHOTO) and NAME.match(token[:-1])
        if glued_photo:  # 简星摄
            people.append(Contributor(token[:-1]))
        if glued_photo or token == PHOTO or (token == "摄影" and len(people) > group):
            if len(people) == group:
                return None, saw_role  # 摄 with nobody before it
            people[group:] = [Contributor(p.name, PHOTO) for p in people[group:]]
            role, group, saw_role = "", len(people), True
            continue
        if token in SHORT_ROLES:
            role, group, saw_role = SHORT_ROLES[token], len(people), True
            continue
        prefix = ROLE_PREFIX.match(token)
        if prefix:
            role, group, saw_role = ROLE_WORDS[prefix.group()], len(people), True
            token = token[prefix.end() :]
            if not token:
                continue
        if not NAME.match(token) or token in NOT_NAMES:
            return None, saw_role
        people.append(Contributor(token, role))
    return tuple(people) or None, saw_role


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def split_opening(text: str) -> Opening | None:
    """本报讯 (记者 张婷)为营造… -> dateline, byline, the text after them."""
    match = DATELINE.match(text.strip())
    if not match:
        return None
    rest = text.strip()[match.end() :]
    byline: tuple[Contributor, ...] = ()
    bracket = BRACKETED.match(rest)
    if bracket:
        people = parse_credit(f"（{bracket.group(1)}）")
        if people:
            byline, rest = people, rest[bracket.end() :]
    return Opening(match.group(1), byline, rest.strip())


def split_trailing_credit(text: str) -> tuple[str, tuple[Contributor, ...]]:
    """…姬敏说。(陈桂良) -> the paragraph without it, and 陈桂良. Only after
    a sentence end, so a bracket in mid-sentence is never taken."""
    for pattern, need_role in ((TRAILING_BRACKET, False), (TRAILING_LINE, True)):
        match = pattern.match(text.strip())
        if not match:
            continue
        credit = match.group(2)
        people = parse_credit(f"（{credit}）" if pattern is TRAILING_BRACKET else credit, need_role=need_role)
        if people:
            return match.group(1), people
    return text, ()


def parse_page_foot(line: str) -> tuple[tuple[str, str], ...] | None:
    """责任编辑：王某 校对：李某 -> (("责任编辑", "王某"), ("校对", "李某")),
    or None when the line is anything else."""
    text = line.strip()
    matches = list(FOOT_ROLE.finditer(text))
    if not matches or matches[0].start() != 0:
        return None
    pairs: list[tuple[str, str]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        names = _merge_padded(SEPARATORS.split(text[match.end() : end].strip()))
        if not names or not all(NAME.match(n) for n in names):
            return None
        pairs.extend((match.group(1), name) for name in names)
    return tuple(pairs)


def page_editor(pairs: tuple[tuple[str, str], ...]) -> str:
    """The 责任编辑 of a page foot, several names joined by a space."""
    return " ".join(name for role, name in pairs if role in EDITOR_ROLES)


def credit_label(person: Contributor) -> str:
    """How a credit reads in print: 记者 张婷, 简星 摄, 袁瑶."""
    if person.role == PHOTO:
        return f"{person.name} {PHOTO}"
    return f"{person.role} {person.name}" if person.role else person.name
