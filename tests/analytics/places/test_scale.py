"""The scale advisor: hand-computed recommendations, the York scales, and bad input."""

import json
import math

import pandas as pd
import pytest

from locality.analytics.places.geography import PLACES_DIR, PlacesError, england_lsoas
from locality.analytics.places.scale import (
    Scales,
    Service,
    advise,
    neighbourhood_demand,
    read_services,
    scales_for,
)

YORK = "E06000014"


def town() -> Scales:
    """Two neighbourhoods (30,000 and 20,000), a place of 50,000, an ICB of 500,000."""
    return Scales(
        "E0",
        "Town",
        neighbourhoods=pd.DataFrame(
            {
                "all": [30_000, 20_000],
                "0-15": [6_000, 4_000],
                "16-59": [18_000, 12_000],
                "60+": [6_000, 4_000],
                "count": [1, 1],
            },
            index=["North", "South"],
        ),
        neighbourhood_source="test",
        place=pd.Series({"all": 50_000, "0-15": 10_000, "16-59": 30_000, "60+": 10_000}),
        systems=pd.DataFrame(
            {
                "name": ["Town ICB"],
                "all": [500_000],
                "0-15": [100_000],
                "16-59": [300_000],
                "60+": [100_000],
                "la_share": [1.0],
            },
            index=["E54"],
        ),
    )


def test_hand_computed_recommendations():
    services = [
        # 1% of all: South expects 200 >= 200 (the boundary counts) -> neighbourhood
        Service("link workers", 200, 0.01),
        # 2% of 60+: North 120 >= 100 but South 80 < 100; the place expects 200 -> place
        Service("memory", 100, 0.02, "60+"),
        # 0.1% of 0-15: place 10 < 50; ICB 100 >= 50 -> system
        Service("paediatric", 50, 0.001, "0-15"),
        # 0.01% of 16-59: ICB 30 < 100 -> cross-system, ceil(100 / 30) = 4 systems
        Service("rare", 100, 0.0001, "16-59"),
    ]
    advice = advise(services, town()).set_index("service")
    assert list(advice.recommended) == ["neighbourhood", "place", "system", "cross-system"]
    assert advice.loc["link workers", "neighbourhood_min_demand"] == 200.0
    assert advice.loc["link workers", "units"] == 2
    assert advice.loc["memory", ["neighbourhood_min_demand", "place_demand"]].tolist() == [80, 200]
    assert advice.loc["memory", "smallest_neighbourhood"] == "South"
    assert advice.loc["memory", "neighbourhoods_viable"] == 1
    assert advice.loc["paediatric", ["place_demand", "system_demand"]].tolist() == [10, 100]
    assert advice.loc["rare", "system_demand"] == 30.0
    assert advice.loc["rare", "units"] == 4
    assert "1 of 2 neighbourhoods reach 100" in advice.loc["memory", "reason"]
    assert "about 4 systems of its size" in advice.loc["rare", "reason"]


def test_demand_per_neighbourhood():
    demand = neighbourhood_demand([Service("memory", 100, 0.02, "60+")], town())
    assert demand[["neighbourhood", "expected_demand", "viable"]].values.tolist() == [
        ["North", 120.0, True],
        ["South", 80.0, False],
    ]


def test_york_by_default_is_four_notional_neighbourhoods_in_its_icb():
    scales = scales_for(YORK)
    assert scales.place["all"] == 205_699 and scales.place["60+"] == 47_296
    hoods = scales.neighbourhoods
    assert int(hoods["count"].sum()) == 4
    assert hoods["all"].iloc[0] == pytest.approx(205_699 / 4)
    assert list(scales.systems.index) == ["E54000051"]
    system = scales.systems.iloc[0]
    assert system["name"] == "NHS Humber and North Yorkshire Integrated Care Board"
    assert system["la_share"] == 1.0
    england = england_lsoas()
    icbs = pd.read_csv(PLACES_DIR / "lsoa11_icb.csv.gz", dtype=str).set_index("lsoa11cd")
    in_icb = icbs.index[icbs.icb_code == "E54000051"]
    assert system["all"] == england.population.reindex(in_icb).sum()


def test_york_with_neighbourhoods_from_a_csv_and_from_design_geojson(tmp_path):
    codes = sorted(england_lsoas().query("lad19cd == @YORK").index)
    england = england_lsoas()
    csv_path = tmp_path / "hoods.csv"
    csv_path.write_text(
        "lsoa11cd,neighbourhood\n"
        + "".join(f"{c},{'West' if i < 30 else 'East'}\n" for i, c in enumerate(codes))
    )
    geojson = tmp_path / "design.geojson"
    geojson.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"name": "West", "lsoa_codes": codes[:30]},
                     "geometry": None},
                    {"type": "Feature", "properties": {"name": "East", "lsoa_codes": codes[30:]},
                     "geometry": None},
                ],
            }
        )
    )  # fmt: skip
    west = england.loc[codes[:30]]
    for path in (csv_path, geojson):
        scales = scales_for(YORK, path)
        assert scales.neighbourhoods.loc["West", "all"] == west.population.sum()
        assert scales.neighbourhoods.loc["West", "60+"] == west.age_60_plus.sum()
        advice = advise([Service("s", 100, 0.01)], scales).iloc[0]
        assert advice.smallest_neighbourhood == "West"
        assert advice.neighbourhood_min_demand == round(0.01 * west.population.sum(), 1)


def test_an_authority_split_between_icbs_is_served_by_each():
    scales = scales_for("E07000004")  # Aylesbury Vale (2019 code)
    assert len(scales.systems) == 2
    assert scales.systems.la_share.sum() == pytest.approx(1.0)
    advice = advise([Service("s", 1e9, 0.5)], scales).iloc[0]
    smaller = scales.systems["all"].min()
    assert advice.system_demand == round(0.5 * smaller, 1)
    assert advice.units == math.ceil(1e9 / (0.5 * smaller))


@pytest.mark.parametrize(
    "text, message",
    [
        ("service,prevalence\nA,0.1\n", "header: no column 'min_caseload'"),
        ("service,min_caseload,prevalence\n", "no services"),
        ("service,min_caseload,prevalence\nA,10,0.1\n,10,0.1\n", "row 3: field service: empty"),
        ("service,min_caseload,prevalence\nA,10,0.1\nA,5,0.1\n", "row 3: field service: 'A'"),
        ("service,min_caseload,prevalence\nA,ten,0.1\n", "row 2: field min_caseload: 'ten'"),
        ("service,min_caseload,prevalence\nA,0,0.1\n", "row 2: field min_caseload: 0 must be"),
        ("service,min_caseload,prevalence\nA,10,5\n", "row 2: field prevalence: 5 must be above"),
        ("service,min_caseload,prevalence\nA,10,nan\n", "row 2: field prevalence: 'nan'"),
        (
            "service,min_caseload,prevalence,population_group\nA,10,0.1,all\nB,10,0.1,65+\n",
            "row 3: field population_group: '65\\+' is not one of",
        ),
    ],
)
def test_bad_services_name_row_and_field(tmp_path, text, message):
    path = tmp_path / "services.csv"
    path.write_text(text)
    with pytest.raises(PlacesError, match=f"services.csv: .*{message}"):
        read_services(path)


def test_the_example_services_read_and_say_they_are_illustrative():
    services = read_services(PLACES_DIR / "example_services.csv")
    assert len(services) == 8
    assert {s.population_group for s in services} == {"all", "0-15", "16-59", "60+"}
    text = (PLACES_DIR / "example_services.csv").read_text()
    assert text.count("ILLUSTRATIVE") == 8


@pytest.mark.parametrize(
    "rows, message",
    [
        (lambda codes: [(c, "A") for c in codes] + [("E01000001", "A")], "not an LSOA of York"),
        (lambda codes: [(c, "A") for c in codes] + [(codes[0], "B")], "is already in 'A'"),
        (lambda codes: [(c, "A") for c in codes[1:]], "1 of York's 120 LSOAs are in no"),
        (lambda codes: [(codes[0], "")] + [(c, "A") for c in codes[1:]], "field neighbourhood"),
    ],
)
def test_bad_neighbourhoods_name_row_and_field(tmp_path, rows, message):
    codes = sorted(england_lsoas().query("lad19cd == @YORK").index)
    path = tmp_path / "hoods.csv"
    path.write_text("lsoa11cd,neighbourhood\n" + "".join(f"{c},{n}\n" for c, n in rows(codes)))
    with pytest.raises(PlacesError, match=f"hoods.csv: .*{message}"):
        scales_for(YORK, path)
