"""Tests for locality.demo.directory: the synthetic York community asset directory (HSDS 3.0)."""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from urllib.parse import urlparse

import pytest

from locality.demo import directory as gen
from locality.demo.place import load_lsoas, load_postcodes, neighbourhood_of

REPO = Path(__file__).resolve().parents[3]
OPENREFERRAL = REPO / "data" / "openreferral"
REFERENCE = date(2026, 11, 23)
SERVICES = 3000
DRAMA_PHONE = re.compile(r"01632960\d{3}")
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
DAY = re.compile(r"(-?[1-4])?(MO|TU|WE|TH|FR|SA|SU)")


@pytest.fixture(scope="module")
def lsoas():
    return load_lsoas()


@pytest.fixture(scope="module")
def postcodes():
    return load_postcodes()


@pytest.fixture(scope="module")
def directory(lsoas, postcodes):
    return gen.generate_directory(lsoas, postcodes, seed=2024, services=SERVICES)


@pytest.fixture(scope="module")
def services(directory):
    return directory["services"]


def physical_locations(service):
    for sal in service.get("service_at_locations", []):
        if sal["location"]["location_type"] == "physical":
            yield sal["location"]


def need_terms(service):
    return [
        a["taxonomy_term"] for a in service["attributes"] if a["taxonomy_term"]["taxonomy"]
        == gen.NEEDS_TAXONOMY
    ]  # fmt: skip


# --- determinism and shape -------------------------------------------------------------


def test_same_seed_gives_identical_output_and_another_seed_does_not(lsoas, postcodes, directory):
    again = gen.generate_directory(lsoas, postcodes, seed=2024, services=SERVICES)
    assert json.dumps(again, sort_keys=True) == json.dumps(directory, sort_keys=True)
    other = gen.generate_directory(lsoas, postcodes, seed=2025, services=SERVICES)
    assert {s["id"] for s in other["services"]}.isdisjoint(s["id"] for s in again["services"])


def test_exactly_the_requested_number_of_services_with_unique_uuid_ids(services):
    assert len(services) == SERVICES
    ids = [s["id"] for s in services]
    assert len(set(ids)) == SERVICES
    assert all(uuid.UUID(i).version == 5 for i in ids)
    assert len({s["name"] for s in services}) == SERVICES, "service names are unique"


def test_shared_locations_are_identical_wherever_they_appear(services):
    seen: dict[str, dict] = {}
    for service in services:
        for location in physical_locations(service):
            assert seen.setdefault(location["id"], location) == location
    assert len(seen) < sum(1 for s in services for _ in physical_locations(s)), "venues shared"


# --- schema ----------------------------------------------------------------------------


def oruk_service_validator():
    """The ORUK service schema shipped in data/openreferral, as the importer uses it."""
    from locality.directory.feeds.schemas import validator_for

    return OPENREFERRAL, validator_for("service", profile="oruk")


def test_every_service_validates_against_the_oruk_service_schema(services):
    path, validator = oruk_service_validator()
    failures = {}
    for service in services:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(service)]
        if errors:
            failures[service["id"]] = errors[:3]
    assert not failures, f"{len(failures)} services fail {path}: {list(failures.items())[:3]}"


# --- place -----------------------------------------------------------------------------


def test_locations_sit_on_real_york_postcodes_inside_york(services, postcodes):
    by_pcds = {p.pcds: p for points in postcodes.values() for p in points}
    lat_range = (min(p.lat for p in by_pcds.values()), max(p.lat for p in by_pcds.values()))
    lon_range = (min(p.lon for p in by_pcds.values()), max(p.lon for p in by_pcds.values()))
    count = 0
    for service in services:
        for location in physical_locations(service):
            count += 1
            (address,) = location["addresses"]
            point = by_pcds.get(address["postal_code"])
            assert point is not None, f"{address['postal_code']} is not a live York postcode"
            assert (location["latitude"], location["longitude"]) == (point.lat, point.lon)
            assert lat_range[0] <= location["latitude"] <= lat_range[1]
            assert lon_range[0] <= location["longitude"] <= lon_range[1]
            assert (address["city"], address["state_province"], address["country"]) == (
                "York", "North Yorkshire", "GB"
            )  # fmt: skip
            assert re.fullmatch(r"(\d{1,3} )?[A-Z][a-z]+ [A-Z][a-z]+", address["address_1"])
    assert count > SERVICES


def test_services_are_spread_unevenly_over_all_four_neighbourhoods(services, lsoas, postcodes):
    lsoa_of = {p.pcds: code for code, points in postcodes.items() for p in points}
    quarter = {lsoa.code: neighbourhood_of(lsoa) for lsoa in lsoas}
    per_lsoa = Counter(
        lsoa_of[loc["addresses"][0]["postal_code"]]
        for s in services
        for loc in physical_locations(s)
    )
    per_quarter = Counter()
    for code, n in per_lsoa.items():
        per_quarter[quarter[code]] += n
    assert set(per_quarter) == {"North", "East", "South", "West"}
    counts = sorted(per_lsoa.get(lsoa.code, 0) for lsoa in lsoas)
    assert sum(n <= 3 for n in counts) >= 5, "some LSOAs are gaps with almost nothing"
    assert counts[-1] >= 2 * counts[len(counts) // 2], "the busiest have over twice the median"


# --- mix -------------------------------------------------------------------------------


def test_about_15_percent_are_community_assets_tagged_by_entry_kind(services):
    kinds = []
    for service in services:
        tags = [a for a in service["attributes"] if a["link_type"] == "entry_kind"]
        assert len(tags) == 1
        assert tags[0]["taxonomy_term"]["taxonomy"] == gen.ENTRY_KIND_TAXONOMY
        kinds.append(tags[0]["taxonomy_term"]["code"])
    share = Counter(kinds)["community-asset"] / len(services)
    assert 0.13 <= share <= 0.17
    assets = [s for s in services if gen.entry_kind(s) == "community-asset"]
    names = " ".join(s["name"] for s in assets)
    for word in ("Park", "Community Centre", "Lunch Club", "Library", "Allotments"):
        assert word in names


def test_some_are_stale_and_dates_are_within_200_days(services):
    ages = [(REFERENCE - date.fromisoformat(s["assured_date"])).days for s in services]
    assert min(ages) >= 0 and max(ages) < 200
    stale = sum(gen.is_stale(s, REFERENCE) for s in services)
    assert stale == sum(age > 90 for age in ages)
    assert 0.15 * SERVICES <= stale <= 0.5 * SERVICES
    for service in services:
        assert service["last_modified"][:10] >= service["assured_date"]


def test_status_is_mostly_active_with_some_closed(services):
    status = Counter(s["status"] for s in services)
    assert status["active"] / SERVICES >= 0.9
    assert status["inactive"] > 0 and status["temporarily closed"] > 0
    assert all(s.get("alert") for s in services if s["status"] == "temporarily closed")


def test_a_handful_of_confidential_services_are_flagged(services):
    confidential = [s for s in services if gen.has_flag(s, "confidential")]
    assert 3 <= len(confidential) <= 20
    for service in confidential:
        codes = {t["code"] for t in need_terms(service)}
        assert codes & {"domestic-abuse-safety.refuge", "domestic-abuse-safety.domestic-abuse"}
        assert service["status"] == "active"
        for location in physical_locations(service):
            assert location["name"] not in service["name"], "the name gives the house away"


def test_known_duplicates_are_near_duplicates_from_two_bodies(directory):
    by_id = {s["id"]: s for s in directory["services"]}
    pairs = directory["known_duplicates"]
    assert len(pairs) == round(SERVICES * gen.DUPLICATE_SHARE)
    assert len({i for pair in pairs for i in pair}) == 2 * len(pairs)
    for a_id, b_id in pairs:
        a, b = by_id[a_id], by_id[b_id]
        assert a["organization_id"] != b["organization_id"]
        assert a["name"] != b["name"]
        similarity = SequenceMatcher(None, a["name"].lower(), b["name"].lower()).ratio()
        assert similarity > 0.6, (a["name"], b["name"])
        place_a = [(x["latitude"], x["longitude"]) for x in physical_locations(a)]
        place_b = [(x["latitude"], x["longitude"]) for x in physical_locations(b)]
        assert place_a and place_a == place_b
        assert {x["id"] for x in physical_locations(a)}.isdisjoint(
            x["id"] for x in physical_locations(b)
        )
        assert [need["id"] for need in need_terms(a)] == [need["id"] for need in need_terms(b)]
        bodies = [a["organization"]["name"], b["organization"]["name"]]
        assert sum(" Council " in name for name in bodies) == 1, bodies  # one council feed


def test_eligibility_ages_match_the_kind_of_service(services):
    youth = [s for s in services if "Youth Club" in s["name"] or "Youth Night" in s["name"]]
    assert youth and all((s["minimum_age"], s["maximum_age"]) == (11, 18) for s in youth)
    lunch = [s for s in services if "Lunch Club" in s["name"] or "Friendship Lunch" in s["name"]]
    assert lunch and all(s["minimum_age"] == 60 and "maximum_age" not in s for s in lunch)
    toddlers = [s for s in services if "Toddler" in s["name"]]
    assert toddlers and all(s["maximum_age"] <= 4 for s in toddlers)


def test_costs_are_mostly_free_and_otherwise_in_gbp(services):
    free = sum(s["cost_options"][0]["amount"] == 0 for s in services)
    assert free / SERVICES > 0.6
    for service in services:
        for option in service["cost_options"]:
            assert option["currency"] == "GBP" and option["amount"] >= 0


def test_languages_are_english_plus_some_community_languages(services):
    codes = Counter(lang["code"] for s in services for lang in s["languages"])
    assert codes["en"] == SERVICES
    for code in ("pl", "ur", "ar", "zh", "bfi"):
        assert codes[code] > 0


def test_schedules_are_weekly_or_monthly_rrule_parts_with_times(services):
    n = 0
    for service in services:
        schedules = list(service.get("schedules", []))
        for sal in service.get("service_at_locations", []):
            schedules += sal.get("schedules", [])
        assert schedules, service["name"]
        for schedule in schedules:
            n += 1
            assert schedule["freq"] in ("WEEKLY", "MONTHLY")
            assert all(DAY.fullmatch(day) for day in schedule["byday"].split(","))
            assert TIME.fullmatch(schedule["opens_at"]) and TIME.fullmatch(schedule["closes_at"])
            assert schedule["opens_at"] < schedule["closes_at"]
    assert n > SERVICES


def test_some_services_are_online_or_phone_only(services):
    remote = [s for s in services if not list(physical_locations(s))]
    assert 5 <= len(remote) <= 0.05 * SERVICES
    assert any(s["service_at_locations"] == [] for s in remote), "phone-only"
    assert any(s["service_at_locations"] for s in remote), "online (virtual location)"


# --- taxonomies ------------------------------------------------------------------------


def test_taxonomy_files_have_deterministic_ids_and_two_levels():
    taxonomies, terms = gen.load_taxonomies()
    assert [t["name"] for t in taxonomies] == [
        "Locality needs", "Locality entry kind", "Locality flags"
    ]  # fmt: skip
    codes = [t["code"] for t in terms]
    assert len(codes) == len(set(codes))
    for term in terms:
        assert term["id"] == str(uuid.uuid5(gen.TAXONOMY_NAMESPACE, term["code"]))
        assert term["name"] and term["description"] and "term_uri" not in term
    needs_id = taxonomies[0]["id"]
    needs = [t for t in terms if t["taxonomy_id"] == needs_id]
    top = [t for t in needs if "parent_id" not in t]
    assert 12 <= len(top) <= 15
    for parent in top:
        children = [t for t in needs if t.get("parent_id") == parent["id"]]
        assert 3 <= len(children) <= 6
        assert all(c["code"].startswith(parent["code"] + ".") for c in children)
    by_taxonomy = {t["name"]: {x["code"] for x in terms if x["taxonomy_id"] == t["id"]}
                   for t in taxonomies}  # fmt: skip
    assert by_taxonomy["Locality entry kind"] == {"service", "community-asset"}
    assert "confidential" in by_taxonomy["Locality flags"]


def test_every_referenced_taxonomy_term_exists(directory, services):
    terms = {t["id"]: t for t in directory["taxonomy_terms"]}
    taxonomies = {t["id"] for t in directory["taxonomies"]}
    assert all(t["taxonomy_id"] in taxonomies for t in terms.values())
    for service in services:
        assert 1 <= len(need_terms(service)) <= 3
        for attribute in service["attributes"]:
            assert attribute["link_id"] == service["id"]
            term = terms[attribute["taxonomy_term_id"]]
            nested = dict(attribute["taxonomy_term"])
            nested.pop("taxonomy")
            assert nested == term


# --- contact details -------------------------------------------------------------------


def test_phone_numbers_are_in_the_ofcom_drama_range(services):
    numbers = [p["number"] for s in services for p in s.get("phones", [])]
    assert len(numbers) >= SERVICES
    for number in numbers:
        digits = re.sub(r"\D", "", number)
        digits = "0" + digits[2:] if digits.startswith("44") else digits
        assert DRAMA_PHONE.fullmatch(digits), number


def test_emails_and_web_addresses_use_reserved_example_domains(services):
    for service in services:
        for email in (service["email"], service["assurer_email"], service["organization"]["email"]):
            assert re.fullmatch(r"[a-z0-9.-]+@[a-z0-9.-]+\.example", email), email
        for url in (service["url"], service["organization"]["website"]):
            parsed = urlparse(url)
            assert parsed.scheme == "https" and parsed.hostname.endswith(".example"), url
        assert "not a real organisation" in service["organization"]["description"]


# --- other inputs and files ------------------------------------------------------------


def test_works_for_any_areas_and_points_outside_york():
    areas = [
        gen.Area(code=f"X{i}", lat=52.0 + i / 100, lon=-1.5, population=1500, name=f"Testham {i}",
                 imd_decile=1 + i % 10, town="Testham", county="Testshire")
        for i in range(12)
    ]  # fmt: skip
    points = {a.code: [gen.Point(f"TT{i} {k}AA", a.lat, a.lon) for k in range(3)]
              for i, a in enumerate(areas)}  # fmt: skip
    result = gen.generate_directory(areas, points, services=300, seed=7)
    assert len(result["services"]) == 300
    pcds = {p.pcds for ps in points.values() for p in ps}
    for service in result["services"]:
        for location in physical_locations(service):
            address = location["addresses"][0]
            assert address["postal_code"] in pcds
            assert (address["city"], address["state_province"]) == ("Testham", "Testshire")


def test_generate_directory_files_writes_an_hsds_json_feed(tmp_path, lsoas, postcodes):
    paths = gen.generate_directory_files(tmp_path / "out", lsoas, postcodes, services=250)
    assert set(paths) == {"services", "taxonomies", "taxonomy_terms", "known_duplicates"}
    services = json.loads(paths["services"].read_text(encoding="utf-8"))
    assert isinstance(services, list) and len(services) == 250
    assert len(json.loads(paths["taxonomies"].read_text(encoding="utf-8"))) == 3
    terms = json.loads(paths["taxonomy_terms"].read_text(encoding="utf-8"))
    assert {t["id"] for t in terms} >= {
        a["taxonomy_term_id"] for s in services for a in s["attributes"]
    }
    assert len(json.loads(paths["known_duplicates"].read_text(encoding="utf-8"))) == 3


def test_rejects_bad_arguments(lsoas, postcodes):
    with pytest.raises(ValueError):
        gen.generate_directory(lsoas, postcodes, services=0)
    with pytest.raises(ValueError):
        gen.generate_directory(lsoas, {}, services=10)
