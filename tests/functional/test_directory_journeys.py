"""Finding local services in a real browser: the public search with its map, a service's page,
the printable "what's on near you" sheet and the staff search. Each page is checked with axe.

There is no network here: tests/settings.py sets no map tiles, so Leaflet draws our own
LSOA outlines, and the `page` fixture fails on any asset that does not load.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from locality.places.models import Lsoa
from tests.factories.directory_search import (
    ACOMB,
    YORK_MINSTER,
    CostOptionFactory,
    PhoneFactory,
    PostcodeFactory,
    ScheduleFactory,
    TaxonomyTermFactory,
    service_at,
    tag,
)
from tests.functional.conftest import assert_accessible, assert_govuk_styles, sign_in

pytestmark = pytest.mark.browser


def _square(lat: float, lon: float, half: float = 0.01) -> dict:
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def york(transactional_db):
    PostcodeFactory()
    for code, point in (("E01013346", YORK_MINSTER), ("E01013300", ACOMB)):
        Lsoa.objects.create(
            code=code, name=f"York {code[-3:]}", la_code="E06000014", latitude=point[0],
            longitude=point[1], population=1500, age_0_15=200, age_16_59=1000, age_60_plus=300,
            imd_score=10.0, imd_rank=20000, imd_decile=7, geometry=_square(*point),
        )  # fmt: skip
    food = TaxonomyTermFactory(name="Food")
    meals = TaxonomyTermFactory(name="Community meals", parent=food)
    club = service_at(YORK_MINSTER, name="Minster lunch club", description="Hot lunches")
    tag(club, meals)
    CostOptionFactory(service=club, amount=0)
    ScheduleFactory(service=club, byday="MO,WE", opens_at=dt.time(10), closes_at=dt.time(14))
    PhoneFactory(service=club, number="01904 551 234")
    cafe = service_at(ACOMB, name="Acomb community cafe", description="Lunch and a chat")
    tag(cafe, meals)
    ScheduleFactory(service=cafe, byday="TU", opens_at=dt.time(12), closes_at=dt.time(15))
    service_at(ACOMB, name="Safe Haven refuge", confidential=True, description="lunch")
    return {"food": food, "meals": meals, "club": club}


def test_public_search_finds_services_and_draws_the_map(page, york):
    page.goto(f"{page.base_url}/directory/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find local services and groups")
    assert_govuk_styles(page)
    assert_accessible(page)

    page.get_by_label("Need", exact=True).select_option(label="Food (all)")
    page.get_by_label("Postcode", exact=True).fill("yo1 7hh")
    page.get_by_label("Distance from the postcode").select_option(label="Within 5 miles")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="2 services found")).to_be_visible()
    results = page.locator(".locality-result")
    expect(results).to_have_count(2)
    expect(results.first).to_contain_text("Minster lunch club")
    expect(results.first).to_contain_text("less than 0.1 miles")
    expect(results.first).to_contain_text("Community meals")
    expect(page.get_by_text("Safe Haven refuge")).to_have_count(0)

    map_region = page.get_by_role("region", name="Map of the services listed on this page")
    expect(map_region).to_be_visible()
    expect(map_region.locator(".leaflet-marker-icon")).to_have_count(2)
    expect(
        map_region.locator("path.leaflet-interactive, .leaflet-overlay-pane path")
    ).not_to_have_count(0)
    map_region.get_by_role("button", name="Minster lunch club").click()
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Minster lunch club")
    assert_accessible(page)


def test_public_search_bad_postcode_shows_the_error_summary(page, york):
    page.goto(f"{page.base_url}/directory/")
    page.get_by_label("Postcode", exact=True).fill("YO1")
    page.get_by_role("button", name="Search").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter a full UK postcode, like YO1 7HH")
    expect(page).to_have_title("Error: Find local services and groups – Locality")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Postcode", exact=True)).to_be_focused()
    assert_accessible(page)


def test_open_on_a_day_and_time_finds_what_is_open_then(page, york):
    page.goto(f"{page.base_url}/directory/")
    page.get_by_label("Open on a day and time").check()
    page.get_by_label("Day", exact=True).select_option(label="Tuesday")
    page.get_by_label("Time", exact=True).fill("1pm")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="1 service found")).to_be_visible()
    expect(page.locator(".locality-result")).to_contain_text("Acomb community cafe")
    assert_accessible(page)


def test_service_page_is_accessible(page, york):
    page.goto(f"{page.base_url}/directory/services/{york['club'].id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Minster lunch club")
    expect(page.get_by_text("Mondays and Wednesdays, 10am to 2pm")).to_be_visible()
    expect(page.get_by_role("region", name="Map of where this service is")).to_be_visible()
    assert_govuk_styles(page)
    assert_accessible(page)


def test_near_you_sheet_is_accessible_and_prints_without_the_chrome(page, york):
    page.goto(f"{page.base_url}/directory/near-you/")
    assert_accessible(page)
    page.get_by_label("Postcode", exact=True).fill("YO1 7HH")
    page.get_by_role("button", name="Make the sheet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What's on near YO1 7HH")
    expect(page.locator(".locality-sheet > li")).to_have_count(2)
    expect(page.get_by_role("button", name="Print this sheet")).to_be_visible()
    assert_accessible(page)

    page.emulate_media(media="print")
    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(page.locator("form.locality-no-print")).to_be_hidden()
    expect(page.locator(".locality-sheet")).to_be_visible()


def test_staff_search_tags_confidential_services(page, york, coordinator):
    sign_in(page, coordinator.email)
    page.goto(f"{page.base_url}/directory/staff/?q=lunch")
    expect(page.get_by_role("heading", level=1)).to_have_text("Directory search for staff")
    refuge = page.locator(".locality-result", has_text="Safe Haven refuge")
    expect(refuge).to_contain_text("Confidential: do not share the address")
    expect(refuge.get_by_role("link")).to_have_count(0)
    assert_accessible(page)
