"""Places in a real browser: an analyst opens York's neighbourhoods, then one neighbourhood.

York's 120 real LSOAs in its four demo neighbourhoods. No tile layer (the tests have no
network): the Leaflet map is our own LSOA polygons. The PNG maps are drawn by the live server.
"""

import re

import pytest
from playwright.sync_api import expect

from locality.demo import place
from tests.factories.places import york_place
from tests.functional.conftest import assert_accessible, assert_govuk_styles, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def york(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return york_place()


def _loaded_images(page) -> list[dict]:
    return page.eval_on_selector_all(
        "main img",
        "els => els.map(e => ({alt: e.alt, width: e.naturalWidth, done: e.complete}))",
    )


def test_places_page_lists_the_neighbourhoods_with_a_map(page, analyst, york):
    sign_in(page, analyst.email)

    page.get_by_role("link", name="Places", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Places and neighbourhoods")
    table = page.get_by_role("table", name="Neighbourhoods of York (E06000014)")
    expect(table.get_by_role("row")).to_have_count(1 + len(place.NEIGHBOURHOODS))
    expect(table.get_by_role("link", name="North")).to_be_visible()
    image = page.get_by_role("img", name=re.compile(r"^Map of York's 120 LSOAs"))
    image.scroll_into_view_if_needed()  # loading="lazy"
    expect(image).to_be_visible()
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    assert [i["width"] > 0 for i in _loaded_images(page)] == [True]
    assert_govuk_styles(page)
    screenshot(page, "places")
    assert_accessible(page)


def test_neighbourhood_page_profile_maps_and_table(page, analyst, york):
    sign_in(page, analyst.email)
    page.goto(f"{page.base_url}/places/")

    page.get_by_role("link", name="East").click()

    expect(page).to_have_url(re.compile(rf"/places/{york['East'].pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("East")
    expect(page).to_have_title("East, York: neighbourhood profile – Locality")
    health = page.get_by_role("table", name="Health")
    headers = health.get_by_role("columnheader")
    expect(headers).to_have_text(
        ["Indicator", "East", "York", "England", "Among York's neighbourhoods"]
    )
    figure = page.get_by_role("region", name=re.compile(r"^Map: the LSOAs of East"))
    lsoas = page.get_by_role("table", name="The LSOAs of East").locator("tbody tr")
    count = lsoas.count()
    assert count > 10
    expect(figure.locator(".leaflet-overlay-pane path")).to_have_count(count + 1)
    expect(figure.locator(".leaflet-tile")).to_have_count(0)
    expect(figure).to_contain_text("Office for National Statistics")
    for image in page.locator("main img").all():
        image.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=30_000)
    images = _loaded_images(page)
    assert len(images) == 6
    assert all(i["width"] > 0 and len(i["alt"]) > 80 for i in images), images
    page.evaluate("window.scrollTo(0, 0)")
    assert_govuk_styles(page)
    screenshot(page, "places-neighbourhood")
    assert_accessible(page)
