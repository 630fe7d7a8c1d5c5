"""How well predicted risks match outcomes: AUROC with a bootstrap interval, Brier score,
calibration by decile of risk, and the same by subgroup, with small numbers suppressed.

Counts that leave here pass :mod:`suppression` (a table's cells with its total, so secondary
suppression applies). Rates shown beside them are computed from the *rounded* counts, as
OpenSAFELY does, so a rate cannot give back a suppressed or unrounded count; they carry the
rounding (at most 2.5 / n). Calibration-in-the-large is that observed rate minus the mean
predicted risk. AUROC is shown for a group only when its events and non-events both exceed
:data:`suppression.SUPPRESS_AT_OR_BELOW`, and the mean predicted risk only when its people do.

>>> auroc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
0.75
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

from locality.analytics.population.suppression import SUPPRESS_AT_OR_BELOW, safe_cells

DECILES = 10
INTERVAL = (2.5, 97.5)  # percentiles of the bootstrap distribution: a 95% interval


def auroc(y: Sequence, p: Sequence) -> float | None:
    """Area under the ROC curve: the chance that a random person with the outcome has a higher
    risk than a random person without it, ties counting a half (Mann-Whitney U / n1 n0).
    ``None`` when everyone or no one has the outcome."""
    y, p = np.asarray(y, dtype=bool), np.asarray(p, dtype=float)
    n1 = int(y.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        return None
    ranks = rankdata(p)  # average ranks for ties
    return float((ranks[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def auroc_interval(y, p, *, seed: int, resamples: int) -> tuple[float, float]:
    """A percentile bootstrap 95% interval: people resampled with replacement, seeded;
    resamples with one class only are skipped."""
    y, p = np.asarray(y, dtype=bool), np.asarray(p, dtype=float)
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(resamples):
        index = rng.integers(0, len(y), len(y))
        value = auroc(y[index], p[index])
        if value is not None:
            values.append(value)
    if not values:
        raise ValueError("AUROC interval: no resample had both outcomes")
    low, high = np.percentile(values, INTERVAL)
    return float(low), float(high)


def brier(y, p) -> float:
    """Mean squared difference between the predicted risk and the outcome (0 or 1)."""
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    return float(np.mean((p - y) ** 2))


@dataclass(frozen=True)
class Decile:
    decile: int  # 1 lowest predicted risk
    n: int
    events: int
    mean_predicted: float
    observed_rate: float


def calibration_deciles(y, p) -> list[Decile]:
    """People sorted by predicted risk (ties in input order) and cut into ten groups as equal in
    size as possible; true counts (:func:`published_deciles` suppresses them)."""
    y, p = np.asarray(y, dtype=bool), np.asarray(p, dtype=float)
    order = np.argsort(p, kind="stable")
    rows = []
    for number, index in enumerate(np.array_split(order, DECILES), start=1):
        if len(index):
            events = int(y[index].sum())
            mean = float(p[index].mean())
            rows.append(Decile(number, len(index), events, mean, events / len(index)))
    return rows


@dataclass(frozen=True)
class Shown:
    """A row as published: suppressed, rounded counts and rates from them."""

    label: str
    n: int | None
    events: int | None
    observed_rate: float | None
    mean_predicted: float | None
    citl: float | None  # observed_rate - mean_predicted
    auroc: float | None


def published(labels, ns, events, means, aurocs) -> list[Shown]:
    """Rows of one table (cells and totals suppressed together), rates from rounded counts.

    A row whose count is withheld only by secondary suppression keeps its mean predicted risk
    and AUROC (neither gives back a count); its rates go with its counts."""
    n_shown, _ = safe_cells(dict(zip(labels, ns, strict=True)), total=sum(ns))
    e_shown, _ = safe_cells(dict(zip(labels, events, strict=True)), total=sum(events))
    rows = []
    for label, n, e, mean, area in zip(labels, ns, events, means, aurocs, strict=True):
        shown_n, shown_e = n_shown[label], e_shown[label]
        rate = shown_e / shown_n if shown_n and shown_e is not None else None
        mean = round(mean, 6) if n > SUPPRESS_AT_OR_BELOW else None
        citl = None if rate is None else rate - mean
        enough = min(e, n - e) > SUPPRESS_AT_OR_BELOW
        rows.append(Shown(label, shown_n, shown_e, rate, mean, citl, area if enough else None))
    return rows


def published_deciles(deciles: Sequence[Decile]) -> list[Shown]:
    return published(
        [str(d.decile) for d in deciles],
        [d.n for d in deciles],
        [d.events for d in deciles],
        [d.mean_predicted for d in deciles],
        [None] * len(deciles),
    )


def subgroup_table(groups: Sequence[str], y, p, order: Sequence[str] = ()) -> list[Shown]:
    """One published row per level of ``groups`` (those in ``order`` first, in that order, then
    the rest sorted), with AUROC within the level."""
    groups = np.asarray(groups, dtype=object)
    y, p = np.asarray(y, dtype=bool), np.asarray(p, dtype=float)
    present = set(groups.tolist())
    labels = [g for g in order if g in present] + sorted(present - set(order))
    masks = [groups == label for label in labels]
    return published(
        labels,
        [int(m.sum()) for m in masks],
        [int(y[m].sum()) for m in masks],
        [float(p[m].mean()) for m in masks],
        [auroc(y[m], p[m]) for m in masks],
    )
