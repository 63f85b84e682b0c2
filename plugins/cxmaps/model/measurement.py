"""The measures format (``measures/*.csv``, format 1.1): its columns, the periods a row names, and one
measured value as the reference keeps it."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

#: The columns, in the documented order; only the first four are required.
COLUMNS = ("period", "journey", "step", "persona", "metric", "value", "n", "source")
REQUIRED = ("period", "journey", "metric", "value")
#: The scores a row may measure instead of a standard, with their range (None: the site's emotion scale).
SCORES: dict[str, tuple[float, float] | None] = {"nps": (-100, 100), "csat": (0, 100), "ces": (1, 7), "emotion": None}
_PERIOD = re.compile(r"([0-9]{4})(?:-(?:([0-9]{2})(?:-([0-9]{2}))?|Q([1-4])))?", re.ASCII)


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A day, month, quarter or year; ordered by its last day, then its first (a month after its quarter)."""

    end: date
    start: date
    text: str

    @property
    def kind(self) -> str:
        return (
            "day"
            if len(self.text) == 10
            else "quarter"
            if "Q" in self.text
            else "month"
            if "-" in self.text
            else "year"
        )


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period | None:
    """The period a cell names, or None when it names none (``2026-13``, ``2026-02-30``, ``Q3 2026``)."""
    match = _PERIOD.fullmatch(text)
    if not match:
        return None
    year, month, day, quarter = match.groups()
    y = int(year)
    try:
        if day:
            start = end = date(y, int(month), int(day))
        elif month:
            m = int(month)
            start, end = date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        elif quarter:
            last = int(quarter) * 3
            start, end = date(y, last - 2, 1), date(y, last, calendar.monthrange(y, last)[1])
        else:
            start, end = date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None
    return Period(end, start, text)


@dataclass(frozen=True, slots=True)
class Measure:
    """One measured value, and the file and line it came from (for health findings and the diff)."""

    period: Period
    journey: str
    step: str
    """Empty: the whole journey."""
    persona: str
    """Empty: all the journey's customers."""
    metric: str
    """A standard's id of the step, or a score (`SCORES`)."""
    value: float
    n: int | None
    source: str
    file: str
    line: int


#: Periods as spreadsheets and people write them, and the form cxmaps reads.
_LOCAL_DAY = re.compile(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})")
_LOCAL_MONTH = re.compile(r"([0-9]{1,2})[/.]([0-9]{4})")
_LOCAL_QUARTER = re.compile(r"(?:[QT]([1-4])[ -/]?([0-9]{4})|([0-9]{4})[ -/]?[QT]([1-4]))", re.IGNORECASE)


def period_hint(text: str) -> str:
    """ "2026-03-31 for 31/03/2026, or " when the cell is a period written another usual way; "" otherwise.

    31/03/2026 is read day first, as in Europe; 03/31/2026 cannot be, so it is read month first.
    """
    written = text.strip()
    if match := _LOCAL_DAY.fullmatch(written):
        first, second, year = int(match[1]), int(match[2]), match[3]
        day, month = (first, second) if second <= 12 else (second, first)
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d} for {written}, or "
    if (match := _LOCAL_MONTH.fullmatch(written)) and 1 <= int(match[1]) <= 12:
        return f"{match[2]}-{int(match[1]):02d} for {written}, or "
    if match := _LOCAL_QUARTER.fullmatch(written):
        quarter, year = (match[1], match[2]) if match[1] else (match[4], match[3])
        return f"{year}-Q{quarter} for {written}, or "
    return ""
