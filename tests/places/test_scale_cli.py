"""``locality places scale`` on York with the example services: files, content, bad input."""

import csv

import pytest
from django.core.management import CommandError, call_command

from locality.analytics.places.geography import PLACES_DIR

EXAMPLE = PLACES_DIR / "example_services.csv"


def test_scale_writes_the_advice_the_chart_and_the_page(tmp_path):
    out = tmp_path / "out"
    call_command(
        "places", "scale", "--la", "E06000014", "--services", str(EXAMPLE), "--out", str(out)
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "neighbourhood_demand.csv",
        "scale.csv",
        "scale.html",
        "scale.png",
    ]
    with (out / "scale.csv").open(newline="") as handle:
        advice = {row["service"]: row for row in csv.DictReader(handle)}
    assert len(advice) == 8
    # by hand: 1% of York's 205,699 over 4 notional neighbourhoods = 514.2 >= 150
    link = advice["Social prescribing link work"]
    assert (link["neighbourhood_min_demand"], link["recommended"]) == ("514.2", "neighbourhood")
    # 1.2% of York's 47,296 aged 60+ = 567.6 >= 300, but 141.9 a neighbourhood
    memory = advice["Memory assessment"]
    assert (memory["place_demand"], memory["recommended"]) == ("567.6", "place")
    assert {row["recommended"] for row in advice.values()} <= {
        "neighbourhood",
        "place",
        "system",
        "cross-system",
    }
    with (out / "neighbourhood_demand.csv").open(newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 8  # one notional row per service
    assert (out / "scale.png").read_bytes()[:4] == b"\x89PNG"
    page = (out / "scale.html").read_text()
    assert "Memory assessment" in page and "4 notional neighbourhoods" in page


@pytest.mark.parametrize(
    "services, extra, message",
    [
        ("service,min_caseload,prevalence\nA,10,12\n", [], r"row 2: field prevalence: 12"),
        ("service,min_caseload,prevalence\nA,10,0.1\n", ["--la", "E0600001"], "E0600001"),
        (
            "service,min_caseload,prevalence\nA,10,0.1\n",
            ["--neighbourhoods", "missing.csv"],
            "missing.csv: no such file",
        ),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, services, extra, message):
    path = tmp_path / "services.csv"
    path.write_text(services)
    out = tmp_path / "out"
    with pytest.raises(CommandError, match=message) as caught:
        call_command(
            "places", "scale", "--la", "E06000014", "--services", str(path), "--out", str(out),
            *[str(tmp_path / e) if e.endswith(".csv") else e for e in extra],
        )  # fmt: skip
    assert caught.value.returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["services.csv"]
