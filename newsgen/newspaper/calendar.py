"""Dates as a Chinese paper prints them: the lunar date of the masthead
(农历癸卯年十一月廿九) and the month calendars of 往期回顾.

The lunar calendar is astronomical (new moons and solar terms in China's
time zone), so it comes from a maintained library, lunar_python, never
from a table of our own. Everything here is plain data for the plan."""

from __future__ import annotations

import calendar as gregorian
import datetime as dt
from dataclasses import dataclass, field

from lunar_python import LunarYear, Solar
from lunar_python.util import LunarUtil

# Papers print 十一月 and 十二月 in the masthead; lunar_python names them
# 冬 and 腊 (the colloquial 冬月, 腊月).
LUNAR_MONTHS = ("", "正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
WEEK_HEADER = "日一二三四五六"  # a Chinese wall calendar starts on Sunday
SUNDAY = 6  # in the numbering of the calendar module


@dataclass(frozen=True)
class LunarMonth:
    first_day: dt.date
    year: int  # the lunar year it belongs to
    month: int  # 1..12
    leap: bool  # 闰月
    days: int


@dataclass
class LunarCalendar:
    """Lunar dates for one build.

    lunar_python's per-date object computes solar terms and much more (about
    4 ms a date, 2.5 s for 625 editions); the months of a whole lunar year
    cost about 8 ms. So each Gregorian year's months are computed once and a
    day is looked up in them: a handful of years per build."""

    _months: dict[int, list[LunarMonth]] = field(default_factory=dict)

    def months_of(self, year: int) -> list[LunarMonth]:
        """The lunar months that cover the Gregorian ``year``: lunar_python
        lists a lunar year's months from the 11th month of the year before,
        which always starts before 1 January."""
        if year not in self._months:
            months = []
            for m in LunarYear.fromYear(year).getMonths():
                solar = Solar.fromJulianDay(m.getFirstJulianDay())
                first = dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
                months.append(LunarMonth(first, m.getYear(), abs(m.getMonth()), m.getMonth() < 0, m.getDayCount()))
            self._months[year] = months
        return self._months[year]

    def lunar_date(self, day: dt.date) -> tuple[LunarMonth, int]:
        for month in reversed(self.months_of(day.year)):
            if month.first_day <= day:
                return month, (day - month.first_day).days + 1
        raise ValueError(f"no lunar month found for {day}")  # lunar_python covers years 1..9999

    def text(self, day: dt.date) -> str:
        """农历癸卯年十一月廿九; a leap month is 闰二月."""
        month, number = self.lunar_date(day)
        leap = "闰" if month.leap else ""
        return f"农历{year_ganzhi(month.year)}年{leap}{LUNAR_MONTHS[month.month]}月{LunarUtil.DAY[number]}"


def year_ganzhi(lunar_year: int) -> str:
    """癸卯: the sexagenary name of a lunar year, as lunar_python's LunarYear
    computes it (its tables, its offset from year 4)."""
    offset = lunar_year - 4
    return LunarUtil.GAN[offset % 10 + 1] + LunarUtil.ZHI[offset % 12 + 1]


def month_weeks(year: int, month: int, links: dict[int, dict]) -> list[list[dict | None]]:
    """The month as weeks from Sunday to Saturday: None for a day of the
    neighbouring months, else {"day", "date", "link"} where link is the
    edition of that day (from ``links``, keyed by day of month) or None."""
    weeks = []
    for week in gregorian.Calendar(SUNDAY).monthdayscalendar(year, month):
        weeks.append(
            [
                None
                if day == 0
                else {"day": day, "date": dt.date(year, month, day).isoformat(), "link": links.get(day)}
                for day in week
            ]
        )
    return weeks


def month_title(year: int, month: int) -> str:
    return f"{year}年{month}月"
