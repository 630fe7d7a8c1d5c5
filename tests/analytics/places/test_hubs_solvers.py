"""Coverage, p-center, capacitated p-median and 2SFCA against exact answers: brute force,
spopt's MCLP and PCenter with CBC, and hand-computed values."""

import itertools

import numpy as np
import pytest
from scipy.optimize import linprog

from locality.analytics.places.hubs import capacity, center, coverage, twostep


def instance(seed, n=25, m=8):
    rng = np.random.default_rng(seed)
    points, sites = rng.random((n, 2)) * 10, rng.random((m, 2)) * 10
    cost = np.linalg.norm(points[:, None] - sites[None], axis=2)
    return cost, rng.integers(1, 50, n).astype(float)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("method", ["greedy", "exact"])
def test_coverage_value_and_bound_bracket_the_brute_force_optimum(seed, method):
    cost, weights = instance(seed)
    covers = cost <= 3.0
    fixed = (seed % 8,) if seed % 3 == 0 else ()
    best = max(
        coverage.value_of(covers, weights, c)
        for c in itertools.combinations(range(8), 3)
        if set(fixed) <= set(c)
    )
    result = coverage.solve(covers, weights, 3, fixed, method=method)
    assert set(fixed) <= set(result.chosen)
    assert result.value <= best + 1e-9 <= result.bound + 2e-9
    if method == "exact":
        assert result.value == pytest.approx(best)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("method", ["greedy", "exact"])
def test_center_value_and_bound_bracket_the_brute_force_optimum(seed, method):
    cost, _ = instance(seed)
    demand = np.ones(len(cost), bool)
    demand[0] = False  # a point with nobody living there does not count
    best = min(center.worst(cost[demand], c) for c in itertools.combinations(range(8), 3))
    result = center.solve(cost, demand, 3, method=method)
    assert result.bound <= best + 1e-9 <= result.value + 2e-9
    if method == "exact":
        assert result.value == pytest.approx(best)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # spopt builds PuLP 3 style
def test_coverage_and_center_match_spopt_with_cbc():
    pulp = pytest.importorskip("pulp")
    locate = pytest.importorskip("spopt.locate")
    cost, weights = instance(11, n=30, m=10)
    mclp = locate.MCLP.from_cost_matrix(cost, weights, service_radius=3.0, p_facilities=4)
    mclp = mclp.solve(pulp.PULP_CBC_CMD(msg=False), results=False)
    theirs = [j for j, var in enumerate(mclp.fac_vars) if var.value() > 0.5]
    ours = coverage.solve(cost <= 3.0, weights, 4)
    assert ours.value == pytest.approx(coverage.value_of(cost <= 3.0, weights, theirs))
    pcenter = locate.PCenter.from_cost_matrix(cost, p_facilities=3)
    pcenter = pcenter.solve(pulp.PULP_CBC_CMD(msg=False), results=False)
    theirs = [j for j, var in enumerate(pcenter.fac_vars) if var.value() > 0.5]
    ours = center.solve(cost, np.ones(len(cost), bool), 3)
    assert ours.value == pytest.approx(center.worst(cost, theirs))


def transport(cost, weights, population, cap, chosen):
    """The best split assignment to the sites ``chosen`` (a transportation LP), or inf."""
    n, k = len(cost), len(chosen)
    c = (weights[:, None] * cost[:, chosen]).ravel()
    a_eq = np.kron(np.eye(n), np.ones(k))
    rows = np.zeros((k, n * k))
    for j in range(k):
        rows[j, j::k] = population
    result = linprog(
        c, A_ub=rows, b_ub=cap[chosen], A_eq=a_eq, b_eq=np.ones(n), bounds=(0, 1), method="highs"
    )
    return result.fun if result.status == 0 else np.inf


@pytest.mark.parametrize("seed", range(4))
def test_capacitated_median_matches_brute_force_over_site_sets(seed):
    cost, weights = instance(seed, n=12, m=6)
    rng = np.random.default_rng(seed)
    population = rng.integers(100, 300, 12).astype(float)
    cap = np.full(6, population.sum() / 2.5)
    best = min(
        transport(cost, weights, population, cap, list(c))
        for c in itertools.combinations(range(6), 3)
    )
    result = capacity.solve(cost, weights, population, cap, 3)
    assert result.value == pytest.approx(best, rel=1e-6)
    assert np.allclose(result.share.sum(axis=1), 1.0)
    load = population @ result.share
    assert (load <= cap + 1e-6).all()


def test_capacity_too_small_for_the_population_is_refused():
    cost, weights = instance(1, n=5, m=3)
    with pytest.raises(ValueError, match="largest capacities"):
        capacity.solve(cost, weights, np.full(5, 100.0), np.full(3, 100.0), 2)


def test_two_step_access_by_hand():
    # site 0 reaches LSOAs 0 (d 0) and 1 (d 1) of 100 residents each; site 1 reaches LSOA 2
    cost = np.array([[0.0, 9], [1, 9], [9, 0]])
    decay_1 = (np.exp(-0.125) - np.exp(-0.5)) / (1 - np.exp(-0.5))
    ratio_0 = 1 / (100 + 100 * decay_1)
    scores = twostep.access(cost, np.array([100.0, 100, 50]), np.array([1.0, 1]), 2.0)
    assert scores == pytest.approx([ratio_0 * 1e4, decay_1 * ratio_0 * 1e4, 1 / 50 * 1e4])
    assert twostep.gaussian(np.array([2.0, 2.5]), 2.0) == pytest.approx([0.0, 0.0])
