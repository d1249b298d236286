"""Dates as a Chinese paper prints them."""

from __future__ import annotations

import datetime as dt

WEEKDAYS = "一二三四五六日"


def chinese_date(day: dt.date) -> str:
    """2024年1月10日 星期三, without locale (no process-global state)."""
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"
