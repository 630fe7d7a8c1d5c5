"""The official HSDS 3.0 and ORUK examples read without problems and meet the schemas."""

import pytest

from locality.directory.feeds import read_feed, validate_feed, validate_service
from locality.directory.feeds.validate import locality_checks
from tests.unit.directory.feed_fixtures import HSDS, LATITUDE_100, ORUK

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
ORGANIZATION_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
TAXONOMY_ID = "5c4d79d7-cc55-470e-9f1f-8cad074e4892"
TERM_ID = "3f7b145d-84af-42d7-8fae-eaca714b02b2"

SERVICE_EXAMPLES = [
    "service_full.json",
    "organization_full.json",
    "service_at_location_full.json",
    "service_list.json",
    "service_at_location_list.json",
    "csv",
]


def _example(tag: str, name: str):
    return (HSDS if tag == "hsds" else ORUK) / name


@pytest.mark.parametrize("tag", ["hsds", "oruk"])
@pytest.mark.parametrize("name", SERVICE_EXAMPLES)
def test_service_examples_read_cleanly_and_meet_both_schemas(tag, name):
    feed = read_feed(_example(tag, name))
    assert feed.problems == []
    assert feed.format == ("hsds3-tabular" if name == "csv" else "hsds3-json")
    assert [s["id"] for s in feed.services] == [SERVICE_ID]
    assert feed.services[0]["name"] == "Community Counselling"
    assert feed.services[0]["status"] == "active"
    for profile in ("oruk", "hsds"):
        assert validate_service(feed.services[0], profile) == [], profile


@pytest.mark.parametrize("tag", ["hsds", "oruk"])
@pytest.mark.parametrize("name", SERVICE_EXAMPLES)
def test_the_examples_are_valid_and_latitude_100_is_only_a_warning(tag, name):
    feed = read_feed(_example(tag, name))
    expected = LATITUDE_100.get(name, {}).get(tag, [])
    for profile in ("oruk", "hsds"):
        assert validate_feed(feed, profile) == []
        assert [w.field for w in feed.warnings] == expected
        assert all(w.record == SERVICE_ID for w in feed.warnings)
        assert all(w.message == "100 is outside -90 to 90: not mapped" for w in feed.warnings)
    assert locality_checks(feed.services[0]) == []


@pytest.mark.parametrize("tag", ["hsds", "oruk"])
def test_organization_example_gives_its_service_the_organization(tag):
    feed = read_feed(_example(tag, "organization_full.json"))
    assert feed.services[0]["organization"]["id"] == ORGANIZATION_ID
    assert "services" not in feed.services[0]["organization"]


@pytest.mark.parametrize("tag", ["hsds", "oruk"])
def test_service_at_location_example_becomes_a_service_with_that_location(tag):
    feed = read_feed(_example(tag, "service_at_location_full.json"))
    (sal,) = feed.services[0]["service_at_locations"]
    assert sal["id"] == "e94c9f38-1e8f-4564-91d4-d53501ab1765"
    assert sal["location"]["id"] == "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
    assert "service" not in sal


@pytest.mark.parametrize("tag", ["hsds", "oruk"])
@pytest.mark.parametrize(
    "name, taxonomies, terms",
    [
        ("taxonomy.json", [TAXONOMY_ID], None),
        ("taxonomy_list.json", [TAXONOMY_ID], []),
        ("taxonomy_term.json", [], [TERM_ID]),
        ("taxonomy_term_list.json", [], [TERM_ID]),
    ],
)
def test_taxonomy_examples_read_cleanly_and_validate(tag, name, taxonomies, terms):
    feed = read_feed(_example(tag, name))
    assert feed.problems == []
    assert feed.services == []
    assert [t["id"] for t in feed.taxonomies] == taxonomies
    if terms is None:  # ORUK's taxonomy nests its terms; HSDS's does not
        terms = [TERM_ID] if tag == "oruk" else []
    assert [t["id"] for t in feed.taxonomy_terms] == terms
    for profile in ("oruk", "hsds"):
        assert validate_feed(feed, profile) == []


@pytest.mark.parametrize("tag", ["hsds", "oruk"])
def test_organization_list_gives_a_standalone_organization(tag):
    feed = read_feed(_example(tag, "organization_list.json"))
    assert feed.problems == []
    assert feed.services == []
    assert [o["id"] for o in feed.organizations] == [ORGANIZATION_ID]


def test_hsds_tabular_json_example_reads_like_the_csv_one():
    from_json = read_feed(HSDS / "tabular.json")
    from_csv = read_feed(HSDS / "csv")
    assert from_json.format == "hsds3-tabular"
    assert from_json.problems == []
    assert from_json.services == from_csv.services
    assert validate_service(from_json.services[0], "hsds") == []


def test_the_api_root_and_a_bare_location_are_reported_not_read():
    root = read_feed(HSDS / "base.json")
    assert [p.message for p in root.problems] == ["the API's root document, not a feed: skipped"]
    location = read_feed(HSDS / "location.json")
    assert location.services == []
    assert [p.record for p in location.problems] == ["3a19ff88-4620-4d17-9830-ac1d859eb5d5"]
