"""Outreach: maximal covering against brute force and CBC, routes, timetable, the York plan."""

import itertools
import math

import numpy as np
import pytest

from locality.analytics.places.distances import haversine_m
from locality.analytics.places.geography import PlacesError, england_lsoas
from locality.analytics.places.outreach import Options, equity, plan_outreach
from locality.analytics.places.outreach.coverage import (
    choose_stops,
    cover_value,
    exact_cover,
    greedy_cover,
)
from locality.analytics.places.outreach.plan import la_of_points
from locality.analytics.places.outreach.points import read_points
from locality.analytics.places.outreach.routes import (
    nearest_neighbour,
    route_minutes,
    split_days,
    timetable,
    two_opt,
)

YORK_HUBS = "name,latitude,longitude\nCity centre,53.9590,-1.0815\nAcomb,53.9535,-1.1270\n"


def brute_force(covers, weights, k):
    m = covers.shape[0]
    return max(
        cover_value(covers, weights, chosen)
        for size in range(min(k, m) + 1)
        for chosen in itertools.combinations(range(m), size)
    )


def random_instance(rng, m=9, n=14, density=0.25):
    covers = rng.random((m, n)) < density
    weights = rng.integers(1, 50, size=n).astype(float)
    return covers, weights


def test_greedy_and_exact_against_brute_force_on_small_instances():
    rng = np.random.default_rng(6)
    below_optimum = 0
    for _ in range(12):
        covers, weights = random_instance(rng)
        for k in (2, 3):
            optimum = brute_force(covers, weights, k)
            exact = exact_cover(covers, weights, k)
            greedy = greedy_cover(covers, weights, k, swaps=False)
            improved = greedy_cover(covers, weights, k)
            assert exact.value == pytest.approx(optimum)
            assert len(exact.chosen) <= k and len(improved.chosen) <= k
            # greedy is within 1 - 1/e of the optimum and its bound is a true upper bound
            assert greedy.value >= (1 - 1 / math.e) * optimum - 1e-9
            assert greedy.value <= optimum + 1e-9
            assert greedy.bound >= optimum - 1e-9
            assert improved.value >= greedy.value - 1e-9
            below_optimum += greedy.value < optimum - 1e-9
    assert below_optimum > 0  # the instances are hard enough for plain greedy to miss


def test_swaps_mend_the_textbook_greedy_trap():
    # stop 0 reaches four points; stops 1 and 2 together reach all six
    covers = np.zeros((3, 6), dtype=bool)
    covers[0, [0, 1, 2, 3]] = True
    covers[1, [0, 1, 4]] = True
    covers[2, [2, 3, 5]] = True
    weights = np.ones(6)
    plain = greedy_cover(covers, weights, 2, swaps=False)
    assert (plain.chosen[0], plain.value) == (0, 5.0)
    assert plain.bound >= 6.0
    improved = greedy_cover(covers, weights, 2)
    assert (sorted(improved.chosen), improved.value, improved.method) == (
        [1, 2],
        6.0,
        "greedy + swaps",
    )
    exact = choose_stops(covers, weights, 2, "exact")
    assert (exact.value, exact.gap) == (6.0, 0.0)


def test_stops_that_reach_nobody_new_are_not_kept():
    covers = np.array([[1, 1, 0], [0, 0, 1], [0, 1, 0], [0, 0, 0]], dtype=bool)
    for method in ("greedy", "exact"):
        result = choose_stops(covers, np.ones(3), 4, method)
        assert sorted(result.chosen) == [0, 1]
        assert result.value == 3.0


def random_minutes(rng, n, symmetric=True):
    xy = rng.random((n, 2)) * 30
    minutes = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    if not symmetric:
        minutes = minutes * (1 + 0.4 * rng.random((n, n)))
        np.fill_diagonal(minutes, 0)
    return minutes


@pytest.mark.parametrize("symmetric", [True, False])
def test_two_opt_is_never_longer_than_nearest_neighbour(symmetric):
    rng = np.random.default_rng(1 if symmetric else 2)
    shorter = 0
    for n in range(3, 14):
        for _ in range(4):
            minutes = random_minutes(rng, n, symmetric)
            stops = list(range(1, n))
            start = nearest_neighbour(minutes, stops)
            better = two_opt(minutes, start)
            assert better[0] == better[-1] == 0
            assert sorted(better[1:-1]) == stops
            assert route_minutes(minutes, better) <= route_minutes(minutes, start) + 1e-9
            shorter += route_minutes(minutes, better) < route_minutes(minutes, start) - 1e-9
    assert shorter > 0


def test_two_opt_is_no_shorter_than_the_best_tour():
    rng = np.random.default_rng(3)
    for _ in range(10):
        minutes = random_minutes(rng, 7, symmetric=False)
        best = min(
            route_minutes(minutes, [0, *order, 0]) for order in itertools.permutations(range(1, 7))
        )
        found = two_opt(minutes, nearest_neighbour(minutes, range(1, 7)))
        assert route_minutes(minutes, found) >= best - 1e-9


def test_the_week_visits_every_stop_once_within_its_days_and_hours():
    rng = np.random.default_rng(4)
    minutes = random_minutes(rng, 15)
    bearings = rng.random(14) * 2 * math.pi
    routes = split_days(minutes, bearings, 5, dwell=20)
    assert len(routes) == 5
    assert all(len(path) > 2 and path[0] == path[-1] == 0 for path in routes)
    assert sorted(s for path in routes for s in path[1:-1]) == list(range(1, 15))
    days, visits = timetable(minutes, routes, start=570, dwell=20)
    assert [d.day for d in days] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    for day, path in zip(days, routes, strict=True):
        calls = [v for v in visits if v.day == day.day]
        assert [v.stop for v in calls] == path[1:-1]
        clock = 570.0
        for previous, visit in zip([0, *[v.stop for v in calls]], calls, strict=False):
            clock += minutes[previous, visit.stop]
            assert visit.arrive == pytest.approx(clock)
            assert visit.depart == pytest.approx(clock + 20)
            clock += 20
        assert day.back == pytest.approx(clock + minutes[path[-2], 0])
    # the longest day is no longer than with the stops dealt round-robin in bearing order
    order = [1 + int(i) for i in np.argsort(bearings)]
    dealt = [[0, *order[d::5], 0] for d in range(5)]
    longest = max(route_minutes(minutes, p) + 20 * (len(p) - 2) for p in routes)
    assert longest <= max(route_minutes(minutes, p) + 20 * (len(p) - 2) for p in dealt) + 1e-9


def test_fewer_stops_than_days_gives_each_its_own_day():
    minutes = random_minutes(np.random.default_rng(5), 3)
    routes = split_days(minutes, [0.5, 0.1], 5, dwell=10)
    assert routes == [[0, 2, 0], [0, 1, 0], [0, 0], [0, 0], [0, 0]]


@pytest.fixture
def york_hubs(tmp_path):
    path = tmp_path / "hubs.csv"
    path.write_text(YORK_HUBS)
    return path


@pytest.fixture
def york_plan(york_hubs):
    return plan_outreach(york_hubs, Options(radius_km=2.5, stops=8, weight="need"))


def test_york_outside_is_beyond_the_radius_from_every_hub(york_plan):
    lsoas = york_plan.lsoas
    hubs = york_plan.hubs
    d = haversine_m(lsoas.pwc_lat, lsoas.pwc_lon, hubs.latitude, hubs.longitude) * 1.3
    assert (lsoas.outside == (d.min(axis=1) > 2500)).all()
    assert 0 < lsoas.outside.sum() < len(lsoas)
    assert york_plan.area.code == "E06000014"
    assert york_plan.notes[0].startswith("local authority E06000014 (York)")


def test_need_weight_is_population_times_imd_score_over_england_mean(york_plan):
    england = england_lsoas()
    mean = (england.imd_score * england.population).sum() / england.population.sum()
    row = york_plan.lsoas.iloc[0]
    assert row.weight == pytest.approx(row.population * row.imd_score / mean)
    assert 20 < mean < 24


def test_york_stops_reach_only_outside_lsoas_within_the_walk(york_plan):
    lsoas, stops = york_plan.lsoas, york_plan.stops
    assert len(stops) == 8
    reached = lsoas[lsoas.stop != ""]
    assert reached.outside.all()
    assert (reached.walk_km <= 0.8).all()
    assert stops.residents_reached.sum() == reached.population.sum()
    assert york_plan.cover.value == pytest.approx(reached.weight.sum())
    assert york_plan.cover.gap == 0.0  # solved exactly
    assert york_plan.greedy.value <= york_plan.cover.value + 1e-9
    table = equity(lsoas).set_index("imd_decile")
    assert table.loc["all", "outside_before"] == lsoas.population[lsoas.outside].sum()
    assert table.loc["all", "reached_by_stops"] == reached.population.sum()
    assert (table.reached_by_stops <= table.outside_before).all()
    assert table.loc[list(range(1, 11)), "residents"].sum() == york_plan.area.population


def test_york_timetable_fits_the_day(york_plan):
    assert len(york_plan.days) == 5
    for day in york_plan.days:
        assert day.leave == 570.0 and day.back <= 960.0
    assert sorted(york_plan.stops.day.value_counts()) == [1, 1, 2, 2, 2]


def test_a_week_too_short_is_refused(york_hubs):
    with pytest.raises(PlacesError, match=r"do not fit in 1 days of 09:30-10:30"):
        plan_outreach(york_hubs, Options(radius_km=2.5, stops=8, days=1, end=630.0))


def test_hubs_find_their_local_authority():
    hubs = read_points_text("name,latitude,longitude\nA,53.959,-1.0815\nB,51.5465,-0.1058\n")
    code, note = la_of_points(hubs)
    assert code == "E06000014"  # a tie goes to the first hub's
    assert "1 of 2 hubs" in note


def read_points_text(text):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.csv"
        path.write_text(text)
        return read_points(path)


@pytest.mark.parametrize(
    "text, message",
    [
        ("name,lat,longitude\n", "header: no column 'latitude'"),
        ("name,latitude,longitude\n", "no hubs"),
        ("name,latitude,longitude\nA,53.9,-1.0\n,53.9,-1.0\n", "row 3: field name: empty"),
        ("name,latitude,longitude\nA,53.9,-1.0\nA,53.8,-1.0\n", "row 3: field name: 'A' appears"),
        ("name,latitude,longitude\nA,north,-1.0\n", "row 2: field latitude: 'north' is not"),
        ("name,latitude,longitude\nA,53.9,-1081\n", "row 2: field longitude: -1081.0 is outside"),
    ],
)
def test_bad_points_name_file_row_and_field(tmp_path, text, message):
    path = tmp_path / "hubs.csv"
    path.write_text(text)
    with pytest.raises(PlacesError, match=f"hubs.csv: .*{message}"):
        read_points(path, "hub")
