"""The p-median solver against exact optima: brute force and spopt's PMedian with CBC."""

import itertools

import numpy as np
import pytest

from locality.analytics.places.hubs.pmedian import (
    Nearest,
    greedy,
    interchange,
    lagrangian_bound,
    solve,
    total_cost,
)


def instance(seed, n=30, m=9):
    rng = np.random.default_rng(seed)
    points, sites = rng.random((n, 2)), rng.random((m, 2))
    cost = np.linalg.norm(points[:, None] - sites[None], axis=2)
    return cost, rng.integers(1, 100, n).astype(float)


def brute_force(cost, weights, p, fixed=()):
    return min(
        total_cost(cost, weights, c)
        for c in itertools.combinations(range(cost.shape[1]), p)
        if set(fixed) <= set(c)
    )


@pytest.mark.parametrize("seed", range(12))
def test_solution_is_optimal_and_bound_is_below_the_optimum(seed):
    cost, weights = instance(seed)
    fixed = (seed % 9,) if seed % 2 else ()
    best = brute_force(cost, weights, 3, fixed)
    result = solve(cost, weights, 3, fixed)
    assert result.value == pytest.approx(best)
    assert set(fixed) <= set(result.chosen) and len(result.chosen) == 3
    assert result.bound <= best + 1e-9
    assert result.value == pytest.approx(total_cost(cost, weights, result.chosen))


@pytest.mark.parametrize("seed", range(6))
def test_short_nearest_lists_give_the_same_swaps_as_whole_rows(seed):
    cost, weights = instance(seed, n=40, m=12)
    start = greedy(cost, weights, 4)
    whole, _ = interchange(cost, weights, start, (), Nearest.of(cost, 12))
    short, _ = interchange(cost, weights, start, (), Nearest.of(cost, 3))
    assert sorted(whole) == sorted(short)
    assert lagrangian_bound(cost, weights, 4) <= brute_force(cost, weights, 4) + 1e-9


def test_interchange_improves_a_poor_start_to_a_local_optimum():
    cost, weights = instance(99, n=50, m=10)
    start = [0, 1, 2]
    improved, swaps = interchange(cost, weights, start)
    assert swaps >= 1
    value = total_cost(cost, weights, improved)
    assert value < total_cost(cost, weights, start)
    for out, into in itertools.product(improved, set(range(10)) - set(improved)):
        other = [into if s == out else s for s in improved]
        assert total_cost(cost, weights, other) >= value - 1e-9


def test_one_site_is_the_best_single_site_and_all_sites_cost_nothing_extra():
    cost, weights = instance(5)
    assert solve(cost, weights, 1).chosen == (int(np.argmin(weights @ cost)),)
    assert solve(cost, weights, 9).value == pytest.approx(total_cost(cost, weights, range(9)))


def test_bad_instances_are_refused():
    cost, weights = instance(1)
    with pytest.raises(ValueError, match="p = 10"):
        solve(cost, weights, 10)
    with pytest.raises(ValueError, match="fixed"):
        solve(cost, weights, 1, fixed=(0, 1))
    with pytest.raises(ValueError, match=">= 0"):
        solve(-cost, weights, 2)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # spopt builds PuLP 3 style
def test_matches_spopt_pmedian_with_cbc():
    pulp = pytest.importorskip("pulp")
    locate = pytest.importorskip("spopt.locate")
    cost, weights = instance(7, n=60, m=15)
    model = locate.PMedian.from_cost_matrix(cost, weights, p_facilities=4)
    model = model.solve(pulp.PULP_CBC_CMD(msg=False), results=False)
    theirs = [j for j, var in enumerate(model.fac_vars) if var.value() > 0.5]
    ours = solve(cost, weights, 4)
    assert ours.value == pytest.approx(total_cost(cost, weights, theirs), rel=1e-9)
    assert ours.bound <= ours.value
