"""``locality places outreach`` on York: the files it writes, and bad input refused whole."""

import csv
import json

import pytest
from django.core.management import CommandError, call_command

from locality.analytics.places.distances import haversine_m
from locality.analytics.places.geography import load_area

HUBS = "name,latitude,longitude,capacity\nCity centre,53.9590,-1.0815,3\nAcomb,53.9535,-1.1270,2\n"


@pytest.fixture
def hubs(tmp_path):
    path = tmp_path / "hubs.csv"
    path.write_text(HUBS)
    return path


def rows(path):
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_outreach_writes_stops_timetable_equity_and_maps(tmp_path, hubs, capsys):
    out = tmp_path / "out"
    call_command(
        "places", "outreach", "--hubs", str(hubs), "--radius-km", "2.5", "--stops", "6",
        "--days", "3", "--weight", "population", "--out", str(out),
    )  # fmt: skip
    names = {p.name for p in out.iterdir()}
    assert {
        "lsoas.csv", "stops.csv", "timetable.csv", "equity.csv", "summary.json", "map.png",
        "map.html", "report.html", "timetable.html",
    } <= names  # fmt: skip
    summary = json.loads((out / "summary.json").read_text())
    assert summary["local_authority"]["code"] == "E06000014"
    assert summary["stops_chosen"] == 6 and summary["weight"] == "population"
    stops = rows(out / "stops.csv")
    assert len(stops) == 6
    assert {s["day"] for s in stops} == {"Monday", "Tuesday", "Wednesday"}
    lsoas = rows(out / "lsoas.csv")
    assert len(lsoas) == 120
    reached = [r for r in lsoas if r["stop"]]
    assert sum(int(r["population"]) for r in reached) == summary["residents_reached"]
    assert sum(int(s["residents_reached"]) for s in stops) == summary["residents_reached"]
    # population weight: what the stops reach is the residents they reach
    assert summary["weight_reached"] == summary["residents_reached"]
    calls = rows(out / "timetable.csv")
    assert [c["stop_id"] for c in calls if c["order"] != "0" and "depot" not in c["stop"]] == [
        s["stop_id"] for s in stops
    ]
    for call in calls:
        for field in ("arrive", "depart"):
            assert not call[field] or "09:30" <= call[field] <= "16:00"
    equity = {r["imd_decile"]: r for r in rows(out / "equity.csv")}
    assert int(equity["all"]["outside_before"]) == summary["residents_outside"]
    assert (out / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = (out / "report.html").read_text()
    assert "York" in report and 'src="map.png"' in report and "IMD decile" in report
    assert "Monday" in (out / "timetable.html").read_text()
    assert "L.polyline" in (out / "map.html").read_text()


def test_a_travel_matrix_in_minutes_sets_the_catchment_and_the_bus_times(tmp_path, hubs):
    york = load_area("E06000014")
    ids = list(york.lsoas.index) + ["City centre", "Acomb"]
    lat = list(york.lsoas.pwc_lat) + [53.9590, 53.9535]
    lon = list(york.lsoas.pwc_lon) + [-1.0815, -1.1270]
    minutes = haversine_m(lat, lon, lat, lon) / 250.0  # 15 km/h door to door
    matrix = tmp_path / "minutes.csv"
    with matrix.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["origin", "destination", "minutes"])
        for i, a in enumerate(ids):
            for j, b in enumerate(ids):
                writer.writerow([a, b, f"{minutes[i, j]:.3f}"])
    out = tmp_path / "out"
    call_command(
        "places", "outreach", "--hubs", str(hubs), "--radius-km", "12", "--stops", "4",
        "--travel-matrix", str(matrix), "--depot", "Acomb", "--out", str(out),
    )  # fmt: skip
    summary = json.loads((out / "summary.json").read_text())
    assert summary["radius_unit"] == "minutes" and summary["depot"] == "Acomb"
    lsoas = rows(out / "lsoas.csv")
    for row in lsoas:
        assert (row["outside"] == "True") == (float(row["hub_minutes"]) > 12)
    first = rows(out / "timetable.csv")[1]
    stop = ids.index(first["stop_id"])
    leg = minutes[ids.index("Acomb"), stop]
    assert first["arrive"] == f"{int(round(570 + leg)) // 60:02d}:{int(round(570 + leg)) % 60:02d}"


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"hubs_text": "name,latitude,longitude\nA,53.96,x\n"},
            r"hubs.csv: row 2: field longitude: .x. is not a number",
        ),
        ({"args": ["--la", "E99999999"]}, "E99999999"),
        ({"args": ["--depot", "Nowhere"]}, "--depot 'Nowhere': not a hub name"),
        ({"args": ["--start", "9am"]}, "--start: '9am' is not a time"),
        ({"args": ["--days", "8"]}, "--days 8: must be 1 to 7"),
        ({"args": ["--end", "10:00", "--days", "1"]}, "do not fit in 1 days of 09:30-10:00"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, change, message):
    hubs = tmp_path / "hubs.csv"
    hubs.write_text(change.get("hubs_text", HUBS))
    out = tmp_path / "out"
    with pytest.raises(CommandError, match=message) as caught:
        call_command(
            "places", "outreach", "--hubs", str(hubs), "--radius-km", "2.5", "--stops", "6",
            "--out", str(out), *change.get("args", []),
        )  # fmt: skip
    assert caught.value.returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hubs.csv"]
