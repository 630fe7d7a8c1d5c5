"""Open-at search against the exact answer, brute-forced in Python over every service.

The search's SQL pre-filter (`locality.directory.search.opening`) may let through a place
that is not open, but must never leave out one that is; `schedule_utils` then decides. So
on random directories (schedules of a service at a location, of a service, of a location,
or of several; any days, hours, validity and interval) and random moments, the services
found must be exactly those that `schedule_utils.open_at` finds open at some place, using
the schedules of the service at that location, else the service's, else the location's.
With a radius, each must also be shown at its nearest open place.

Runs on SQLite and PostgreSQL:
`DATABASE_URL=postgres://... pytest tests/integration/test_directory_search_open_at.py`.
"""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from locality.directory import models as m
from locality.directory import schedule_utils
from locality.directory.geo_utils import haversine_m
from locality.directory.schedule_utils import WEEKDAYS
from locality.directory.search import search_services
from tests.factories.directory_search import (
    ACOMB,
    HAXBY,
    YORK_MINSTER,
    LocationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 3, 3)  # GMT until 30 March: every local time exists once
MIDNIGHT = dt.time(0)
POINTS = (YORK_MINSTER, ACOMB, HAXBY)  # Haxby is outside 5 km of the Minster
WITHIN_M = 5000
TOKENS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU", "mo", " We", "su ", "1MO", "-1FR", "ſu",
          "ſA", "XX", ""]  # fmt: skip
FREQS = ["", "WEEKLY", "weekly", " Weekly ", "DAILY", "daily", "MONTHLY", "YEARLY", "HOURLY"]
OWNERS = ["sal", "service", "location", "service+location", "sal+service"]


def mostly_none(values):
    """None three times in four: most schedules set few fields, so more of them are open."""
    return st.integers(0, 3).flatmap(lambda n: st.none() if n else values)


times = st.one_of(
    st.none(), st.builds(dt.time, st.integers(0, 23), st.sampled_from([0, 15, 30, 59]))
)
dates = mostly_none(st.dates(MONDAY - dt.timedelta(days=9), MONDAY + dt.timedelta(days=23)))
schedules = st.fixed_dictionaries(
    {
        "owner": st.sampled_from(OWNERS),
        "index": st.integers(0, 2),
        "freq": st.sampled_from(FREQS),
        "byday": st.lists(st.sampled_from(TOKENS), max_size=3).map(",".join),
        "opens_at": times,
        "closes_at": times,
        "valid_from": dates,
        "valid_to": dates,
        "dtstart": dates,
        "until": dates,
        "interval": st.one_of(st.none(), st.sampled_from([0, 1, 2, 3])),
    }
)
services = st.lists(
    st.fixed_dictionaries(
        {
            "places": st.lists(st.integers(0, 2), max_size=2, unique=True),
            "schedules": st.lists(schedules, max_size=3),
        }
    ),
    min_size=1,
    max_size=6,
)


@st.composite
def moments(draw, specs) -> list[dt.datetime]:
    """Moments in three weeks; half of them at a schedule's edge (a minute either side), on
    one of its days, or a day its validity starts or ends, or the day after."""
    found, every = [], [sched for spec in specs for sched in spec["schedules"]]
    for _ in range(draw(st.integers(1, 4))):
        if every and draw(st.booleans()):
            found.append(draw(_edge(draw(st.sampled_from(every)))))
            continue
        day = MONDAY + dt.timedelta(days=draw(st.integers(0, 20)))
        at = dt.time(draw(st.integers(0, 23)), draw(st.integers(0, 59)))
        found.append(timezone.make_aware(dt.datetime.combine(day, at)))
    return found


@st.composite
def _edge(draw, schedule) -> dt.datetime:
    codes = {t.strip().upper() for t in schedule["byday"].split(",")} & set(WEEKDAYS)
    days = [MONDAY + dt.timedelta(days=n) for n in range(20)]
    days = [d for d in days if WEEKDAYS[d.weekday()] in codes] or days
    if draw(st.booleans()):  # on a day a validity starts or ends
        days = [schedule[f] for f in ("valid_from", "valid_to", "dtstart", "until")
                if schedule[f] is not None] or days  # fmt: skip
    day = draw(st.sampled_from(days)) + dt.timedelta(days=draw(st.sampled_from([0, 0, 1])))
    edge = draw(
        st.sampled_from([schedule["opens_at"] or MIDNIGHT, schedule["closes_at"] or MIDNIGHT])
    )
    at = dt.datetime.combine(day, edge) + dt.timedelta(minutes=draw(st.sampled_from([-1, 0, 1])))
    return timezone.make_aware(at)


@st.composite
def directories(draw):
    specs = draw(services)
    return specs, draw(moments(specs))


def build(specs) -> None:
    """The directory: shared locations at `POINTS`, services at some, schedules on anything."""
    locations = [LocationFactory(latitude=lat, longitude=lon) for lat, lon in POINTS]
    for spec in specs:
        service = ServiceFactory()
        sals = [ServiceAtLocationFactory(service=service, location=locations[i])
                for i in spec["places"]]  # fmt: skip
        for schedule in spec["schedules"]:
            fields = dict(schedule)
            owner, index = fields.pop("owner"), fields.pop("index")
            ScheduleFactory(**fields, **_owner(owner, index, service, sals, locations))


def _owner(owner: str, index: int, service, sals, locations) -> dict:
    sal = sals[index % len(sals)] if sals else None
    if owner == "location":
        return {"location": locations[index]}
    if owner == "service+location":
        return {"service": service, "location": locations[index]}
    if owner == "sal" and sal is not None:
        return {"service_at_location": sal}
    if owner == "sal+service" and sal is not None:
        return {"service_at_location": sal, "service": service}
    return {"service": service}


def applicable(service, sal) -> list:
    """The schedules that apply, read one by one from the database."""
    own = list(m.Schedule.objects.filter(service_at_location=sal)) if sal else []
    return (
        own
        or list(m.Schedule.objects.filter(service=service, service_at_location__isnull=True))
        or (list(m.Schedule.objects.filter(location=sal.location)) if sal else [])
    )


def exact(moment, within_m=None) -> dict[str, set]:
    """Service id -> the ids of its places open at `moment` (None: open with no place)."""
    found = {}
    for service in m.Service.objects.all():
        places = list(service.service_at_locations.select_related("location"))
        if within_m is not None:
            places = [p for p in places if _metres(p) <= within_m]
            if not places:
                continue
        open_at = {
            place.id if place else None
            for place in places or [None]
            if schedule_utils.open_at(applicable(service, place), moment)
        }
        if open_at:
            found[service.id] = open_at
    return found


def _metres(sal) -> float:
    return haversine_m(*YORK_MINSTER, sal.location.latitude, sal.location.longitude)


def assert_search_is_exact(moment) -> None:
    for within_m in (None, WITHIN_M):
        near = YORK_MINSTER if within_m else None
        found = search_services(open_at=moment, near=near, within_m=within_m, limit=1000)
        expected = exact(moment, within_m)
        assert {r.service.id for r in found} == set(expected), (moment, within_m)
        assert found.total == len(expected)
        for result in found:
            sal = result.service_at_location
            assert result.is_open is True
            assert (sal.id if sal else None) in expected[result.service.id]
            if within_m is not None:  # the nearest of its open places
                nearest = min(_metres(s) for s in m.ServiceAtLocation.objects.filter(
                    id__in=expected[result.service.id]).select_related("location"))  # fmt: skip
                assert result.distance_m == pytest.approx(nearest)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(directory=directories())
def test_open_at_search_equals_the_exact_answer(directory):
    specs, at = directory
    with transaction.atomic():
        build(specs)
        for moment in at:
            assert_search_is_exact(moment)
        transaction.set_rollback(True)


def _schedule(**fields) -> dict:
    spec = {"owner": "service", "index": 0, "freq": "WEEKLY", "byday": "MO",
            "opens_at": dt.time(10), "closes_at": dt.time(14), "valid_from": None,
            "valid_to": None, "dtstart": None, "until": None, "interval": None}  # fmt: skip
    return spec | fields


SUNDAY = MONDAY + dt.timedelta(days=6)


@pytest.mark.parametrize(
    "schedule_specs,day,hour,is_open",
    [
        ([_schedule(byday="mo ,we")], MONDAY, 11, True),
        ([_schedule(byday="1MO")], MONDAY, 11, False),  # "1MO" passes the SQL, not the check
        ([_schedule(byday="ſu")], SUNDAY, 11, True),  # Python reads "ſu" as "SU"
        ([_schedule(freq=" daily ", byday="")], SUNDAY, 11, True),
        ([_schedule(freq="DAILY", byday="TU")], MONDAY, 11, False),
        ([_schedule(freq="WEEKLY", byday="")], MONDAY, 11, False),
        ([_schedule(freq="MONTHLY", byday="MO")], MONDAY, 11, False),
        (
            [_schedule(opens_at=dt.time(22), closes_at=dt.time(2))],
            MONDAY + dt.timedelta(1),
            1,
            True,
        ),
        ([_schedule(opens_at=None, closes_at=dt.time(0))], MONDAY, 23, True),
        ([_schedule(opens_at=None, closes_at=None)], MONDAY + dt.timedelta(1), 0, False),
        ([_schedule(interval=2)], MONDAY, 11, False),  # an interval with no dtstart
        ([_schedule(interval=2, dtstart=MONDAY - dt.timedelta(7))], MONDAY, 11, False),
        ([_schedule(valid_to=MONDAY - dt.timedelta(1))], MONDAY, 11, False),
        ([_schedule(valid_from=MONDAY, valid_to=MONDAY)], MONDAY, 11, True),
        ([_schedule(dtstart=MONDAY, until=MONDAY)], MONDAY, 11, True),
        ([_schedule(interval=0)], MONDAY, 11, True),  # read as 1
        ([_schedule(interval=2, dtstart=MONDAY - dt.timedelta(14))], MONDAY, 10, True),
        # the service at the location's own times win over the service's, then the location's
        ([_schedule(owner="sal", byday="TU"), _schedule()], MONDAY, 11, False),
        ([_schedule(owner="location", byday="TU"), _schedule()], MONDAY, 11, True),
        ([_schedule(owner="location")], MONDAY, 11, True),
        (
            [_schedule(owner="service+location", byday="TU"), _schedule(owner="location")],
            MONDAY,
            11,
            False,
        ),  # fmt: skip
    ],
)
def test_open_at_edge_cases_match_the_exact_answer(schedule_specs, day, hour, is_open):
    build([{"places": [0], "schedules": schedule_specs}])
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    assert search_services(open_at=moment).total == int(is_open)
    assert_search_is_exact(moment)
