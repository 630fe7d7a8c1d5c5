"""Gaps in a real browser: an analyst looks for neighbourhoods short of a need, table and map.

The place is York's 120 real LSOAs in four neighbourhoods; the services are synthetic, at the
centroids of a seeded sample of LSOAs, so some areas are left without. No tile layer: the
tests have no network, so the map is our own LSOA polygons.
"""

import random
import re

import pytest
from playwright.sync_api import expect

from locality.demo import place
from locality.directory import gaps as g
from locality.places.models import Lsoa, Neighbourhood
from tests.factories.directory import (
    AttributeFactory,
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)
from tests.functional.conftest import assert_accessible, assert_govuk_styles, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def york(db):
    lsoas = place.load_lsoas()
    hoods = {
        name: Neighbourhood.objects.create(la_code=place.LA_CODE, la_name=place.LA_NAME, name=name)
        for name in place.NEIGHBOURHOODS
    }
    Lsoa.objects.bulk_create(
        Lsoa(
            code=x.code,
            name=x.name,
            la_code=place.LA_CODE,
            neighbourhood=hoods[place.neighbourhood_of(x)],
            latitude=x.lat,
            longitude=x.lon,
            population=x.population,
            age_0_15=x.age_0_15,
            age_16_59=x.age_16_59,
            age_60_plus=x.age_60_plus,
            imd_score=x.imd_score,
            imd_rank=x.imd_rank,
            imd_decile=x.imd_decile,
            geometry=x.geometry,
        )  # fmt: skip
        for x in lsoas
    )
    taxonomy = TaxonomyFactory(name=g.NEEDS_TAXONOMY)
    food = TaxonomyTermFactory(taxonomy=taxonomy, code="healthy-eating", name="Healthy eating")
    money = TaxonomyTermFactory(taxonomy=taxonomy, code="money-debt", name="Money and debt")
    rng = random.Random(7)
    for term, count in ((food, 25), (money, 8)):
        for lsoa in rng.sample(lsoas, count):
            service = ServiceFactory()
            location = LocationFactory(latitude=lsoa.lat, longitude=lsoa.lon)
            ServiceAtLocationFactory(service=service, location=location)
            AttributeFactory(service=service, taxonomy_term=term)
    return lsoas


def _expected_none(need: str, within_m: int) -> int:
    lsoas = g.gaps_for_need(place.LA_CODE, need, within_m).lsoas
    return sum(1 for x in lsoas if not x.services_reachable)


def test_gaps_page_shows_the_table_and_map(page, analyst, york):
    sign_in(page, analyst.email)

    response = page.goto(f"{page.base_url}/directory/gaps/?need=healthy-eating&within=1600")

    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Gaps in services by neighbourhood")
    table = page.get_by_role("table", name="Healthy eating by neighbourhood, within 1,600 metres")
    expect(table.get_by_role("row")).to_have_count(1 + len(place.NEIGHBOURHOODS))
    expect(table.get_by_role("rowheader", name="North")).to_be_visible()
    figure = page.get_by_role("region", name=re.compile(r"^Map: Healthy eating services"))
    expect(figure).to_be_visible()
    shapes = figure.locator(".leaflet-overlay-pane path")
    expect(shapes).to_have_count(len(york) + len(place.NEIGHBOURHOODS))
    hatched = figure.locator('path[fill="url(#gaps-hatch)"]')
    expect(hatched).to_have_count(_expected_none("healthy-eating", 1600))
    expect(figure.locator(".leaflet-tile")).to_have_count(0)
    expect(figure).to_contain_text("Office for National Statistics")
    assert_govuk_styles(page)
    screenshot(page, "gaps")
    assert_accessible(page)


def test_gaps_choose_another_need_and_distance(page, coordinator, york):
    sign_in(page, coordinator.email)
    page.goto(f"{page.base_url}/directory/gaps/")

    page.get_by_label("Need").select_option(label="Money and debt")
    page.get_by_label("800 metres (about a 10-minute walk)").check()
    page.get_by_role("button", name="Show gaps").click()

    expect(page).to_have_url(re.compile(r"need=money-debt.*within=800"))
    heading = page.get_by_role(
        "heading", level=2, name="Money and debt: services within 800 metres"
    )
    expect(heading).to_be_visible()
    hatched = page.locator('#gaps-map path[fill="url(#gaps-hatch)"]')
    expect(hatched).to_have_count(_expected_none("money-debt", 800))
    assert_accessible(page)


def test_gaps_error_is_accessible(page, coordinator, york):
    sign_in(page, coordinator.email)

    page.goto(f"{page.base_url}/directory/gaps/?need=nonsense")

    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a need from the list")
    expect(page).to_have_title("Error: Gaps in services by neighbourhood – Locality")
    assert_accessible(page)
