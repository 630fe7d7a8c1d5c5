"""AUROC, its bootstrap interval, Brier score, calibration deciles and suppressed subgroups."""

import doctest

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from locality.analytics.population import predict_metrics
from locality.analytics.population.predict_metrics import (
    auroc,
    auroc_interval,
    brier,
    calibration_deciles,
    published_deciles,
    subgroup_table,
)


def test_auroc_of_a_tiny_case_checked_by_hand():
    # people with the outcome have risks 0.9, 0.4, 0.1; without it 0.9, 0.2, 0.4. Of the nine
    # pairs, 0.9 beats 0.2 and 0.4 and ties 0.9 (2.5), 0.4 beats 0.2 and ties 0.4 (1.5),
    # 0.1 beats none: 4 / 9.
    y = [1, 0, 1, 0, 0, 1]
    p = [0.9, 0.9, 0.4, 0.2, 0.4, 0.1]
    assert auroc(y, p) == pytest.approx(4 / 9)
    assert auroc(y, p) == pytest.approx(roc_auc_score(y, p))
    assert auroc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]) == 1.0
    assert auroc([1, 1], [0.1, 0.2]) is None


def test_auroc_interval_seeded_and_around_the_estimate():
    rng = np.random.default_rng(1)
    y = rng.random(400) < 0.3
    p = np.clip(0.3 + 0.2 * y + rng.normal(0, 0.2, 400), 0, 1)
    first = auroc_interval(y, p, seed=4, resamples=300)
    assert first == auroc_interval(y, p, seed=4, resamples=300)
    assert first != auroc_interval(y, p, seed=5, resamples=300)
    assert first[0] < auroc(y, p) < first[1]
    with pytest.raises(ValueError, match="no resample had both outcomes"):
        auroc_interval([0, 0, 0], [0.1, 0.2, 0.3], seed=1, resamples=10)


def test_brier_by_hand():
    assert brier([1, 0], [0.8, 0.4]) == pytest.approx((0.2**2 + 0.4**2) / 2)


@pytest.mark.parametrize("n", [1003, 10, 7])
def test_calibration_deciles_sum_to_n(n):
    rng = np.random.default_rng(n)
    p = rng.random(n)
    y = rng.random(n) < p
    deciles = calibration_deciles(y, p)
    assert sum(d.n for d in deciles) == n
    assert sum(d.events for d in deciles) == y.sum()
    assert len(deciles) == min(n, 10)
    assert max(d.n for d in deciles) - min(d.n for d in deciles) <= 1
    means = [d.mean_predicted for d in deciles]
    assert means == sorted(means)


def test_published_deciles_suppress_small_event_counts():
    p = np.linspace(0, 1, 200)
    y = p > 0.93  # 14 events, all in the top decile
    shown = published_deciles(calibration_deciles(y, p))
    assert [d.events for d in shown] == [None] * 9 + [15]
    assert shown[-1].n == 20 and shown[-1].observed_rate == 15 / 20
    assert shown[0].observed_rate is None and shown[0].mean_predicted is not None


def test_subgroup_table_suppresses_small_counts_and_rates_come_from_rounded_counts():
    groups = ["a"] * 5 + ["b"] * 52 + ["c"] * 40
    y = [1, 1, 0, 0, 0] + [1] * 12 + [0] * 40 + [1] * 3 + [0] * 37
    p = np.linspace(0.05, 0.5, len(groups))
    a, b, c = subgroup_table(groups, y, p)
    assert (a.label, a.n, a.events, a.observed_rate, a.mean_predicted, a.auroc) == (
        "a", None, None, None, None, None
    )  # fmt: skip
    assert (b.n, b.events, b.observed_rate) == (50, 10, 10 / 50)  # 52 and 12 rounded
    assert b.citl == pytest.approx(10 / 50 - np.mean(p[5:57]), abs=1e-6)
    assert b.auroc == pytest.approx(auroc(y[5:57], p[5:57]))
    # c is 40 people, suppressed only so that a cannot be worked out from the total
    assert (c.n, c.events, c.observed_rate, c.citl, c.auroc) == (None, None, None, None, None)
    assert c.mean_predicted == pytest.approx(np.mean(p[57:]), abs=1e-6)


def test_subgroup_table_order():
    rows = subgroup_table(["x", "y", "z"] * 10, [0, 1] * 15, [0.5] * 30, order=["z", "q"])
    assert [r.label for r in rows] == ["z", "x", "y"]


def test_doctests_pass():
    assert doctest.testmod(predict_metrics).failed == 0
