"""Bylines and datelines as a Chinese newspaper prints them.

[张婷 (记者)]                 -> 本报记者 张婷
[张婷 (记者), 李四 (通讯员)]  -> 本报记者 张婷 通讯员 李四
[简星 (摄)]                   -> 简星 摄
[袁瑶, 马红梅]                -> 袁瑶 马红梅
本报讯 + [张婷 (记者)]        -> 本报讯（记者 张婷）
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from newsgen.newspaper.roles import STAFF_ROLES, TRAILING_ROLES, Contributor


def format_byline(byline: Iterable[Contributor], dateline: str = "") -> str:
    """The byline line; with a dateline, the lead-in of the first paragraph."""
    people = tuple(byline)
    if dateline:
        inner = _join_groups(people, staff_prefix=False)
        return f"{dateline}（{inner}）" if inner else dateline
    return _join_groups(people, staff_prefix=True)


def _join_groups(people: tuple[Contributor, ...], staff_prefix: bool) -> str:
    if not people:
        return ""
    parts = []
    for role, group in groupby(people, key=_role):
        names = " ".join(person.name for person in group)
        if not role:
            parts.append(names)
        elif role in TRAILING_ROLES:
            parts.append(f"{names} {role}")
        else:
            label = STAFF_ROLES.get(role, role) if staff_prefix else role
            parts.append(f"{label} {names}")
    return " ".join(parts)


def _role(person: Contributor) -> str:
    return person.role


def credit(byline: Iterable[Contributor]) -> str:
    """The photo credit of picture news: the photographers' names with 摄."""
    people = tuple(byline)
    if not people:
        return ""
    photographers = [p for p in people if p.role in TRAILING_ROLES]
    return _join_groups(tuple(photographers or people), staff_prefix=True)
