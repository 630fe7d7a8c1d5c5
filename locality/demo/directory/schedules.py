"""Opening times: each template names a schedule pattern ("office", "evening-1", "monthly"...)
that becomes HSDS ``schedules`` rows (``freq``, ``byday``, ``opens_at``, ``closes_at``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from locality.demo.directory.vocabulary import ALL_DAYS, DAY_NAMES, WEEKDAYS

if TYPE_CHECKING:
    from locality.demo.directory.state import Generator
    from locality.demo.directory.template import Template

Row = tuple[str, str, str, str, str]  # freq, byday, opens_at, closes_at, note
WEEKDAY_SLOTS = ("09:30", "10:00", "10:30", "11:00", "13:00", "13:30", "14:00")
EVERY_WEEKDAY = ",".join(WEEKDAYS)
EVERY_DAY = ",".join(ALL_DAYS)
FIXED_PATTERNS: dict[str, tuple[Row, ...]] = {
    "weekdays": (("WEEKLY", EVERY_WEEKDAY, "09:30", "15:30", ""),),
    "evenings": (("WEEKLY", EVERY_DAY, "18:00", "23:00", ""),),
    "daily": (("WEEKLY", EVERY_DAY, "07:00", "21:00", "Closes at dusk in winter."),),
    "24-7": (("WEEKLY", EVERY_DAY, "00:00", "23:59", "Open 24 hours."),),
    "centre": (
        ("WEEKLY", EVERY_WEEKDAY, "09:00", "21:30", ""),
        ("WEEKLY", "SA", "09:00", "13:00", ""),
    ),
    "holiday": (
        (
            "WEEKLY",
            "MO,TU,WE,TH",
            "10:00",
            "14:00",
            "School holidays only (Easter, summer and Christmas).",
        ),
    ),
}


def _days(rng: random.Random, pool: Sequence[str], count: int) -> str:
    """``count`` days drawn from ``pool``, in week order ("MO,WE")."""
    chosen = set(rng.sample(list(pool), count))
    return ",".join(d for d in ALL_DAYS if d in chosen)


def _slot(rng: random.Random, starts: Sequence[str], minutes: Sequence[int]) -> tuple[str, str]:
    """A start time drawn from ``starts`` and an end ``minutes`` later."""
    start = rng.choice(starts)
    h, m = map(int, start.split(":"))
    end = h * 60 + m + rng.choice(minutes)
    return start, f"{end // 60:02d}:{end % 60:02d}"


def _office(rng: random.Random) -> list[Row]:
    opens, closes = rng.choice((("09:00", "17:00"), ("08:30", "16:30"), ("09:00", "16:00")))
    return [("WEEKLY", EVERY_WEEKDAY, opens, closes, "")]


def _weekly(
    rng: random.Random, count: int, starts: Sequence[str], minutes: Sequence[int]
) -> list[Row]:
    """``count`` weekdays a week, at one of ``starts`` for one of ``minutes``."""
    return [("WEEKLY", _days(rng, WEEKDAYS, count), *_slot(rng, starts, minutes), "")]


def _lunch(rng: random.Random) -> list[Row]:
    return _weekly(rng, rng.choice((1, 1, 2)), ("11:30", "12:00"), (120, 150))


def _weekend(rng: random.Random) -> list[Row]:
    return [("WEEKLY", rng.choice(("SA", "SU")), *_slot(rng, ("09:00", "10:00"), (120, 180)), "")]


def _drop_in(rng: random.Random) -> list[Row]:
    return [("WEEKLY", _days(rng, WEEKDAYS, 3), "10:00", "16:00", "")]


def _library(rng: random.Random) -> list[Row]:
    return [("WEEKLY", _days(rng, WEEKDAYS, rng.choice((3, 4, 5))), "09:30", "17:00", ""),
            ("WEEKLY", "SA", "09:30", "12:30", "")]  # fmt: skip


def _course(rng: random.Random) -> list[Row]:
    days = _days(rng, WEEKDAYS, 1)
    note = "A six-week course; new courses start every school term."
    return [("WEEKLY", days, *_slot(rng, WEEKDAY_SLOTS + ("18:00",), (120,)), note)]


def _monthly(rng: random.Random) -> list[Row]:
    ordinal = rng.choice(("1", "2", "3", "-1"))
    return [("MONTHLY", ordinal + rng.choice(WEEKDAYS),
             *_slot(rng, ("10:00", "14:00"), (60, 90)), "Once a month.")]  # fmt: skip


DRAWN_PATTERNS: dict[str, Callable[[random.Random], list[Row]]] = {
    "office": _office,
    "daytime-1": partial(_weekly, count=1, starts=WEEKDAY_SLOTS, minutes=(60, 90, 120)),
    "daytime-2": partial(_weekly, count=2, starts=WEEKDAY_SLOTS, minutes=(60, 90, 120)),
    "morning-1": partial(_weekly, count=1, starts=("09:30", "10:00", "10:30"),
                         minutes=(60, 90, 120)),
    "lunch": _lunch,
    "evening-1": partial(_weekly, count=1, starts=("18:00", "18:30", "19:00"), minutes=(90, 120)),
    "evening-2": partial(_weekly, count=2, starts=("18:00", "18:30", "19:00"), minutes=(90, 120)),
    "weekend": _weekend,
    "drop-in": _drop_in,
    "library": _library,
    "course": _course,
    "monthly": _monthly,
}  # fmt: skip


def schedule_parts(rng: random.Random, pattern: str) -> list[Row]:
    """(freq, byday, opens_at, closes_at, note) rows for a schedule pattern."""
    if pattern in FIXED_PATTERNS:
        return list(FIXED_PATTERNS[pattern])
    if pattern in DRAWN_PATTERNS:
        return DRAWN_PATTERNS[pattern](rng)
    raise ValueError(f"unknown schedule pattern {pattern!r}")


def describe_days(freq: str, byday: str) -> str:
    """In words: "Mondays and Wednesdays", "Monday to Friday", "Last Tuesday of the month"."""
    days = byday.split(",")
    if freq == "MONTHLY":
        ordinal = {"1": "First", "2": "Second", "3": "Third", "-1": "Last"}
        prefix, day = byday[:-2], byday[-2:]
        return f"{ordinal.get(prefix, prefix)} {DAY_NAMES[day]} of the month"
    if days == list(ALL_DAYS):
        return "Every day"
    if days == list(WEEKDAYS):
        return "Monday to Friday"
    names = [DAY_NAMES[d] + "s" for d in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def schedules(gen: Generator, template: Template, owner_id: str, link: dict) -> list[dict]:
    """HSDS schedules for the template's pattern, linked to a service or service-at-location."""
    out = []
    for i, (freq, byday, opens, closes, note) in enumerate(
        schedule_parts(gen.rng, template.schedule)
    ):
        description = describe_days(freq, byday) + f", {opens} to {closes}"
        schedule = {
            "id": gen.id(owner_id, "schedule", i),
            **link,
            "freq": freq,
            "interval": 1,
            "byday": byday,
            "opens_at": opens,
            "closes_at": closes,
            "description": description + (f". {note}" if note else ""),
        }
        if template.mode == "in_person":
            schedule["attending_type"] = "in person"
        out.append(schedule)
    return out
