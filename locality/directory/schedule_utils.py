"""Opening times from HSDS schedules: is it open at a moment, when does it next open, in words.

Rules (the same for search, the service page and the "near you" sheet):
- A schedule with `freq` WEEKLY (or no `freq`) is open on the days in `byday` ("MO,WE");
  DAILY is open every day (narrowed by `byday` if given). MONTHLY and YEARLY schedules
  ("first Monday") are shown in words but never counted as open: we cannot check them.
- It is open from `opens_at` (inclusive) to `closes_at` (exclusive). A `closes_at` at or
  before `opens_at` runs past midnight into the next day. With neither time, all day.
- Only between `valid_from`/`dtstart` and `valid_to`/`until` (inclusive) when they are set.
- `interval` 2 with a `dtstart` is every other week (or day) counted from `dtstart`;
  an interval with no `dtstart` cannot be checked, so it is never counted as open.
- Times are local UK time (`TIME_ZONE`); HSDS's `timezone` field is ignored.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LOOK_AHEAD_DAYS = 14


@dataclass(frozen=True)
class Opening:
    starts: dt.datetime
    ends: dt.datetime | None
    open_now: bool


def local(at: dt.datetime) -> dt.datetime:
    """`at` in local time: aware datetimes are converted, naive ones taken as local."""
    if timezone.is_naive(at):
        return timezone.make_aware(at)
    return timezone.localtime(at)


def schedule_days(schedule) -> set[str]:
    """The plain weekday codes in `byday`; ordinal ones ("1MO") are left out."""
    tokens = {t.strip().upper() for t in (schedule.byday or "").split(",")}
    return {t for t in tokens if t in WEEKDAYS}


def _kind(schedule) -> str:
    freq = (schedule.freq or "").strip().upper()
    if freq in ("", "WEEKLY"):
        return "weekly"
    return "daily" if freq == "DAILY" else "other"


def runs_on(schedule, day: dt.date) -> bool:
    """Does the schedule have a session starting on `day`?"""
    kind = _kind(schedule)
    days = schedule_days(schedule)
    if kind == "other" or (kind == "weekly" and not days):
        return False
    if days and WEEKDAYS[day.weekday()] not in days:
        return False
    return _valid_on(schedule, day) and _in_interval(schedule, day, kind)


def _valid_on(schedule, day: dt.date) -> bool:
    starts = [d for d in (schedule.valid_from, schedule.dtstart) if d is not None]
    ends = [d for d in (schedule.valid_to, schedule.until) if d is not None]
    return all(day >= d for d in starts) and all(day <= d for d in ends)


def _in_interval(schedule, day: dt.date, kind: str) -> bool:
    interval = schedule.interval or 1
    if interval <= 1:
        return True
    if schedule.dtstart is None:
        return False
    step = (day - schedule.dtstart).days // (7 if kind == "weekly" else 1)
    return step % interval == 0


def _session(schedule, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    """The (start, end) of the session starting on `day`, in naive local wall-clock time."""
    if not runs_on(schedule, day):
        return None
    opens = schedule.opens_at or dt.time.min
    if schedule.closes_at is None:
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    elif schedule.closes_at <= opens:
        end = dt.datetime.combine(day + dt.timedelta(days=1), schedule.closes_at)
    else:
        end = dt.datetime.combine(day, schedule.closes_at)
    return dt.datetime.combine(day, opens), end


def session_on(schedule, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    """The (start, end) of the session starting on `day`, as aware local datetimes, if any."""
    session = _session(schedule, day)
    if session is None:
        return None
    return timezone.make_aware(session[0]), timezone.make_aware(session[1])


def wall_clock(at: dt.datetime) -> dt.datetime:
    """`at` as naive local time, what schedules are written in."""
    return local(at).replace(tzinfo=None)


def open_at(schedules, at: dt.datetime) -> bool:
    """Is any of the schedules open at `at`?"""
    return open_at_wall_clock(schedules, wall_clock(at))


def open_at_wall_clock(schedules, wall: dt.datetime) -> bool:
    """`open_at` for a naive local time: the fast path for checking many services at once."""
    return _current(schedules, wall) is not None


def _current(schedules, wall: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
    for schedule in schedules:
        for day in (wall.date() - dt.timedelta(days=1), wall.date()):  # yesterday: past midnight
            session = _session(schedule, day)
            if session is not None and session[0] <= wall < session[1]:
                return session
    return None


def current_session(schedules, at: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
    """The session open at `at`, as aware local datetimes, or None."""
    session = _current(schedules, wall_clock(at))
    if session is None:
        return None
    return timezone.make_aware(session[0]), timezone.make_aware(session[1])


def next_opening(schedules, at: dt.datetime) -> Opening | None:
    """Open now (until when), or the next time it opens in the next two weeks."""
    at = local(at)
    session = current_session(schedules, at)
    if session is not None:
        return Opening(session[0], session[1], open_now=True)
    starts = [
        s
        for offset in range(LOOK_AHEAD_DAYS + 1)
        for schedule in schedules
        if (s := session_on(schedule, at.date() + dt.timedelta(days=offset))) is not None
        and s[0] > at
    ]
    if not starts:
        return None
    start, end = min(starts)
    return Opening(start, end, open_now=False)


# --- in words --------------------------------------------------------------------------


def time_text(value: dt.time) -> str:
    """GOV.UK style: 10am, 2:30pm, midday, midnight."""
    if value == dt.time(12, 0):
        return "midday"
    if value == dt.time(0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def days_text(days: set[str]) -> str:
    ordered = [WEEKDAYS.index(d) for d in WEEKDAYS if d in days]
    if len(ordered) == 7:
        return "Every day"
    if len(ordered) >= 3 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{DAY_NAMES[ordered[0]]} to {DAY_NAMES[ordered[-1]]}"
    names = [DAY_NAMES[i] + "s" for i in ordered]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def date_text(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def schedule_text(schedule) -> str:
    """One schedule in words: "Monday to Friday, 9am to 5pm", or its own description."""
    parts = []
    days = schedule_days(schedule)
    kind = _kind(schedule)
    if kind == "daily" and not days:
        parts.append("Every day")
    elif kind != "other" and days:
        text = days_text(days)
        if (schedule.interval or 1) == 2 and kind == "weekly":
            text = f"Every other {text[:-1]}" if len(days) == 1 else f"Every other week: {text}"
        parts.append(text)
    if schedule.opens_at and schedule.closes_at:
        parts.append(f"{time_text(schedule.opens_at)} to {time_text(schedule.closes_at)}")
    if schedule.valid_from or schedule.valid_to:
        parts.append(_validity_text(schedule))
    text = ", ".join(p for p in parts if p)
    extra = (schedule.description or schedule.notes or "").strip()
    if not text:
        return extra
    return f"{text} ({extra})" if extra and extra not in text else text


def _validity_text(schedule) -> str:
    if schedule.valid_from and schedule.valid_to:
        return f"from {date_text(schedule.valid_from)} to {date_text(schedule.valid_to)}"
    if schedule.valid_from:
        return f"from {date_text(schedule.valid_from)}"
    return f"until {date_text(schedule.valid_to)}"


def opening_text(opening: Opening | None, at: dt.datetime) -> str:
    """ "Open now until 2pm", "Opens today at 10am", "Opens Wednesday at 10am"."""
    if opening is None:
        return "Opening times not given"
    if opening.open_now:
        if opening.ends is None:
            return "Open now"
        return f"Open now until {time_text(local(opening.ends).time())}"
    starts, today = local(opening.starts), local(at).date()
    if starts.date() == today:
        day = "today"
    elif starts.date() == today + dt.timedelta(days=1):
        day = "tomorrow"
    elif starts.date() < today + dt.timedelta(days=7):
        day = DAY_NAMES[starts.weekday()]
    else:
        day = f"{DAY_NAMES[starts.weekday()]} {starts.day} {starts:%B}"
    return f"Opens {day} at {time_text(starts.time())}"
