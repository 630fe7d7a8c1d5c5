"""Neighbourhood design: the search on small grids against hand-worked answers, York against
the issue's acceptance test, and infeasible requests refused with a reason."""

import math

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely

from locality.analytics.places.design import DesignOptions, Weights, design_area, partition
from locality.analytics.places.design.measures import compare_with, polsby_popper
from locality.analytics.places.design.problem import Problem
from locality.analytics.places.design.search import Regions, edge_arrays, improve
from locality.analytics.places.geography import PlacesError, contiguity, load_area


def grid(rows, cols, count, population=None, need=None) -> Problem:
    """Cells of a rows x cols grid (rook contiguity), one LSOA each, 1 km apart."""
    n = rows * cols
    population = np.full(n, 1000.0) if population is None else np.asarray(population, float)
    need = np.zeros((n, 1)) if need is None else np.asarray(need, float).reshape(n, -1)
    xy = np.array([(c, r) for r in range(rows) for c in range(cols)], dtype=float)
    neighbours = []
    for r in range(rows):
        for c in range(cols):
            near = [(r + dr) * cols + c + dc for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0))
                    if 0 <= r + dr < rows and 0 <= c + dc < cols]  # fmt: skip
            neighbours.append(np.array(near))
    return Problem(
        population=population,
        lsoas=np.ones(n),
        sum_x=need,
        sum_x2=(need**2).sum(axis=1),
        sum_xy=xy,
        sum_xy2=(xy**2).sum(axis=1),
        neighbours=tuple(neighbours),
        count=count,
    )


def regions_connected(problem: Problem, labels: np.ndarray) -> bool:
    graph = nx.Graph()
    graph.add_edges_from((i, int(j)) for i, near in enumerate(problem.neighbours) for j in near)
    return all(
        nx.is_connected(graph.subgraph(np.flatnonzero(labels == r).tolist()))
        for r in range(problem.count)
    )


def test_equal_cells_are_split_exactly_and_every_region_is_connected():
    problem = grid(6, 6, 4)
    result = partition(problem, restarts=4, seed=3)
    assert sorted(np.bincount(result.labels, minlength=4).tolist()) == [9, 9, 9, 9]
    assert regions_connected(problem, result.labels)


def test_need_decides_between_equally_balanced_designs():
    # left half needy, right half not: with compactness switched off, the two regions are the
    # halves, each alike inside
    need = np.tile([5.0] * 3 + [0.0] * 3, 4)
    problem = grid(4, 6, 2, need=need)
    result = partition(problem, restarts=6, seed=1, weights=Weights(spread=0.0))
    left = result.labels.reshape(4, 6)[:, :3]
    assert len(set(left.ravel().tolist())) == 1
    assert len(set(result.labels.tolist())) == 2


def test_a_move_changes_the_objective_by_the_scored_delta():
    rng = np.random.default_rng(7)
    problem = grid(5, 5, 3, population=rng.integers(500, 2500, 25), need=rng.normal(size=25))
    labels = np.repeat([0, 1, 2], [10, 10, 5])
    regions = Regions(problem, labels, Weights())
    src, dst = edge_arrays(problem)
    for i, j in list(zip(src.tolist(), dst.tolist(), strict=True))[::7]:
        a, b = regions.labels[i], regions.labels[j]
        if a == b or regions.units[a] == 1:
            continue
        before = regions.objective()
        scored = regions.deltas(np.array([i]), np.array([a]), np.array([b]))[0]
        regions.move(i, b)
        assert regions.objective() - before == pytest.approx(scored, abs=1e-9)


def test_the_search_never_breaks_a_region():
    rng = np.random.default_rng(11)
    problem = grid(8, 8, 5, population=rng.integers(200, 4000, 64))
    regions = Regions(problem, np.repeat(np.arange(5), [13, 13, 13, 13, 12]), Weights())
    before = regions.objective()
    improve(regions, edge_arrays(problem))
    assert regions.objective() < before
    assert regions_connected(problem, regions.labels)


def test_polsby_popper_and_comparison_measures():
    square = gpd.GeoSeries([shapely.box(0, 0, 10, 10), shapely.box(0, 0, 100, 1)])
    found = polsby_popper(square)
    assert found[0] == pytest.approx(math.pi / 4)
    assert found[1] == pytest.approx(4 * math.pi * 100 / 202**2)
    index = ["a", "b", "c", "d"]
    population = pd.Series([10, 20, 30, 40], index=index)
    same = compare_with(pd.Series([1, 1, 2, 2], index=index), pd.Series(list("xxyy"), index=index),
                        population)  # fmt: skip
    assert same["adjusted_rand_index"] == pytest.approx(1.0)
    assert same["population_with_their_area"] == pytest.approx(1.0)
    # ward y split 30 / 40: its 30 residents are outside its main neighbourhood
    split = compare_with(pd.Series([1, 1, 1, 2], index=index), pd.Series(list("xxyy"), index=index),
                         population)  # fmt: skip
    assert split["population_with_their_area"] == pytest.approx(0.7)
    assert split["areas_split"] == 1


@pytest.fixture(scope="module")
def york():
    return load_area("E06000014")


def test_york_gives_four_contiguous_neighbourhoods_within_15_percent(york):
    design = design_area(york, DesignOptions(target_population=50_000))
    hoods = design.neighbourhoods
    assert design.count == 4 and len(hoods) == 4
    share = york.population / 4
    assert all(abs(p / share - 1) <= 0.15 for p in hoods.population)
    codes = [c for row in hoods.lsoa_codes for c in row]
    assert sorted(codes) == sorted(york.codes)  # every LSOA once
    assert hoods.population.sum() == york.population
    adjacency = contiguity(york)
    graph = nx.Graph(adjacency.edges())
    assert all(nx.is_connected(graph.subgraph(row)) for row in hoods.lsoa_codes)
    assert hoods.contiguous.all()
    assert hoods.compactness.between(0, 1).all() and (hoods.heterogeneity >= 0).all()
    assert "2025 wards (best fit)" in design.comparisons


def test_whole_wards_are_never_split(york):
    design = design_area(york, DesignOptions(target_population=50_000, keep_whole_wards=True))
    wards = pd.read_csv("data/places/lsoa11_ward25_lookup.csv", dtype=str).set_index("lsoa11cd")
    per_ward = design.assignment.groupby(wards.wd25cd_bestfit.reindex(york.codes)).nunique()
    assert (per_ward == 1).all()
    assert design.units == "wards" and design.max_deviation_pct <= 15


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (DesignOptions(target_population=500_000), "number of neighbourhoods would be 0"),
        (DesignOptions(target_population=1000, count=121), "only 120 LSOAs"),
        (DesignOptions(target_population=50_000, count=0), "--count 0"),
        (DesignOptions(50_000, count=4, tolerance=0.001, restarts=2), "best design found"),
        (DesignOptions(target_population=10_000, keep_whole_wards=True), "alone has"),
        (DesignOptions(target_population=-5), "positive"),
    ],
)
def test_infeasible_requests_say_why(york, options, message):
    with pytest.raises(PlacesError, match=message):
        design_area(york, options)


def test_wards_file_errors_name_the_file_and_field(york, tmp_path):
    bad = tmp_path / "wards.csv"
    bad.write_text("lsoa11cd,ward\n" + "".join(f"{c},W1\n" for c in york.codes[:-1]))
    with pytest.raises(PlacesError, match=r"wards.csv: field ward: 1 of the area's LSOAs"):
        design_area(york, DesignOptions(50_000, keep_whole_wards=True, wards=bad))
    bad.write_text("code,ward\nE01,W\n")
    with pytest.raises(PlacesError, match="no column 'lsoa11cd'"):
        design_area(york, DesignOptions(50_000, keep_whole_wards=True, wards=bad))


def test_areas_without_a_ward_lookup_need_a_wards_file():
    with pytest.raises(PlacesError, match="give --wards FILE"):
        design_area(load_area("E06000017"), DesignOptions(20_000, keep_whole_wards=True))


def test_skater_start_is_improved_to_balance(york):
    design = design_area(york, DesignOptions(50_000, method="skater"))
    assert design.count == 4 and design.max_deviation_pct <= 15
    assert design.neighbourhoods.contiguous.all()


def test_an_island_lsoa_joins_through_its_bridge(york, tmp_path):
    # shrink one LSOA to a small disc inside itself: it touches nothing, so it is bridged
    island = york.codes[0]
    shapes = york.projected()
    shapes[island] = shapes[island].representative_point().buffer(50)
    path = tmp_path / "york_island.geojson"
    frame = gpd.GeoDataFrame({"LSOA11CD": york.codes}, geometry=shapes.reindex(york.codes).values)
    path.write_text(frame.set_crs("EPSG:27700").to_crs("EPSG:4326").to_json())
    area = load_area("E06000014", boundaries=path)
    adjacency = contiguity(area)
    assert any(island in pair for pair in adjacency.bridges)
    design = design_area(area, DesignOptions(50_000, restarts=4), adjacency)
    assert design.neighbourhoods.contiguous.all() and design.max_deviation_pct <= 15
    home = design.assignment[island]
    bridged = [b if a == island else a for a, b in adjacency.bridges if island in (a, b)]
    assert any(design.assignment[other] == home for other in bridged)


def test_a_wards_file_groups_lsoas_as_given(york, tmp_path):
    # two LSOAs per "ward", in code order: no pair is split
    codes = sorted(york.codes)
    path = tmp_path / "wards.csv"
    path.write_text("lsoa11cd,ward\n" + "".join(f"{c},W{i // 2}\n" for i, c in enumerate(codes)))
    design = design_area(york, DesignOptions(50_000, keep_whole_wards=True, wards=path))
    pairs = pd.Series([f"W{i // 2}" for i in range(len(codes))], index=codes)
    assert (design.assignment.groupby(pairs.reindex(design.assignment.index)).nunique() == 1).all()
    assert design.units == "wards" and design.max_deviation_pct <= 15
