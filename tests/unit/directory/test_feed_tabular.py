"""The CSV datapackage and the JSON example describe the same service."""

import pytest

from locality.directory.feeds import read_feed
from tests.unit.directory.feed_fixtures import HSDS, ORUK, load


def _common(csv_value, json_value, path=""):
    """Every (path, csv value, json value) where both sides have a scalar at the same place."""
    if isinstance(csv_value, dict) and isinstance(json_value, dict):
        for key in csv_value.keys() & json_value.keys():
            yield from _common(csv_value[key], json_value[key], f"{path}.{key}")
    elif isinstance(csv_value, list) and isinstance(json_value, list):
        for i, (a, b) in enumerate(zip(csv_value, json_value, strict=False)):
            yield from _common(a, b, f"{path}[{i}]")
    else:
        yield path, csv_value, json_value


@pytest.mark.parametrize("folder", [HSDS, ORUK], ids=["hsds", "oruk"])
def test_csv_and_json_examples_agree_where_they_overlap(folder):
    feed = read_feed(folder / "csv")
    assert feed.format == "hsds3-tabular"
    assert feed.problems == []
    (from_csv,) = feed.services
    from_json = load(folder / "service_full.json")
    for key in ("id", "name", "status", "description", "minimum_age", "maximum_age"):
        assert from_csv[key] == from_json[key], key
    assert isinstance(from_csv["minimum_age"], int)  # typed per the schema
    compared = list(_common(from_csv, from_json))
    assert len(compared) > 60
    assert [(p, a, b) for p, a, b in compared if a != b] == []
    location = from_csv["service_at_locations"][0]["location"]
    assert location["latitude"] == 100 and location["longitude"] == 101
    assert from_csv["organization"]["name"] == "Example Organization Inc."


def test_hsds_csv_nesting_follows_the_ids():
    (doc,) = read_feed(HSDS / "csv").services
    assert doc["program"]["id"] == doc["program_id"]
    # a phone row names a service, a location, an organisation, a contact and a
    # service_at_location: it is under each of them
    phone = "1554f2e2-a373-45db-a3fa-9fc48a61c15e"
    assert doc["phones"][0]["id"] == phone
    assert doc["contacts"][0]["phones"][0]["id"] == phone
    assert doc["organization"]["phones"][0]["id"] == phone
    sal = doc["service_at_locations"][0]
    assert sal["phones"][0]["id"] == phone
    assert sal["location"]["phones"][0]["id"] == phone
    assert doc["phones"][0]["languages"][0]["name"] == "Urdu"
    assert doc["phones"][0]["extension"] == 100
    assert doc["organization"]["organization_identifiers"][0]["identifier"] == "1234567"
    assert doc["schedules"][0]["opens_at"] == "10:00:00"
    assert doc["cost_options"][0]["amount"] == 35


def test_tabular_taxonomies_are_standalone():
    feed = read_feed(HSDS / "csv")
    assert [t["id"] for t in feed.taxonomies] == ["5c4d79d7-cc55-470e-9f1f-8cad074e4892"]
    assert [t["id"] for t in feed.taxonomy_terms] == ["3f7b145d-84af-42d7-8fae-eaca714b02b2"]


def test_a_datapackage_or_csv_path_reads_its_folder():
    by_folder = read_feed(HSDS / "csv").services
    assert read_feed(HSDS / "csv" / "datapackage.json").services == by_folder
    assert read_feed(HSDS / "csv" / "services.csv").services == by_folder
