"""Hub siting for York: sites files, scenarios, the comparison table and the assignment."""

from pathlib import Path

import numpy as np
import pytest

from locality.analytics.places.distances import haversine_m
from locality.analytics.places.geography import PlacesError
from locality.analytics.places.hubs.plan import Options, need_factor, plan_hubs
from locality.analytics.places.hubs.sites import merge_sites, read_sites

DATA = Path(__file__).resolve().parents[3] / "data" / "places"
CANDIDATES = DATA / "example_candidates_york.csv"
EXISTING = DATA / "example_existing_york.csv"
YORK = "E06000014"


@pytest.fixture(scope="module")
def plan():
    return plan_hubs(YORK, CANDIDATES, Options(k=4), keep=EXISTING)


def write(tmp_path, text, name="sites.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,latitude\nA,53.9\n", "header: no column 'longitude'"),
        (
            "name,latitude,longitude\nA,53.9,-1.1\nA,53.95,-1.1\n",
            "row 3: field name: 'A' appears twice",
        ),
        ("name,latitude,longitude\n,53.9,-1.1\n", "row 2: field name: empty"),
        (
            "name,latitude,longitude\nA,north,-1.1\n",
            "row 2: field latitude: 'north' is not a number",
        ),
        (
            "name,latitude,longitude\nA,48.0,-1.1\n",
            "row 2: field latitude: 48.0 is outside England",
        ),
        ("name,latitude,longitude,capacity\nA,53.9,-1.1,0\n", "row 2: field capacity: 0 is not"),
        ("name,latitude,longitude,cost\nA,53.9,-1.1,-5\n", "row 2: field cost: -5 is not"),
        ("name,latitude,longitude\n", "no sites"),
    ],
)
def test_bad_sites_files_name_the_row_and_field(tmp_path, text, message):
    with pytest.raises(PlacesError, match=message.replace("(", r"\(")):
        read_sites(write(tmp_path, text))


def test_a_site_far_from_the_area_is_refused(tmp_path):
    path = write(tmp_path, "name,latitude,longitude\nLondon,51.5,-0.12\n")
    with pytest.raises(PlacesError, match="row 2: field latitude/longitude: 'London' is 2"):
        read_sites(path, np.array([53.96]), np.array([-1.08]), "York")


def test_an_existing_site_named_as_a_candidate_must_be_the_same_building(tmp_path):
    candidates = read_sites(write(tmp_path, "name,latitude,longitude\nA,53.96,-1.08\n"))
    same = read_sites(write(tmp_path, "name,latitude,longitude\nA,53.9601,-1.08\n", "e.csv"))
    merged = merge_sites(candidates, same, "e.csv")
    assert list(merged.index) == ["A"] and merged.existing.all()
    moved = read_sites(write(tmp_path, "name,latitude,longitude\nA,53.97,-1.08\n", "m.csv"))
    with pytest.raises(PlacesError, match="m.csv: row 2: .*'A' is also a candidate but 1,112 m"):
        merge_sites(candidates, moved, tmp_path / "m.csv")


def test_keep_holds_every_existing_site_and_open_is_no_worse(plan):
    existing = set(read_sites(EXISTING).index)
    assert plan.primary == "keep"
    keep, opened = plan.scenarios["keep"], plan.scenarios["open"]
    assert existing <= set(keep.chosen) and len(keep.chosen) == 4
    assert set(plan.scenarios["before"].chosen) == existing
    assert opened.value <= keep.value <= plan.scenarios["before"].value
    for scenario in (keep, opened):
        assert scenario.bound <= scenario.value and scenario.gap < 0.005
    assert list(plan.chosen.index) == list(keep.chosen)


def test_the_comparison_counts_residents_near_a_site_by_hand(plan):
    lsoas, sites = plan.area.lsoas, plan.sites
    table = plan.table.set_index(["scenario", "group"])
    for scenario in ("before", "keep", "open"):
        chosen = sites.loc[list(plan.scenarios[scenario].chosen)]
        km = haversine_m(lsoas.pwc_lat, lsoas.pwc_lon, chosen.latitude, chosen.longitude)
        near = km.min(axis=1) * 1.3 / 1000
        for band in (1, 3):
            expected = int(lsoas.population[near <= band].sum())
            assert table.at[(scenario, "all"), f"within_{band}km"] == expected
        deciles = sum(table.at[(scenario, f"IMD decile {d}"), "residents"] for d in range(1, 11))
        assert deciles == table.at[(scenario, "all"), "residents"] == plan.area.population
        most = lsoas.imd_decile == 1
        assert table.at[(scenario, "IMD decile 1"), "within_3km"] == int(
            lsoas.population[most & (near <= 3)].sum()
        )


def test_each_lsoa_is_assigned_its_nearest_chosen_site_and_weighted_by_need(plan):
    frame = plan.lsoas
    chosen = plan.chosen
    km = (
        haversine_m(
            frame.index.map(plan.area.lsoas.pwc_lat),
            frame.index.map(plan.area.lsoas.pwc_lon),
            chosen.latitude,
            chosen.longitude,
        )
        * 1.3
        / 1000
    )
    assert list(frame.site) == list(chosen.index[km.argmin(axis=1)])
    assert frame.distance.to_numpy() == pytest.approx(km.min(axis=1))
    factor = need_factor(plan.area.lsoas)
    assert frame.weight.to_numpy() == pytest.approx(
        (plan.area.lsoas.population * factor).to_numpy(), abs=0.01
    )
    assert (frame.access_after >= 0).all() and frame.access_after.max() > 0


def test_fewer_sites_than_existing_is_the_close_scenario():
    plan = plan_hubs(YORK, CANDIDATES, Options(k=2, objective="center"), keep=EXISTING)
    assert plan.primary == "close" and "keep" not in plan.scenarios
    assert set(plan.scenarios["close"].chosen) <= set(read_sites(EXISTING).index)
    assert plan.scenarios["close"].gap == 0.0  # exact on York


def test_capacity_holds_and_needs_every_capacity(tmp_path):
    plan = plan_hubs(YORK, CANDIDATES, Options(k=5, capacity=True))
    load = plan.lsoas.population.to_numpy() @ plan.shares
    capacity = plan.sites.capacity.to_numpy()
    assert (load <= capacity + 1e-6).all()
    assert plan.scenarios["open"].gap == 0.0
    text = CANDIDATES.read_text().splitlines()
    first = text[1].split(",")
    first[3] = ""
    broken = write(tmp_path, "\n".join([text[0], ",".join(first), *text[2:]]))
    with pytest.raises(PlacesError, match="row 2: field capacity: empty"):
        plan_hubs(YORK, broken, Options(k=5, capacity=True))


def test_options_are_checked():
    with pytest.raises(PlacesError, match="--capacity: only with --objective median"):
        plan_hubs(YORK, CANDIDATES, Options(k=4, objective="coverage", capacity=True))
    with pytest.raises(PlacesError, match="-k 99: more than the 21 sites"):
        plan_hubs(YORK, CANDIDATES, Options(k=99))


def test_a_travel_time_matrix_is_read_in_minutes(tmp_path):
    from locality.analytics.places.geography import load_area

    lsoas = load_area(YORK).lsoas
    sites = read_sites(CANDIDATES)
    km = haversine_m(lsoas.pwc_lat, lsoas.pwc_lon, sites.latitude, sites.longitude) / 1000
    lines = ["origin,destination,minutes"]
    for i, code in enumerate(lsoas.index):
        lines += [f'{code},"{name}",{2 * km[i, j]:.4f}' for j, name in enumerate(sites.index)]
    matrix = write(tmp_path, "\n".join(lines), "matrix.csv")
    plan = plan_hubs(
        YORK, CANDIDATES, Options(k=3, objective="center", bands=(5.0,)), travel_matrix=matrix
    )
    assert plan.unit == "min" and "within_5min" in plan.table.columns
    # minutes are twice the straight-line km, so the worst case is twice the km plan's
    by_km = plan_hubs(YORK, CANDIDATES, Options(k=3, objective="center", circuity=1.0))
    assert plan.scenarios["open"].value == pytest.approx(2 * by_km.scenarios["open"].value, 1e-3)


def test_any_local_authority_runs_without_bundled_boundaries(tmp_path):
    from locality.analytics.places.geography import load_area

    preston = load_area("E07000123").lsoas.sort_values("population").tail(6)
    lines = ["name,latitude,longitude"] + [
        f"Site {code},{row.pwc_lat},{row.pwc_lon}" for code, row in preston.iterrows()
    ]
    plan = plan_hubs("E07000123", write(tmp_path, "\n".join(lines)), Options(k=2))
    assert plan.area.name == "Preston" and len(plan.chosen) == 2
    assert any("Voronoi" in note for note in plan.notes)
    assert plan.scenarios["open"].gap < 0.005
