"""``locality places hubs`` on York: the files it writes, their use by outreach, bad input."""

import csv
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).resolve().parents[2] / "data" / "places"
CANDIDATES = DATA / "example_candidates_york.csv"
EXISTING = DATA / "example_existing_york.csv"


def rows(path):
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_hubs_writes_sites_assignment_scenarios_and_maps(tmp_path):
    out = tmp_path / "out"
    call_command(
        "places", "hubs", "--la", "E06000014", "--candidates", str(CANDIDATES), "-k", "4",
        "--objective", "coverage", "--radius-km", "2", "--keep", str(EXISTING),
        "--out", str(out),
    )  # fmt: skip
    names = {p.name for p in out.iterdir()}
    assert {
        "sites.csv", "assignment.csv", "scenarios.csv", "summary.json", "summary.html",
        "need_sites.png", "catchments.png", "access.png", "map.html",
    } <= names  # fmt: skip
    for png in ("need_sites.png", "catchments.png", "access.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    sites = rows(out / "sites.csv")
    assert len(sites) == 4 and list(sites[0])[:3] == ["name", "latitude", "longitude"]
    kept = {r["name"] for r in rows(EXISTING)}
    assert kept <= {s["name"] for s in sites}
    assignment = rows(out / "assignment.csv")
    assert len(assignment) == 120
    assert {a["site"] for a in assignment} <= {s["name"] for s in sites}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["plan"]["scenario"] == "keep" and summary["settings"]["objective"] == "coverage"
    assert summary["plan"]["gap"] == 0.0
    scenarios = rows(out / "scenarios.csv")
    assert {r["scenario"] for r in scenarios} == {"before", "keep", "open"}
    assert len(scenarios) == 3 * 11
    assert "Equity" in (out / "summary.html").read_text()


def test_the_chosen_sites_feed_outreach_as_hubs(tmp_path):
    out = tmp_path / "hubs"
    call_command(
        "places", "hubs", "--la", "E06000014", "--candidates", str(CANDIDATES), "-k", "3",
        "--objective", "center", "--out", str(out),
    )  # fmt: skip
    bus = tmp_path / "bus"
    call_command(
        "places", "outreach", "--hubs", str(out / "sites.csv"), "--radius-km", "2.5",
        "--stops", "3", "--days", "1", "--out", str(bus),
    )  # fmt: skip
    assert (bus / "stops.csv").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-k", "0"], "-k 0: must be 1 or more"),
        (["-k", "3", "--objective", "center", "--capacity"], "only with --objective median"),
        (["-k", "3", "--la", "E99999999"], "E99999999"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, extra, message):
    out = tmp_path / "out"
    arguments = ["places", "hubs", "--candidates", str(CANDIDATES), "--out", str(out)]
    if "--la" not in extra:
        arguments += ["--la", "E06000014"]
    with pytest.raises(CommandError, match=message) as error:
        call_command(*arguments, *extra)
    assert error.value.returncode == 2
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_a_bad_candidates_row_is_named(tmp_path):
    bad = tmp_path / "c.csv"
    bad.write_text("name,latitude,longitude\nHall,53.96,-1.08\nSchool,53.97,east\n")
    with pytest.raises(CommandError, match=r"c.csv: row 3: field longitude: 'east'"):
        call_command(
            "places", "hubs", "--la", "E06000014", "--candidates", str(bad), "-k", "1",
            "--out", str(tmp_path / "out"),
        )  # fmt: skip
