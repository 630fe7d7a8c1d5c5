"""Directory search: every filter, their combinations, the ranking, and who sees what.

Runs on SQLite and PostgreSQL (the full-text search differs underneath):
`DATABASE_URL=postgres://... pytest tests/integration/test_directory_search.py`.
"""

import datetime as dt
import gzip
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from locality.directory import models as m
from locality.directory.geo_utils import haversine_m
from locality.directory.schedule_utils import next_opening, opening_text, schedule_text
from locality.directory.search import (
    search_services,
    search_terms,
    services_matching_text,
    terms_with_descendants,
)
from locality.directory.search_presenters import (
    GSM_BASIC,
    SMS_LIMIT,
    cost_text,
    gsm_length,
    sms_text,
)
from locality.governance.models import AuditEvent
from locality.places.models import Postcode
from locality.places.postcodes import load_postcodes_csv, normalise_postcode, postcode_point
from tests.factories.directory_search import (
    ACOMB,
    HAXBY,
    YORK_MINSTER,
    CostOptionFactory,
    LocationFactory,
    PhoneFactory,
    PostcodeFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    sal_of,
    service_at,
    tag,
)

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 3, 3)  # GMT
SUMMER_MONDAY = dt.date(2025, 6, 2)  # BST, UTC+1


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def names(found) -> list[str]:
    return [r.service.name for r in found]


# --- postcodes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("YO1 7HH", "YO1 7HH"),
        (" yo17hh ", "YO1 7HH"),
        ("yo31  8ez", "YO31 8EZ"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("EC1A1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("gir 0aa", "GIR 0AA"),
        ("YO1 7H", None),
        ("YO1", None),
        ("QO1 7HH", None),  # no area starts with Q
        ("YO1 7HC", None),  # C is never in the inward code's letters
        ("12345", None),
        ("", None),
        (None, None),
        ("YO1 7HH; DROP TABLE", None),
    ],
)
def test_normalise_postcode(typed, expected):
    assert normalise_postcode(typed) == expected


def test_normalise_postcode_accepts_every_york_postcode():
    path = Path(settings.REPO_DIR) / "data" / "york" / "postcodes.csv.gz"
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()[1:]
    postcodes = [line.split(",")[0] for line in lines]
    assert len(postcodes) == 5367
    assert [normalise_postcode(p) for p in postcodes] == postcodes


def test_load_postcodes_csv_loads_york_and_is_idempotent():
    path = Path(settings.REPO_DIR) / "data" / "york" / "postcodes.csv.gz"
    assert load_postcodes_csv(path) == 5367
    assert load_postcodes_csv(path) == 5367
    assert Postcode.objects.count() == 5367
    lat, lon = postcode_point("yo1 7hh")
    assert haversine_m(lat, lon, *YORK_MINSTER) < 300
    assert Postcode.objects.get(postcode="YO1 7HH").lsoa_code.startswith("E01")


def test_load_postcodes_csv_updates_and_names_a_bad_row(tmp_path):
    PostcodeFactory(postcode="YO1 7HH", latitude=0, longitude=0)
    good = tmp_path / "good.csv"
    good.write_text("pcds,lat,lon,lsoa11cd\nYO1 7HH,53.96,-1.08,E01013346\nYO1 9ZZ,,,\n")
    assert load_postcodes_csv(good) == 1
    assert postcode_point("YO1 7HH") == (53.96, -1.08)
    bad = tmp_path / "bad.csv"
    bad.write_text("pcds,lat,lon,lsoa11cd\nYO1 7HH,53.96,-1.08,E01013346\nNOT A POSTCODE,1,1,\n")
    with pytest.raises(ValueError, match="row 3"):
        load_postcodes_csv(bad)


def test_postcode_point_unknown_or_malformed_is_none():
    PostcodeFactory()
    assert postcode_point("YO1 9ZZ") is None
    assert postcode_point("nonsense") is None


# --- text ------------------------------------------------------------------------------


def test_text_needs_every_word_and_stems():
    ServiceFactory(name="Tang Hall lunch club", description="Hot meals for older people")
    ServiceFactory(name="Acomb walking group", description="Gentle walks")
    assert names(search_services(text="lunch")) == ["Tang Hall lunch club"]
    assert names(search_services(text="clubs meal")) == ["Tang Hall lunch club"]
    assert names(search_services(text="lunch walks")) == []


def test_text_ignores_stop_words_and_case():
    ServiceFactory(name="Food bank", description="Emergency food parcels")
    assert names(search_services(text="Help with FOOD for me")) == ["Food bank"]


def test_text_matches_organisation_and_need_terms():
    term = TaxonomyTermFactory(name="Befriending")
    service = ServiceFactory(name="Telephone friends")
    tag(service, term)
    assert names(search_services(text="befriending")) == ["Telephone friends"]
    assert names(search_services(text=service.organization.name)) == ["Telephone friends"]


@pytest.mark.parametrize(
    "text",
    ['"', "food\" OR name:*", "NEAR(food bank)", "food AND NOT bank", "-food", "*", "^food",
     "food' OR 1=1 --", "{search_text}: food", "food)", "a\x00b"],
)  # fmt: skip
def test_text_is_never_search_syntax(text):
    ServiceFactory(name="Food bank")
    found = search_services(text=text)  # no syntax error on either database
    assert found.total in (0, 1)


def test_text_with_no_words_is_no_filter():
    ServiceFactory(name="One")
    ServiceFactory(name="Two")
    assert search_services(text=" !? ").total == 2
    assert search_terms(" !? ") == []


def test_services_matching_text_narrows_a_queryset_and_ranks():
    ServiceFactory(name="Garden", description="garden garden gardening allotment")
    ServiceFactory(name="Knit", description="knitting and a garden chat")
    ServiceFactory(name="Hidden garden", confidential=True)
    queryset = services_matching_text(m.Service.objects.filter(confidential=False), "garden")
    ranked = sorted(queryset, key=lambda s: -s.text_rank)
    assert [s.name for s in ranked] == ["Garden", "Knit"]
    assert ranked[0].text_rank > ranked[1].text_rank


def test_text_index_follows_updates_and_deletes():
    service = ServiceFactory(name="Repair cafe", description="fix bikes")
    service.search_text = "Repair cafe fix toasters"
    service.save()
    assert search_services(text="bikes").total == 0
    assert names(search_services(text="toasters")) == ["Repair cafe"]
    service.delete()
    assert search_services(text="toasters").total == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_sqlite_fts_triggers_exist_after_every_migration():
    """A later migration that alters directory_service drops these: re-run 0002's install."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    assert {
        "directory_service_fts_insert",
        "directory_service_fts_delete",
        "directory_service_fts_update",
    } <= triggers


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_postgresql_text_search_uses_the_gin_index():
    ServiceFactory.create_batch(3)
    queryset = services_matching_text(m.Service.objects.all(), "lunch")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "directory_service_search_gin" in plan


# --- needs -----------------------------------------------------------------------------


@pytest.fixture
def needs():
    food = TaxonomyTermFactory(name="Food")
    banks = TaxonomyTermFactory(name="Food banks", parent=food)
    meals = TaxonomyTermFactory(name="Community meals", parent=food)
    money = TaxonomyTermFactory(name="Money")
    return {"food": food, "banks": banks, "meals": meals, "money": money}


def test_need_includes_sub_terms(needs):
    tag(ServiceFactory(name="Food bank"), needs["banks"])
    tag(ServiceFactory(name="Lunch club"), needs["meals"])
    tag(ServiceFactory(name="Food hub"), needs["food"])
    tag(ServiceFactory(name="Debt advice"), needs["money"])
    found = search_services(need_term_ids=[needs["food"].id])
    assert sorted(names(found)) == ["Food bank", "Food hub", "Lunch club"]
    assert names(search_services(need_term_ids=[needs["banks"].id])) == ["Food bank"]


def test_terms_with_descendants_walks_every_level(needs):
    grandchild = TaxonomyTermFactory(name="Halal food banks", parent=needs["banks"])
    found = terms_with_descendants([needs["food"].id])
    assert found == {needs["food"].id, needs["banks"].id, needs["meals"].id, grandchild.id}


def test_need_reason_names_the_term(needs):
    tag(ServiceFactory(name="Food bank"), needs["banks"])
    (result,) = search_services(need_term_ids=[needs["food"].id])
    assert "Helps with Food banks" in result.reasons


# --- distance --------------------------------------------------------------------------


def test_within_distance_and_nearest_first():
    service_at(HAXBY, name="Haxby")
    service_at(ACOMB, name="Acomb")
    service_at(YORK_MINSTER, name="Minster")
    found = search_services(near=YORK_MINSTER, within_m=5000)
    assert names(found) == ["Minster", "Acomb"]
    assert found.results[0].distance_m < 10
    assert 3000 < found.results[1].distance_m < 3500


def test_bounding_box_corner_is_outside_the_circle():
    lat, lon = YORK_MINSTER
    # 0.9 km north and 0.9 km east: inside the 1 km box, 1.27 km away.
    service_at((lat + 0.0081, lon + 0.0137), name="Corner")
    assert search_services(near=YORK_MINSTER, within_m=1000).total == 0
    assert search_services(near=YORK_MINSTER, within_m=1300).total == 1


def test_service_is_measured_at_its_nearest_location():
    service = service_at(HAXBY, name="Two sites")
    near_site = LocationFactory(latitude=ACOMB[0], longitude=ACOMB[1], name="Acomb site")
    ServiceAtLocationFactory(service=service, location=near_site)
    (result,) = search_services(near=ACOMB, within_m=10_000)
    assert result.location == near_site
    assert result.distance_m < 10


def test_near_without_distance_ranks_but_keeps_services_without_a_location():
    ServiceFactory(name="Helpline")
    service_at(HAXBY, name="Haxby")
    service_at(ACOMB, name="Acomb")
    assert names(search_services(near=YORK_MINSTER)) == ["Acomb", "Haxby", "Helpline"]
    assert names(search_services(near=YORK_MINSTER, within_m=50_000)) == ["Acomb", "Haxby"]


# --- open at ---------------------------------------------------------------------------


@pytest.fixture
def monday_club():
    """Open Mondays and Wednesdays, 10am to 2pm."""
    service = service_at(name="Monday club")
    ScheduleFactory(service=service, byday="MO,WE", opens_at=dt.time(10), closes_at=dt.time(14))
    return service


@pytest.mark.parametrize(
    "moment,is_open",
    [
        (at(MONDAY, 9, 59), False),
        (at(MONDAY, 10, 0), True),  # opens_at is inside
        (at(MONDAY, 13, 59), True),
        (at(MONDAY, 14, 0), False),  # closes_at is outside
        (at(MONDAY + dt.timedelta(days=1), 11), False),  # Tuesday
        (at(MONDAY + dt.timedelta(days=2), 11), True),  # Wednesday
    ],
)
def test_open_at_edges(monday_club, moment, is_open):
    found = search_services(open_at=moment)
    assert names(found) == (["Monday club"] if is_open else [])
    if is_open:
        assert found.results[0].is_open is True


def test_open_at_converts_utc_to_uk_time(monday_club):
    # 09:30 UTC on a summer Monday is 10:30 in York.
    utc = dt.datetime.combine(SUMMER_MONDAY, dt.time(9, 30), tzinfo=dt.UTC)
    assert search_services(open_at=utc).total == 1
    utc = dt.datetime.combine(SUMMER_MONDAY, dt.time(13, 30), tzinfo=dt.UTC)
    assert search_services(open_at=utc).total == 0


def test_open_at_respects_valid_from_and_valid_to():
    service = service_at(name="Spring course")
    ScheduleFactory(
        service=service,
        byday="MO",
        valid_from=MONDAY,
        valid_to=MONDAY + dt.timedelta(days=7),
    )
    assert search_services(open_at=at(MONDAY - dt.timedelta(days=7), 11)).total == 0
    assert search_services(open_at=at(MONDAY, 11)).total == 1
    assert search_services(open_at=at(MONDAY + dt.timedelta(days=7), 11)).total == 1
    assert search_services(open_at=at(MONDAY + dt.timedelta(days=14), 11)).total == 0


def test_open_at_overnight_runs_past_midnight():
    service = service_at(name="Night shelter")
    ScheduleFactory(service=service, byday="MO", opens_at=dt.time(22), closes_at=dt.time(7))
    assert search_services(open_at=at(MONDAY, 23)).total == 1
    assert search_services(open_at=at(MONDAY + dt.timedelta(days=1), 6, 59)).total == 1
    assert search_services(open_at=at(MONDAY + dt.timedelta(days=1), 7)).total == 0
    assert search_services(open_at=at(MONDAY, 21, 59)).total == 0


def test_open_at_prefers_the_locations_own_schedule(monday_club):
    ScheduleFactory(service_at_location=sal_of(monday_club), byday="FR")
    assert search_services(open_at=at(MONDAY, 11)).total == 0
    assert search_services(open_at=at(MONDAY + dt.timedelta(days=4), 11)).total == 1


def test_monthly_schedules_are_never_counted_open():
    service = service_at(name="First Monday")
    ScheduleFactory(service=service, freq="MONTHLY", byday="1MO")
    assert search_services(open_at=at(MONDAY, 11)).total == 0


def test_fortnightly_counts_from_dtstart():
    service = service_at(name="Fortnightly")
    ScheduleFactory(service=service, byday="MO", interval=2, dtstart=MONDAY)
    assert search_services(open_at=at(MONDAY, 11)).total == 1
    assert search_services(open_at=at(MONDAY + dt.timedelta(days=7), 11)).total == 0
    assert search_services(open_at=at(MONDAY + dt.timedelta(days=14), 11)).total == 1


# --- age, cost, assets -----------------------------------------------------------------


def test_age_limits_are_inclusive_and_blank_means_any():
    ServiceFactory(name="Over 60s", minimum_age=60)
    ServiceFactory(name="Youth club", minimum_age=11, maximum_age=18)
    ServiceFactory(name="Everyone")
    assert sorted(names(search_services(age=60))) == ["Everyone", "Over 60s"]
    assert sorted(names(search_services(age=18))) == ["Everyone", "Youth club"]
    assert sorted(names(search_services(age=19))) == ["Everyone"]


def test_free_only_needs_a_zero_cost_and_nothing_paid():
    CostOptionFactory(service=ServiceFactory(name="Free"), amount=0)
    paid_too = ServiceFactory(name="Free for some")
    CostOptionFactory(service=paid_too, amount=0)
    CostOptionFactory(service=paid_too, amount=5)
    ServiceFactory(name="Unknown cost")
    assert names(search_services(free_only=True)) == ["Free"]
    assert search_services().total == 3


def test_assets_can_be_left_out():
    ServiceFactory(name="Rowntree Park", is_asset=True)
    ServiceFactory(name="Advice")
    assert search_services().total == 2
    assert names(search_services(include_assets=False)) == ["Advice"]


# --- who sees what ---------------------------------------------------------------------


def test_confidential_services_are_never_public():
    service_at(name="Refuge", confidential=True, description="safe house")
    assert search_services().total == 0
    assert search_services(text="refuge").total == 0
    assert search_services(text="safe house", near=YORK_MINSTER, within_m=5000).total == 0
    assert names(search_services(public=False)) == ["Refuge"]
    assert search_services(public=False, include_confidential=False).total == 0


def test_confidential_locations_are_never_public():
    service = service_at(ACOMB, name="Drop-in", location_confidential=True)
    open_site = LocationFactory(latitude=HAXBY[0], longitude=HAXBY[1])
    ServiceAtLocationFactory(service=service, location=open_site)
    (result,) = search_services(near=ACOMB)
    assert result.location == open_site  # the nearer, confidential site is left out
    (staff,) = search_services(near=ACOMB, public=False)
    assert staff.location.confidential


def test_service_only_at_a_confidential_location_has_no_public_distance():
    service_at(name="Hidden site", location_confidential=True)
    assert search_services(near=YORK_MINSTER, within_m=5000).total == 0
    (result,) = search_services()
    assert result.location is None


@pytest.mark.parametrize("status", ["inactive", "defunct", "Inactive"])
def test_inactive_and_defunct_are_hidden_from_the_public(status):
    ServiceFactory(name="Closed", status=status)
    ServiceFactory(name="Running", status="active")
    ServiceFactory(name="Paused", status="temporarily closed")
    assert sorted(names(search_services())) == ["Paused", "Running"]
    assert search_services(public=False).total == 3
    assert names(search_services(active_only=True)) == ["Running"]


# --- ranking and paging ----------------------------------------------------------------


def test_rank_name_match_before_distance_before_freshness():
    today = timezone.localdate()
    service_at(HAXBY, name="Haxby lunch club")
    service_at(ACOMB, name="Acomb centre", description="lunch club on Fridays")
    service_at(YORK_MINSTER, name="Minster hall", description="lunch club",
               assured_date=today - dt.timedelta(days=400))  # fmt: skip
    service_at(YORK_MINSTER, name="Minster rooms", description="lunch club",
               assured_date=today - dt.timedelta(days=30))  # fmt: skip
    found = search_services(text="lunch club", near=YORK_MINSTER)
    assert names(found) == ["Haxby lunch club", "Minster rooms", "Minster hall", "Acomb centre"]
    assert found.results[0].name_match
    assert "Name matches “lunch club”" in found.results[0].reasons
    assert "Checked in the last 12 months" in found.results[1].reasons


def test_rank_without_text_or_place_is_fresh_first_then_name():
    ServiceFactory(name="B", assured_date=timezone.localdate())
    ServiceFactory(name="A")
    ServiceFactory(name="C", assured_date=timezone.localdate())
    assert names(search_services()) == ["B", "C", "A"]


def test_limit_offset_and_total():
    for n in range(7):
        ServiceFactory(name=f"Service {n}")
    page = search_services(limit=3, offset=3)
    assert page.total == 7
    assert names(page) == ["Service 3", "Service 4", "Service 5"]
    assert names(search_services(limit=3, offset=6)) == ["Service 6"]


def test_every_filter_together(needs):
    wanted = service_at(ACOMB, name="Acomb lunch club", minimum_age=50)
    tag(wanted, needs["meals"])
    ScheduleFactory(service=wanted, byday="MO")
    CostOptionFactory(service=wanted, amount=0)
    decoys = [
        service_at(HAXBY, name="Haxby lunch club"),  # too far
        service_at(ACOMB, name="Acomb lunch club for teens", maximum_age=18),
        service_at(ACOMB, name="Acomb lunch club on Fridays"),
    ]
    for decoy in decoys:
        tag(decoy, needs["meals"])
        CostOptionFactory(service=decoy, amount=0)
    ScheduleFactory(service=decoys[0], byday="MO")
    ScheduleFactory(service=decoys[1], byday="MO")
    ScheduleFactory(service=decoys[2], byday="FR")
    found = search_services(
        text="lunch",
        need_term_ids=[needs["food"].id],
        near=YORK_MINSTER,
        within_m=5000,
        open_at=at(MONDAY, 11),
        age=70,
        free_only=True,
        include_assets=False,
    )
    assert names(found) == ["Acomb lunch club"]
    assert found.results[0].is_open
    assert [s.id for s in found.results[0].schedules] == [wanted.schedules.get().id]


# --- pages -----------------------------------------------------------------------------

SEARCH_URL = reverse("directory:search")
STAFF_URL = reverse("directory:staff_search")
NEAR_YOU_URL = reverse("directory:near_you")
NEAR_YOU_TEXT_URL = reverse("directory:near_you_text")


def service_url(service) -> str:
    return reverse("directory:service", args=[service.id])


@pytest.fixture
def york():
    """The postcode searched from, a need with a sub-need, and three services."""
    PostcodeFactory()
    food = TaxonomyTermFactory(name="Food")
    meals = TaxonomyTermFactory(name="Community meals", parent=food)
    club = service_at(YORK_MINSTER, name="Minster lunch club", minimum_age=60)
    tag(club, meals)
    CostOptionFactory(service=club, amount=0)
    ScheduleFactory(service=club, byday="MO,WE", opens_at=dt.time(10), closes_at=dt.time(14))
    PhoneFactory(service=club, number="01904 551 234")
    service_at(ACOMB, name="Acomb debt advice")
    refuge = service_at(ACOMB, name="Safe Haven refuge", confidential=True)
    return {"food": food, "meals": meals, "club": club, "refuge": refuge}


def test_search_page_without_a_search_shows_only_the_form(client, york):
    response = client.get(SEARCH_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Find local services and groups" in body
    assert "services found" not in body
    assert '<optgroup label="Food">' in body
    assert f'<option value="{york["meals"].id}">Community meals</option>' in body


def test_search_page_lists_results_with_their_facts_and_a_map(client, york):
    response = client.get(SEARCH_URL, {"need": york["food"].id, "postcode": "yo17hh"})
    body = response.content.decode()
    assert response.context["found"].total == 1
    assert "Minster lunch club" in body
    assert york["club"].organization.name in body
    assert "less than 0.1 miles" in body
    assert "Free" in body
    assert "Community meals" in body
    assert "01904 551 234" in body
    assert 'id="results-map"' in body and 'aria-label="Map of the services' in body
    assert response.context["map"]["markers"][0]["name"] == "Minster lunch club"
    assert response.context["map"]["tiles"] == ""  # tests: no tile server


def test_search_page_never_shows_confidential_services(client, york):
    response = client.get(SEARCH_URL, {"q": "refuge"})
    assert response.context["found"].total == 0
    assert "Safe Haven" not in response.content.decode()
    response = client.get(SEARCH_URL, {"postcode": "YO1 7HH", "distance": "10"})
    assert "Safe Haven" not in response.content.decode()


@pytest.mark.parametrize(
    "postcode,message",
    [
        ("YO1", "Enter a full UK postcode, like YO1 7HH"),
        ("YO1 9ZZ", "We cannot find YO1 9ZZ. Check the postcode, or search without one"),
    ],
)
def test_search_page_bad_postcode_shows_the_error_summary(client, york, postcode, message):
    response = client.get(SEARCH_URL, {"postcode": postcode})
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["found"] is None
    assert "<title>Error: Find local services" in body
    assert 'class="govuk-error-summary"' in body
    assert f'<a href="#id_postcode">{message}</a>' in body
    assert 'aria-describedby="id_postcode_helptext id_postcode_error"' in body
    assert "govuk-input--error" in body


@pytest.mark.parametrize(
    "params,field",
    [
        ({"age": "old"}, "age"),
        ({"age": "200"}, "age"),
        ({"when": "at", "day": "0", "time": ""}, "time"),
        ({"when": "at", "day": "0", "time": "25:00"}, "time"),
        ({"need": "no-such-term"}, "need"),
        ({"distance": "3"}, "distance"),
    ],
)
def test_search_page_bad_input_names_the_field(client, york, params, field):
    body = client.get(SEARCH_URL, params).content.decode()
    assert f'href="#id_{field}"' in body


def test_search_page_open_at_a_day_and_time(client, york):
    monday_11 = {"when": "at", "day": "0", "time": "11am"}
    assert client.get(SEARCH_URL, monday_11).context["found"].total == 1
    tuesday = {"when": "at", "day": "1", "time": "11:00"}
    assert client.get(SEARCH_URL, tuesday).context["found"].total == 0


def test_search_page_open_now(client):
    always = ServiceFactory(name="Always open")
    ScheduleFactory(service=always, freq="DAILY", byday="", opens_at=None, closes_at=None)
    ServiceFactory(name="No times")
    response = client.get(SEARCH_URL, {"when": "now"})
    assert names(response.context["found"]) == ["Always open"]
    assert "Open now" in response.content.decode()


def test_search_page_age_and_free_filters(client, york):
    found = client.get(SEARCH_URL, {"age": "30"}).context["found"]
    assert names(found) == ["Acomb debt advice"]
    found = client.get(SEARCH_URL, {"free": "on"}).context["found"]
    assert names(found) == ["Minster lunch club"]


def test_search_page_paginates(client):
    for n in range(25):
        ServiceFactory(name=f"Group {n:02d}")
    first = client.get(SEARCH_URL, {"q": "group"})
    assert len(first.context["rows"]) == 20
    assert 'rel="next"' in first.content.decode()
    second = client.get(SEARCH_URL, {"q": "group", "page": "2"})
    assert [r["name"] for r in second.context["rows"]] == [f"Group {n}" for n in range(20, 25)]
    assert 'start="21"' in second.content.decode()
    assert client.get(SEARCH_URL, {"q": "group", "page": "x"}).context["found"].offset == 0


def test_search_page_refuses_post(client):
    assert client.post(SEARCH_URL).status_code == 405


def test_service_page_shows_everything_a_resident_needs(client, york):
    club = york["club"]
    club.assured_date = dt.date(2025, 2, 3)
    club.eligibility_description = "Older people living in York"
    club.save()
    m.Language.objects.create(id="lang-1", service=club, name="Polish", code="pl")
    location = sal_of(club).location
    m.Accessibility.objects.create(id="acc-1", location=location, description="Step-free entrance")
    response = client.get(service_url(club))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Minster lunch club – Locality</title>" in body
    assert "Mondays and Wednesdays, 10am to 2pm" in body
    assert "High Petergate, York YO1 7HH" in body
    assert "01904 551 234" in body
    assert "Free" in body and "Ages 60 and over" in body
    assert "Older people living in York" in body
    assert "Polish" in body and "Step-free entrance" in body
    assert "Last checked on 3 February 2025" in body
    assert "Community meals" in body


def test_service_page_of_a_confidential_service_is_not_found(client, york):
    assert client.get(service_url(york["refuge"])).status_code == 404


@pytest.mark.parametrize("status", ["inactive", "defunct"])
def test_service_page_of_a_closed_service_is_not_found(client, status):
    assert client.get(service_url(ServiceFactory(status=status))).status_code == 404


def test_service_page_unknown_is_not_found(client, db):
    assert client.get(reverse("directory:service", args=["nope"])).status_code == 404


def test_service_page_leaves_out_confidential_locations(client):
    service = service_at(name="Outreach", location_confidential=True)
    location = sal_of(service).location
    location.name = "Secret house"
    location.save()
    body = client.get(service_url(service)).content.decode()
    assert "Secret house" not in body
    assert "High Petergate" not in body
    assert "No address is published" in body


# --- "what's on near you" and its text message -----------------------------------------


def test_near_you_sheet_lists_the_nearest_ten_with_times_and_phones(client, york):
    for n in range(12):
        service_at((YORK_MINSTER[0] + 0.002 * (n + 1), YORK_MINSTER[1]), name=f"Place {n:02d}")
    response = client.get(NEAR_YOU_URL, {"postcode": "YO1 7HH"})
    body = response.content.decode()
    rows = response.context["rows"]
    assert len(rows) == 10
    assert rows[0]["name"] == "Minster lunch club"
    assert rows[1]["name"] == "Place 00"
    assert rows[0]["times"] == ["Mondays and Wednesdays, 10am to 2pm"]
    assert "What's on near YO1 7HH" in body
    assert "Phone: 01904 551 234" in body
    assert "@media print" in body
    assert "Safe Haven" not in body


def test_near_you_sheet_for_a_need(client, york):
    response = client.get(NEAR_YOU_URL, {"postcode": "YO1 7HH", "need": york["food"].id})
    assert [r["name"] for r in response.context["rows"]] == ["Minster lunch club"]
    assert "nearest service and group for Food within 10 miles" in response.content.decode()


def test_near_you_sheet_leaves_out_temporarily_closed_services(client, york):
    service_at(name="Paused club", status="temporarily closed")
    response = client.get(NEAR_YOU_URL, {"postcode": "YO1 7HH"})
    assert "Paused club" not in [r["name"] for r in response.context["rows"]]


def test_near_you_sheet_needs_a_postcode(client, york):
    body = client.get(NEAR_YOU_URL, {"postcode": ""}).content.decode()
    assert '<a href="#id_postcode">Enter a postcode, like YO1 7HH</a>' in body
    assert client.get(NEAR_YOU_URL).context["found"] is None


def gsm_only(text: str) -> bool:
    return all(c in GSM_BASIC for c in text)


def test_near_you_text_fits_three_text_messages(client, york):
    for n in range(5):
        service = service_at(
            (YORK_MINSTER[0] + 0.001 * (n + 1), YORK_MINSTER[1]),
            name=f"The Very Long Named Community Wellbeing Hub Number {n} – Café “Drop-in”",
        )
        ScheduleFactory(service=service, byday="MO,TU,WE,TH,FR")
        PhoneFactory(service=service)
    response = client.get(NEAR_YOU_TEXT_URL, {"postcode": "YO1 7HH"})
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert len(text) <= 459
    lines = text.splitlines()
    assert lines[0] == "Services near YO1 7HH:"
    services = [line for line in lines if line[:2] in ("1.", "2.", "3.")]
    assert len(services) == 3
    assert all(len(line) <= 150 for line in lines)
    assert gsm_only(text)
    assert "Mon-Fri 10am-2pm" in text


def test_near_you_text_for_a_short_result_keeps_the_link(client, york):
    text = client.get(
        NEAR_YOU_TEXT_URL, {"postcode": "YO1 7HH", "need": york["meals"].id}
    ).content.decode()
    assert text.splitlines()[1].startswith("1. Minster lunch club. less than 0.1 miles.")
    assert "Mon, Wed 10am-2pm. 01904 551 234" in text
    assert text.splitlines()[-1].startswith("More: http://testserver/directory/near-you/?")
    assert len(text) <= 459


def test_near_you_text_with_nothing_near(client):
    PostcodeFactory()
    text = client.get(NEAR_YOU_TEXT_URL, {"postcode": "YO1 7HH"}).content.decode()
    assert text == "No services found near YO1 7HH."


def test_near_you_text_bad_postcode_is_a_400(client, db):
    response = client.get(NEAR_YOU_TEXT_URL, {"postcode": "nonsense"})
    assert response.status_code == 400
    assert response.content.decode() == "Enter a full UK postcode, like YO1 7HH\n"


def test_sms_text_never_exceeds_three_segments_whatever_the_data():
    long = "Ünïcödé € [brackets] " * 20
    rows = [{"name": long, "distance": "1 mile", "address": long, "phone": "0" * 40}] * 3
    found = [SimpleNamespace(schedules=[])] * 3
    text = sms_text(rows, found, postcode="YO1 7HH", need=long, more_url="http://x/" + "y" * 300)
    assert gsm_length(text) <= SMS_LIMIT
    assert len(text.splitlines()) == 4
    assert gsm_only(text.replace("€", "").replace("[", "").replace("]", ""))


# --- the staff search ------------------------------------------------------------------


def test_staff_search_needs_sign_in(client, db):
    response = client.get(STAFF_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("governance:login"))


def test_staff_search_shows_care_roles_confidential_services_and_audits(login, coordinator, york):
    client = login(coordinator)
    response = client.get(STAFF_URL, {"q": "refuge"})
    body = response.content.decode()
    assert names(response.context["found"]) == ["Safe Haven refuge"]
    assert "Confidential: do not share the address" in body
    assert service_url(york["refuge"]) not in body  # no link to a page that would 404
    assert response.context["map"] is None  # never on the map
    event = AuditEvent.objects.get(actor=coordinator.email, purpose="directory search")
    assert event.detail == {"confidential_services": [york["refuge"].id]}


def test_staff_search_shows_staff_facts(login, coordinator, york):
    club = york["club"]
    club.source, club.status = "york-council-feed", "inactive"
    club.owner = coordinator
    club.save()
    body = login(coordinator).get(STAFF_URL, {"q": "lunch"}).content.decode()
    assert "york-council-feed" in body
    assert coordinator.full_name in body
    assert "Inactive" in body
    assert "Not yet checked by the directory team" in body


def test_staff_search_hides_confidential_services_from_other_roles(login, analyst, york):
    response = login(analyst).get(STAFF_URL, {"q": "refuge"})
    assert response.context["found"].total == 0
    assert "Safe Haven" not in response.content.decode()
    assert not AuditEvent.objects.filter(purpose="directory search").exists()


# --- opening times and costs in words --------------------------------------------------


@pytest.mark.parametrize(
    "fields,expected",
    [
        ({"byday": "MO,TU,WE,TH,FR", "opens_at": dt.time(9), "closes_at": dt.time(17)},
         "Monday to Friday, 9am to 5pm"),
        ({"byday": "SU,SA,MO,TU,WE,TH,FR"}, "Every day, 10am to 2pm"),
        ({"byday": "TU", "interval": 2}, "Every other Tuesday, 10am to 2pm"),
        ({"byday": "TU,TH", "opens_at": dt.time(12), "closes_at": dt.time(13, 30)},
         "Tuesdays and Thursdays, midday to 1:30pm"),
        ({"freq": "MONTHLY", "byday": "1FR", "description": "First Friday of the month"},
         "10am to 2pm (First Friday of the month)"),
        ({"byday": "MO", "valid_to": dt.date(2025, 7, 31)},
         "Mondays, 10am to 2pm, until 31 July 2025"),
    ],
)  # fmt: skip
def test_schedule_text(fields, expected):
    assert schedule_text(ScheduleFactory.build(**fields)) == expected


def test_opening_text_now_today_and_later(monday_club):
    schedules = list(monday_club.schedules.all())
    for moment, expected in [
        (at(MONDAY, 11), "Open now until 2pm"),
        (at(MONDAY, 8), "Opens today at 10am"),
        (at(MONDAY, 15), "Opens Wednesday at 10am"),
        (at(MONDAY + dt.timedelta(days=1), 15), "Opens tomorrow at 10am"),
    ]:
        assert opening_text(next_opening(schedules, moment), moment) == expected
    assert opening_text(next_opening([], at(MONDAY, 8)), at(MONDAY, 8)) == (
        "Opening times not given"
    )


def test_cost_text():
    service = ServiceFactory.build(fees_description="Donations welcome")
    free = [CostOptionFactory.build(amount=0)]
    paid = [
        CostOptionFactory.build(amount=3, amount_description="per session"),
        CostOptionFactory.build(amount=1.5, amount_description="concessions"),
    ]
    assert cost_text(service, free) == "Free"
    assert cost_text(service, paid) == "From £1.50 (concessions)"
    assert cost_text(service, paid[:1]) == "£3 (per session)"
    assert cost_text(service, []) == "Donations welcome"
    assert cost_text(ServiceFactory.build(), []) == "Cost not given"
