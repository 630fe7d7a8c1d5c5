"""Broken feeds give problems that name the file, the record and the field."""

import copy
import csv
import shutil

import pytest

from locality.directory.feeds import Problem, read_feed, validate_feed
from tests.unit.directory.feed_fixtures import HSDS, ORUK, load

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
LATITUDE = "service_at_locations[0].location.latitude"


def _broken_service() -> dict:
    doc = copy.deepcopy(load(ORUK / "service_full.json"))
    del doc["name"]
    doc["status"] = "open"
    doc["service_at_locations"][0]["location"]["latitude"] = 200
    doc["minimum_age"] = "12"
    return doc


def _by_field(problems: list[Problem]) -> dict[str, str]:
    return {p.field: p.message for p in problems}


@pytest.mark.parametrize("profile", ["oruk", "hsds"])
def test_a_broken_copy_names_record_and_field(write_json, profile):
    path = write_json("broken.json", _broken_service())
    feed = read_feed(path)
    assert feed.problems == []  # reading is fine: it is the content that is wrong
    problems = validate_feed(feed, profile)
    assert {p.file for p in problems} == {str(path)}
    assert {p.record for p in problems} == {SERVICE_ID}
    found = _by_field(problems)
    assert found["name"] == "is required"
    assert found["status"].startswith("'open' is not one of ['active', 'inactive'")
    assert found["minimum_age"] == "'12' is not of type 'number'"
    assert LATITUDE not in found  # schema-valid: a warning, the location is just not mapped
    assert len(problems) == 3
    assert {(w.field, w.message) for w in feed.warnings} == {
        (LATITUDE, "200 is outside -90 to 90: not mapped")
    }
    assert Problem(str(path), SERVICE_ID, "name", "is required").format() == (
        f"{path}: {SERVICE_ID}: name: is required"
    )


def test_more_locality_checks(write_json):
    doc = copy.deepcopy(load(ORUK / "service_full.json"))
    doc["name"] = "   "
    doc["minimum_age"], doc["maximum_age"] = 65, 18
    doc["service_at_locations"][0]["location"].update(latitude=51.45, longitude=-190)
    doc["schedules"][0]["opens_at"] = "9am"
    doc["schedules"][0]["closes_at"] = "17:30"
    feed = read_feed(write_json("feed.json", [doc]))
    assert [(p.record, p.field, p.message) for p in feed.problems] == [
        (SERVICE_ID, "name", "must not be empty")
    ]
    found = _by_field(validate_feed(feed))
    assert "name" not in found  # already in feed.problems: validate_feed does not repeat it
    assert found == {
        "minimum_age": "minimum_age 65 is greater than maximum_age 18",
        "schedules[0].opens_at": "'9am' is not a time (HH:MM[:SS])",
    }
    assert [(w.field, w.message) for w in feed.warnings] == [
        ("service_at_locations[0].location.longitude", "-190 is outside -180 to 180: not mapped")
    ]


def test_formats_are_checked(write_json):
    doc = copy.deepcopy(load(ORUK / "service_full.json"))
    doc.update(id="not-a-uuid", email="nobody", url="www.example.org", last_modified="yesterday")
    doc["service_at_locations"][0]["location"]["latitude"] = 51.45
    found = _by_field(validate_feed(read_feed(write_json("feed.json", doc))))
    assert set(found) == {"id", "email", "url", "last_modified"}
    assert found["id"] == "'not-a-uuid' is not a 'uuid'"


def test_duplicate_ids_and_records_without_ids(write_json):
    first = load(ORUK / "service_list.json")["contents"][0]
    no_id = {k: v for k, v in first.items() if k != "id"}
    path = write_json("page.json", {"contents": [first, no_id, first]})
    feed = read_feed(path)
    assert [(p.record, p.field, p.message) for p in feed.problems] == [
        ("record 3", "id", f"duplicate service id {SERVICE_ID}: first used by record 1")
    ]
    problems = validate_feed(feed)
    assert [(p.record, p.field, p.message) for p in problems] == [("record 2", "id", "is required")]
    # an id shared by two records names neither: problems in them are named by position
    broken = {**first, "minimum_age": "twelve"}
    feed = read_feed(write_json("page2.json", [broken, {**first, "minimum_age": 3}]))
    assert [(p.record, p.field) for p in validate_feed(feed)] == [("record 1", "minimum_age")]


def test_unreadable_json_names_the_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[\n  {"id": "x",\n   "name": }\n]\n', encoding="utf-8")
    feed = read_feed(path)
    assert feed.services == []
    (problem,) = feed.problems
    assert (problem.file, problem.record, problem.field) == (str(path), "(file)", "")
    assert problem.message.startswith("unreadable JSON: Expecting value (line 3, column")


def test_a_missing_path_is_a_problem_not_a_crash(tmp_path):
    feed = read_feed(tmp_path / "nowhere.json")
    assert [p.message for p in feed.problems] == ["no such file or folder"]


def test_a_folder_of_pages_reads_in_page_order(tmp_path, write_json):
    service = load(ORUK / "service_full.json")
    ids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(1, 12)]
    for n, service_id in enumerate(ids, start=1):
        write_json(f"pages/page-{n}.json", {"contents": [{**service, "id": service_id}]})
    feed = read_feed(tmp_path / "pages")
    assert feed.format == "hsds3-json"
    assert [s["id"] for s in feed.services] == ids  # page-2 before page-10
    assert feed.service_files[-1] == str(tmp_path / "pages" / "page-11.json")
    assert feed.problems == []


def test_csv_cells_that_do_not_parse_are_reported_where_they_are(tmp_path):
    folder = tmp_path / "csv"
    shutil.copytree(HSDS / "csv", folder)
    (folder / "datapackage.json").unlink()  # the copy's relative link would point nowhere
    services = folder / "services.csv"
    with services.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["minimum_age"] = "twelve"
    rows[0]["status"] = ""
    with services.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    feed = read_feed(folder)
    assert feed.format == "hsds3-tabular"
    assert feed.problems == []
    found = {(p.file, p.record, p.field): p.message for p in validate_feed(feed, "hsds")}
    assert found[(str(services), SERVICE_ID, "minimum_age")] == ("'twelve' is not of type 'number'")
    assert found[(str(services), SERVICE_ID, "status")] == "is required"
