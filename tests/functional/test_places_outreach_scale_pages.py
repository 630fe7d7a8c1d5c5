"""The pages of ``locality places outreach`` and ``locality places scale`` in a real browser:
axe finds no violation, every image loads, and the Leaflet page draws without a script error."""

import pytest
from django.core.management import call_command

from locality.analytics.places.geography import PLACES_DIR
from tests.functional.conftest import VIEWPORT, assert_accessible

pytestmark = pytest.mark.browser

HUBS = "name,latitude,longitude\nCity centre,53.9590,-1.0815\nAcomb,53.9535,-1.1270\n"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("places")
    hubs = folder / "hubs.csv"
    hubs.write_text(HUBS)
    call_command(
        "places", "outreach", "--hubs", str(hubs), "--radius-km", "2.5", "--stops", "8",
        "--out", str(folder / "outreach"),
    )  # fmt: skip
    call_command(
        "places", "scale", "--la", "E06000014", "--services",
        str(PLACES_DIR / "example_services.csv"), "--out", str(folder / "scale"),
    )  # fmt: skip
    return folder


@pytest.mark.parametrize(
    "name", ["outreach/report.html", "outreach/timetable.html", "scale/scale.html"]
)
def test_pages_pass_axe_and_show_their_images(browser, written, name):
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    page = context.new_page()
    try:
        page.goto((written / name).as_uri())
        assert page.locator("h1").count() == 1
        loaded = page.evaluate(
            "() => [...document.images].map(i => i.complete && i.naturalWidth > 0)"
        )
        assert all(loaded)
        assert_accessible(page)
    finally:
        context.close()


def test_the_outreach_map_draws_shapes_routes_and_stops(browser, written):
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto((written / "outreach" / "map.html").as_uri())
        page.wait_for_selector("path.leaflet-interactive")
        # 120 LSOAs + catchment circles + routes + hubs and stops, all drawn as SVG paths
        assert page.locator("path.leaflet-interactive").count() > 120 + 2 + 8
        assert errors == []
    finally:
        context.close()
