"""Group a chunk of people into households, vectorised (see ``demography`` for the rules)."""

from __future__ import annotations

import numpy as np

from locality.analytics.population.synth import demography as d

ADULT_AGE = 18
AGE_JITTER = 8  # years of noise when pairing adults, so partners are of similar age


def assign_households(rng, lsoa, age, alone, first: int) -> np.ndarray:
    """A household number for every person, unique across the run (``first`` + a local id).

    People living alone have a household of their own. Other adults are sorted by LSOA and age
    and cut into groups of 2 to 4, never across an LSOA. Each child joins the household of a
    random adult aged 20-59 in the same LSOA, or has one of their own when there is none.
    """
    n = len(age)
    local = np.full(n, -1, dtype=np.int64)
    adults = np.flatnonzero(~alone & (age >= ADULT_AGE))
    order = adults[np.lexsort((age[adults] + rng.random(len(adults)) * AGE_JITTER, lsoa[adults]))]
    local[order] = group_ids(rng, lsoa[order])
    next_id = local.max() + 1
    solo = np.flatnonzero(alone)
    local[solo] = next_id + np.arange(len(solo))
    next_id += len(solo)
    children = np.flatnonzero(age < ADULT_AGE)
    parents = order[(age[order] >= d.PARENT_AGES[0]) & (age[order] <= d.PARENT_AGES[1])]
    found, parent = pick_in_same_lsoa(rng, lsoa[parents], lsoa[children])
    local[children[found]] = local[parents[parent[found]]]
    orphans = children[~found]
    local[orphans] = next_id + np.arange(len(orphans))
    return first + local


def group_ids(rng, sorted_lsoa: np.ndarray) -> np.ndarray:
    """Group numbers for a run sorted by LSOA: sizes 2-4 drawn, and a break at each new LSOA."""
    n = len(sorted_lsoa)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    sizes = rng.choice(
        list(d.ADULTS_PER_HOUSEHOLD), size=n // 2 + 1, p=list(d.ADULTS_PER_HOUSEHOLD.values())
    )
    breaks = np.zeros(n, dtype=bool)
    starts = np.cumsum(sizes)
    breaks[starts[starts < n]] = True
    breaks[0] = True
    breaks[1:] |= sorted_lsoa[1:] != sorted_lsoa[:-1]
    return np.cumsum(breaks) - 1


def pick_in_same_lsoa(rng, candidate_lsoa, wanted_lsoa) -> tuple[np.ndarray, np.ndarray]:
    """For each wanted LSOA, a random candidate position with the same LSOA (and whether found).

    ``candidate_lsoa`` must be sorted."""
    start = np.searchsorted(candidate_lsoa, wanted_lsoa, side="left")
    count = np.searchsorted(candidate_lsoa, wanted_lsoa, side="right") - start
    pick = start + np.floor(rng.random(len(wanted_lsoa)) * count).astype(np.int64)
    return count > 0, np.minimum(pick, max(len(candidate_lsoa) - 1, 0))
