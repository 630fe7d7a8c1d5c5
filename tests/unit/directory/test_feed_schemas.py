"""The schema registry: local only, and validators for the API's shapes."""

import pytest
from jsonschema.protocols import Validator
from referencing.exceptions import Unresolvable

from locality.directory.feeds.html_text import html_to_text
from locality.directory.feeds.problems import field_path
from locality.directory.feeds.schemas import PAGE_FIELDS, load_schemas, validator_for
from tests.unit.directory.feed_fixtures import HSDS, ORUK, load

PAGES = [
    ("service_list", "service_list.json"),
    ("service_at_location_list", "service_at_location_list.json"),
    ("organization_list", "organization_list.json"),
    ("taxonomy_list", "taxonomy_list.json"),
    ("taxonomy_term_list", "taxonomy_term_list.json"),
]
OBJECTS = [
    ("service", "service_full.json"),
    ("service_at_location", "service_at_location_full.json"),
    ("organization", "organization_full.json"),
    ("taxonomy", "taxonomy.json"),
    ("taxonomy_term", "taxonomy_term.json"),
]


@pytest.mark.parametrize("profile, folder", [("oruk", ORUK), ("hsds", HSDS)])
@pytest.mark.parametrize("name, example", PAGES + OBJECTS)
def test_the_api_examples_meet_their_validators(profile, folder, name, example):
    validator = validator_for(name, profile)
    assert isinstance(validator, Validator)
    assert list(validator.iter_errors(load(folder / example))) == []


@pytest.mark.parametrize("profile", ["oruk", "hsds"])
def test_a_page_needs_its_header_and_valid_contents(profile):
    page = load(ORUK / "service_list.json")
    validator = validator_for("service_list", profile)
    assert validator.is_valid(page)
    del page["total_items"]
    page["contents"][0]["status"] = "closed"
    errors = sorted(field_path(e.absolute_path) or e.message for e in validator.iter_errors(page))
    assert errors == ["'total_items' is a required property", "contents[0].status"]
    assert set(PAGE_FIELDS) < set(load(ORUK / "taxonomy_list.json"))


def test_the_list_item_and_nested_shapes_differ():
    item = load(ORUK / "service_list.json")["contents"][0]
    assert validator_for("service_list_item").is_valid(item)
    assert validator_for("service").is_valid(item)  # the nested arrays are optional
    assert not validator_for("service_list_item").is_valid({**item, "minimum_age": "twelve"})


def test_nothing_is_fetched():
    registry = load_schemas("oruk").registry
    with pytest.raises(Unresolvable):
        registry.resolver().lookup("https://example.org/not-here.json")
    hsds = load_schemas("hsds")
    assert hsds.registry.resolver().lookup(hsds.uri("compiled/service.json")).contents == {
        "$ref": "../service.json"
    }


def test_unknown_names_and_profiles_are_refused(tmp_path):
    with pytest.raises(KeyError):
        validator_for("unicorn")
    with pytest.raises(ValueError):
        validator_for("service", "us")
    with pytest.raises(FileNotFoundError):
        validator_for("service", data_dir=tmp_path)


def test_the_data_folder_can_be_moved(tmp_path):
    import shutil

    shutil.copytree(load_schemas("oruk").schema_dir.parent, tmp_path / "oruk_uk_profile")
    moved = validator_for("service", data_dir=tmp_path)
    assert moved.is_valid(load(ORUK / "service_full.json"))
    assert not moved.is_valid({"id": "x"})


def test_html_to_text():
    assert html_to_text("<p>One&nbsp;two</p><p>Three<br>four</p>") == "One two\n\nThree\nfour"
    assert html_to_text("<p><br></p>") == ""
    assert html_to_text('See <a href="https://x.org/a">our site</a>.') == (
        "See our site (https://x.org/a)."
    )
    assert html_to_text('<a href="https://x.org">https://x.org</a>') == "https://x.org"
    assert html_to_text("<ul><li>a</li><li>b</li></ul><script>alert(1)</script>") == "- a\n- b"
    assert html_to_text("Plain &amp; simple\r\nsecond line") == "Plain & simple\nsecond line"
