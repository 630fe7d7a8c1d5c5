"""ORUK v1 feeds: the real Bristol feed, and the v1 shapes Bristol does not use."""

import json
import uuid

import pytest

from locality.directory.feeds import read_feed, validate_feed, validate_service
from locality.directory.feeds.feed import Feed
from locality.directory.feeds.oruk_v1 import NAMESPACE, feed_key_for, v1_id
from tests.unit.directory.feed_fixtures import BRISTOL, load

DUPLICATED = "2af617e5-4532-bebe-1036-ffdf2e93ce55"
NAMELESS = "def5ccd4-f121-df4d-60d2-4dc0d69ff555"


@pytest.fixture(scope="module")
def bristol() -> Feed:
    return read_feed(BRISTOL)


def test_bristol_reads_as_oruk_v1_with_every_record(bristol):
    assert bristol.format == "oruk-v1"
    assert len(bristol.services) == 819
    assert bristol.source == str(BRISTOL)
    assert set(bristol.service_files) == {str(BRISTOL)}


def test_bristol_has_exactly_the_duplicate_and_the_empty_name(bristol):
    assert [(p.file, p.field) for p in bristol.problems] == [
        (str(BRISTOL), "name"),
        (str(BRISTOL), "id"),
    ]
    empty, duplicate = bristol.problems
    # the empty name: the record is named by its (new) id, the message gives the feed's id
    assert empty.record == bristol.services[0]["id"]
    assert bristol.original_ids[empty.record] == NAMELESS
    assert empty.message == f"must not be empty (feed id {NAMELESS})"
    # the duplicate: the second occurrence is the problem; its id is shared, so the record is
    # named by position (the importer skips that one and keeps the first)
    shared = bristol.services[810]["id"]
    assert bristol.services[373]["id"] == shared
    assert bristol.original_ids[shared] == DUPLICATED
    assert duplicate.record == "record 811"
    assert duplicate.message == (
        f"duplicate service id {shared}: first used by record 374 (feed id {DUPLICATED})"
    )


@pytest.mark.parametrize("profile", ["oruk", "hsds"])
def test_bristol_meets_the_schema_but_for_those_two(bristol, profile):
    assert validate_feed(bristol, profile) == []  # nothing beyond feed.problems
    fresh = Feed(
        format=bristol.format,
        source=bristol.source,
        services=bristol.services,
        taxonomies=bristol.taxonomies,
        taxonomy_terms=bristol.taxonomy_terms,
        original_ids=bristol.original_ids,
        service_files=bristol.service_files,
    )
    assert validate_feed(fresh, profile) == bristol.problems
    assert all(validate_service(s, profile) == [] for s in bristol.services)


def test_bristol_ids_are_deterministic_uuid5s(bristol):
    again = read_feed(BRISTOL)
    assert [s["id"] for s in again.services] == [s["id"] for s in bristol.services]
    assert again.original_ids == bristol.original_ids
    raw = load(BRISTOL)
    first = bristol.services[5]
    assert first["id"] == str(
        uuid.uuid5(NAMESPACE, f"oruk-v1:bristol-council-oruk-services:service:{raw[5]['id']}")
    )
    assert bristol.original_ids[first["id"]] == raw[5]["id"]
    assert first["organization"]["id"] == v1_id(
        "bristol-council-oruk-services", "organization", raw[5]["organization"]["id"]
    )
    other = read_feed(BRISTOL, feed_key="bristol")
    assert other.services[5]["id"] == v1_id("bristol", "service", raw[5]["id"])


def test_bristol_mapping(bristol):
    raw = load(BRISTOL)
    index = next(i for i, r in enumerate(raw) if r["name"] == "A Picture of Health")
    doc = bristol.services[index]
    assert doc["name"] == "A Picture of Health"
    assert doc["description"].startswith("This website helps clinicians provide Easy Read")
    assert "<p>" not in doc["description"]
    assert "\n\nYou can use the website to print" in doc["description"]
    assert doc["url"] == "http://www.apictureofhealth.southwest.nhs.uk"
    assert doc["status"] == "active"
    assert doc["assured_date"] == "2022-10-04"
    assert doc["last_modified"] == "2022-10-04T00:00:00Z"
    assert doc["organization"]["name"] == "NHS"
    assert doc["organization"]["website"] == "https://www.nhs.uk/"
    assert doc["organization_id"] == doc["organization"]["id"]
    assert "email" not in doc and "fees" not in doc  # empty in v1: left out
    assert "alternate_name" not in doc


def test_no_assurer_is_carried_over(write_json):
    record = load(BRISTOL)[5]
    record["pc_metadata"]["assured_by"] = "jo.bloggs@council.example.gov.uk"
    feed = read_feed(write_json("one.json", [record]))
    text = json.dumps([feed.services, feed.taxonomies, feed.taxonomy_terms, feed.original_ids])
    assert "jo.bloggs" not in text
    assert "assurer_email" not in feed.services[0]


def test_bristol_classifications_become_attributes(bristol):
    vocabularies = {t["name"] for t in bristol.taxonomies}
    assert vocabularies == {
        "deliverable_type",
        "attending_type",
        "attending_access",
        "pc_targetAudience",
    }
    terms = {(t["taxonomy"], t["name"]) for t in bristol.taxonomy_terms}
    assert ("attending_access", "Drop-in") in terms
    assert ("pc_targetAudience", "Dementia") in terms  # "Dementia " and "Dementia" are one
    visually = next(t for t in bristol.taxonomy_terms if t["name"] == "Visually Impaired")
    parent = next(t for t in bristol.taxonomy_terms if t["id"] == visually["parent_id"])
    assert parent["name"] == "Sensory Impaired"
    term_ids = {t["id"] for t in bristol.taxonomy_terms}
    for doc in bristol.services:
        for attribute in doc.get("attributes", []):
            assert attribute["taxonomy_term_id"] in term_ids
            assert attribute["link_id"] == doc["id"]


def test_bristol_warnings_are_the_three_url_fields_holding_names(bristol):
    assert [(w.field, w.message.split(" is not")[0]) for w in bristol.warnings] == [
        ("url", "'Warmley Community Centre'"),
        ("organization.website", "'Warmley Community Centre'"),
        ("organization.website", "'Motor Neurone Disease Association'"),
    ]


FULL_V1 = {
    "id": "svc-1",
    "name": "Lunch club",
    "description": "<p>Hot meals.</p><ul><li>Mondays</li><li>Fridays</li></ul>",
    "url": "http:www.lunch.example.org",
    "email": "\u00a0lunch@example.org",
    "status": "Active",
    "fees": "£3",
    "accreditations": "",
    "deliverable_type": "Social activity",
    "attending_type": "Venue",
    "attending_access": "Drop-in",
    "assured_date": "2024-03-01T00:00:00",
    "organization": {"id": "org-1", "name": "Lunch Trust", "description": "", "url": "lunch.org"},
    "eligibilitys": [
        {"id": "el-1", "eligibility": "Older people", "minimum_age": "60", "maximum_age": None}
    ],
    "contacts": [
        {"id": "c-1", "name": "Reception", "title": "", "phones": [{"id": "p-1", "number": "0117"}]}
    ],
    "languages": [{"id": "l-1", "language": "English"}],
    "cost_options": [{"id": "co-1", "option": "Meal", "amount": "3.50", "amount_description": ""}],
    "fundings": [{"id": "f-1", "source": "Council grant"}],
    "service_areas": [{"id": "sa-1", "service_area": "Bristol", "extent": None, "uri": ""}],
    "regular_schedules": [
        {
            "id": "rs-1",
            "opens_at": "9:00",
            "closes_at": "13:00:00",
            "freq": "weekly",
            "interval": "1",
            "byday": "MO,FR",
            "description": "",
        }  # fmt: skip
    ],
    "holiday_schedules": [{"id": "h-1", "closed": True}],
    "service_at_locations": [
        {
            "id": "sal-1",
            "location": {
                "id": "loc-1",
                "name": "Church hall",
                "description": "",
                "latitude": "51.4545",
                "longitude": -2.5879,
                "physical_addresses": [
                    {
                        "id": "a-1",
                        "address_1": "1 High St",
                        "city": "Bristol",
                        "state_province": "",
                        "postal_code": "BS1 1AA",
                        "country": "GB",
                    }  # fmt: skip
                ],
                "accessibility_for_disabilities": [{"id": "acc-1", "accessibility": "Ramp"}],
            },
        }
    ],
    "service_taxonomys": [
        {
            "id": "st-1",
            "taxonomy": {
                "id": "t-9",
                "name": "Meals",
                "vocabulary": "esdServiceTypes",
                "parent": "t-1",
            },
        }  # fmt: skip
    ],
    "pc_metadata": {"date_modified": "2024-03-02", "assured_by": "someone@example.gov.uk"},
}


def test_full_v1_record_maps_every_part_and_validates(write_json):
    feed = read_feed(write_json("lunch-clubs.json", [FULL_V1]))
    assert feed.format == "oruk-v1"
    assert feed.problems == [] and feed.warnings == []
    (doc,) = feed.services
    assert validate_service(doc) == [] and validate_service(doc, "hsds") == []
    assert validate_feed(feed) == []
    key = feed_key_for("lunch-clubs.json")
    assert key == "lunch-clubs"
    assert doc["id"] == v1_id(key, "service", "svc-1")
    assert doc["description"] == "Hot meals.\n\n- Mondays\n- Fridays"
    assert doc["url"] == "http://www.lunch.example.org"
    assert doc["email"] == "lunch@example.org"
    assert doc["status"] == "active"
    assert doc["assured_date"] == "2024-03-01"
    assert doc["last_modified"] == "2024-03-02T00:00:00Z"
    assert doc["eligibility_description"] == "Older people"
    assert doc["minimum_age"] == 60 and "maximum_age" not in doc
    assert doc["organization"]["website"] == "http://lunch.org"
    assert doc["contacts"][0]["phones"][0]["number"] == "0117"
    assert doc["languages"][0]["name"] == "English"
    assert doc["cost_options"][0]["amount"] == 3.5
    assert doc["funding"][0]["source"] == "Council grant"
    assert doc["service_areas"][0]["name"] == "Bristol"
    schedule = doc["schedules"][0]
    assert (schedule["opens_at"], schedule["closes_at"], schedule["freq"]) == (
        "09:00",
        "13:00:00",
        "WEEKLY",
    )
    assert schedule["interval"] == 1
    location = doc["service_at_locations"][0]["location"]
    assert location["id"] == v1_id(key, "location", "loc-1")
    assert (location["latitude"], location["longitude"]) == (51.4545, -2.5879)
    assert location["addresses"][0]["postal_code"] == "BS1 1AA"
    assert location["addresses"][0]["address_type"] == "physical"
    assert location["accessibility"][0]["description"] == "Ramp"
    names = sorted(a["taxonomy_term"]["name"] for a in doc["attributes"])
    assert names == ["Drop-in", "Meals", "Social activity", "Venue"]
    meals = next(t for t in feed.taxonomy_terms if t["name"] == "Meals")
    assert meals["code"] == "t-9"
    assert "parent_id" not in meals  # its parent t-1 is not in the feed
    assert "esdServiceTypes" in {t["name"] for t in feed.taxonomies}
    assert feed.original_ids[doc["id"]] == "svc-1"
    assert "someone@example.gov.uk" not in json.dumps(feed.services)
