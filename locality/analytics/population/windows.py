"""Dates as of which measures are computed, look-back windows and age.

``as_of`` defaults to the day after the latest event date in the data (``schema.AS_OF_DEFAULT``).
A window is half open: an event counts when ``start <= date < end``. Windows are computed in
Python and enter the query as date literals, so every engine compares the same dates.

>>> import datetime
>>> last_12_months(datetime.date(2024, 2, 29))
Window(start=datetime.date(2023, 2, 28), end=datetime.date(2024, 2, 29))
>>> previous_12_months(datetime.date(2024, 2, 29))
Window(start=datetime.date(2022, 2, 28), end=datetime.date(2023, 2, 28))
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir


@dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date

    def contains(self, date: ir.DateColumn) -> ir.BooleanColumn:
        return (date >= ibis.literal(self.start)) & (date < ibis.literal(self.end))


def resolve_as_of(events: ir.Table, as_of: datetime.date | str | None = None) -> datetime.date:
    """``as_of`` itself (a date or ISO string), or the day after the latest event date."""
    if isinstance(as_of, str):
        return datetime.date.fromisoformat(as_of)
    if as_of is not None:
        return as_of
    latest = events.date.max().to_pyarrow().as_py()
    if latest is None:
        raise ValueError("as_of: the events table is empty, so as_of must be given")
    return latest + datetime.timedelta(days=1)


def months_before(date: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    index = date.year * 12 + date.month - 1 - months
    year, month = divmod(index, 12)
    day = min(date.day, calendar.monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day)


def last_12_months(as_of: datetime.date) -> Window:
    return Window(months_before(as_of, 12), as_of)


def previous_12_months(as_of: datetime.date) -> Window:
    """The 12 months before :func:`last_12_months`."""
    return Window(months_before(as_of, 24), months_before(as_of, 12))


def age_at(birth_date: ir.DateColumn, as_of: datetime.date) -> ir.IntegerColumn:
    """Age in whole years on ``as_of``; someone born on 29 February turns a year older on
    1 March in a common year (as in English law)."""
    before_birthday = (birth_date.month() > as_of.month) | (
        (birth_date.month() == as_of.month) & (birth_date.day() > as_of.day)
    )
    years = ibis.literal(as_of.year, type="int64") - birth_date.year().cast("int64")
    return years - before_birthday.ifelse(1, 0).cast("int64")
