"""Open at a time, in SQL: a pre-filter that may let through too much, never too little.

`schedule_utils` is the exact check; it runs in Python on the rows this leaves. A schedule
passes `may_be_open(wall)` when it could have a session open at `wall` (naive local time,
date D and time t), starting that day or the day before (past midnight):

- it is not MONTHLY or YEARLY (those never count as open);
- it runs on the day: `byday` holds the day's code ("MO"), or `freq` is neither blank nor
  weekly (a DAILY schedule with no days runs every day);
- it is valid on the day (`valid_from`, `dtstart`, `valid_to`, `until`), and an `interval`
  above 1 has a `dtstart` (which week or day it falls on is left to the exact check);
- its hours cover t: starting on D, it opened at or before t and closes after t, at or
  past midnight, or never; starting on D-1, it runs past midnight and closes after t.

Each test errs towards letting a schedule through: `byday` is matched as a substring
("1MO" passes for Monday), case-blind for ASCII, and "ſ" (long s, which Python upper-cases
to "S") counts as S. The SQL is written out rather than built from `Q` objects: Django
took longer to compile the three copies than the database took to run them. It is the same
on both databases (`UPPER(...) LIKE`, quoted names, dates and times adapted by the
backend). `tests/integration/test_directory_search_open_at.py` compares the search with
the exact answer over random schedules, on both.

Which schedules apply follows `Schedules.applicable`: those of the service at the location,
else the service's own (with no location), else the location's. So a place passes
`place_may_be_open` when the first of those that has any schedule has one that may be open.
"""

import datetime as dt

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from locality.directory import models as m
from locality.directory.schedule_utils import WEEKDAYS

MIDNIGHT = dt.time(0)
SCHEDULE = m.Schedule._meta.db_table
# {a} is the schedule's alias; {today} and {yesterday} are `_RUNS_ON` for each day
_MAY_BE_OPEN = """(UPPER({a}.freq) NOT LIKE %s AND UPPER({a}.freq) NOT LIKE %s
 AND ({a}."interval" IS NULL OR {a}."interval" <= 1 OR {a}.dtstart IS NOT NULL)
 AND (({today} AND ({a}.opens_at IS NULL OR {a}.opens_at <= %s)
       AND ({a}.closes_at IS NULL OR {a}.closes_at > %s OR {overnight}))
   OR ({yesterday} AND {overnight} AND {a}.closes_at > %s)))"""
# past midnight: `closes_at` at or before `opens_at` (a missing `opens_at` is midnight)
_OVERNIGHT = "({a}.closes_at <= {a}.opens_at OR ({a}.opens_at IS NULL AND {a}.closes_at = %s))"
_RUNS_ON = """((UPPER({a}.byday) LIKE %s OR UPPER({a}.byday) LIKE %s
   OR ({a}.freq <> '' AND UPPER({a}.freq) NOT LIKE %s))
  AND ({a}.valid_from IS NULL OR {a}.valid_from <= %s)
  AND ({a}.dtstart IS NULL OR {a}.dtstart <= %s)
  AND ({a}.valid_to IS NULL OR {a}.valid_to >= %s)
  AND ({a}."until" IS NULL OR {a}."until" >= %s))"""


def may_be_open(wall: dt.datetime, alias: str = "sc") -> tuple[str, list]:
    """SQL true for a schedule (`alias`) that may be open at `wall`, and its parameters."""
    ops = connection.ops
    at, midnight = ops.adapt_timefield_value(wall.time()), ops.adapt_timefield_value(MIDNIGHT)
    overnight = _OVERNIGHT.format(a=alias)
    today, today_params = _runs_on(alias, wall.date())
    yesterday, yesterday_params = _runs_on(alias, wall.date() - dt.timedelta(days=1))
    sql = _MAY_BE_OPEN.format(a=alias, today=today, yesterday=yesterday, overnight=overnight)
    params = ["%MONTHLY%", "%YEARLY%", *today_params, at, at, midnight,
              *yesterday_params, midnight, at]  # fmt: skip
    return sql, params


def _runs_on(alias: str, day: dt.date) -> tuple[str, list]:
    code = WEEKDAYS[day.weekday()]
    # "ſu".upper() == "SU" in Python; SQLite's UPPER leaves the "ſ"
    long_s = f"%ſ{code[1]}%" if code.startswith("S") else f"%{code}%"
    value = connection.ops.adapt_datefield_value(day)
    return _RUNS_ON.format(a=alias), [f"%{code}%", long_s, "%WEEKLY%", value, value, value, value]


def place_may_be_open(wall: dt.datetime) -> RawSQL:
    """For a `ServiceAtLocation` query: the schedules that apply to it may be open at `wall`."""
    sal = m.ServiceAtLocation._meta.db_table
    maybe, params = may_be_open(wall)
    of_sal = f'SELECT 1 FROM {SCHEDULE} sc WHERE sc.service_at_location_id = "{sal}".id'
    of_service = (
        f'SELECT 1 FROM {SCHEDULE} sc WHERE sc.service_id = "{sal}".service_id'
        " AND sc.service_at_location_id IS NULL"
    )
    of_location = f'SELECT 1 FROM {SCHEDULE} sc WHERE sc.location_id = "{sal}".location_id'
    sql = (
        f"(EXISTS ({of_sal} AND {maybe}) OR (NOT EXISTS ({of_sal})"
        f" AND (EXISTS ({of_service} AND {maybe}) OR (NOT EXISTS ({of_service})"
        f" AND EXISTS ({of_location} AND {maybe})))))"
    )
    return RawSQL(sql, params * 3, output_field=BooleanField())


def service_may_be_open(wall: dt.datetime) -> RawSQL:
    """For a `Service` query (a service with no place): its own schedules may be open."""
    service = m.Service._meta.db_table
    maybe, params = may_be_open(wall)
    sql = (
        f'EXISTS (SELECT 1 FROM {SCHEDULE} sc WHERE sc.service_id = "{service}".id'
        f" AND sc.service_at_location_id IS NULL AND {maybe})"
    )
    return RawSQL(sql, params, output_field=BooleanField())
