"""Draw long-term conditions (with onset dates and codes) and the medicines that treat them.

The probability of each condition is logistic in age, sex, deprivation and a latent health
factor; its intercept is solved once so that, over England's age and deprivation mix, the
prevalence matches the target in ``conditions.CONDITIONS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from locality.analytics.population.synth import demography as d
from locality.analytics.population.synth.conditions import CONDITIONS, LATENT_LOADING
from locality.analytics.population.synth.people import MALE
from locality.analytics.population.synth.places import england

KEYS = tuple(c.key for c in CONDITIONS)
DRUGS = tuple(sorted({drug for c in CONDITIONS for drug, _ in c.drugs}))
QUADRATURE = 16  # Gauss-Hermite nodes over the latent factor


@dataclass
class Morbidity:
    has: np.ndarray  # bool (people, conditions)
    onset_day: np.ndarray  # int32 (people, conditions), days since 1970-01-01 where has
    variant: np.ndarray  # int8 (people, conditions), index into the condition's variants
    drug_person: np.ndarray  # int64: row of a (person, medicine) pair
    drug: np.ndarray  # int16: index into DRUGS
    drug_start: np.ndarray  # int32: day of the first prescription

    @property
    def count(self) -> np.ndarray:
        return self.has.sum(axis=1)


def log_odds(c, intercept, age, decile, male, z):
    above = np.maximum(age - c.min_age, 0) / 10
    return (
        intercept
        + np.log(c.age_or) * above
        + np.log(c.deprivation_or) * (10 - decile) / 9
        + np.log(c.male_or) * male
        + LATENT_LOADING * z
    )


@cache
def intercepts() -> tuple[float, ...]:
    """The intercept of every condition that reproduces its target prevalence in England."""
    places = england()
    ages = np.arange(d.MAX_AGE + 1)
    weights = (
        np.stack(
            [
                d.national_age_distribution(places.bands[places.imd_decile == k].sum(0))
                for k in range(1, 11)
            ]
        )
        * np.array([places.population[places.imd_decile == k].sum() for k in range(1, 11)])[:, None]
    )
    female = d.step(ages, d.FEMALE_SHARE)
    nodes, node_weights = np.polynomial.hermite_e.hermegauss(QUADRATURE)
    node_weights = node_weights / node_weights.sum()
    decile = np.arange(1, 11)[:, None, None]
    age, z = ages[None, :, None], nodes[None, None, :]
    out = []
    for c in CONDITIONS:
        eligible = weights * (ages >= c.denominator_age)

        def prevalence(a, c=c, eligible=eligible):
            p = [1 / (1 + np.exp(-log_odds(c, a, age, decile, m, z))) for m in (0, 1)]
            p = (1 - female)[None, :, None] * p[1] + female[None, :, None] * p[0]
            p = (p * node_weights).sum(axis=2) * (ages >= c.min_age)
            return (p * eligible).sum() / eligible.sum()

        out.append(bisect(lambda a, f=prevalence, t=c.prevalence: f(a) - t, -30.0, 10.0))
    return tuple(out)


def bisect(f, low: float, high: float, steps: int = 60) -> float:
    for _ in range(steps):
        mid = (low + high) / 2
        low, high = (mid, high) if f(mid) < 0 else (low, mid)
    return (low + high) / 2


def draw_morbidity(rng, people, end_day: int) -> Morbidity:
    n, k = len(people), len(CONDITIONS)
    z = rng.standard_normal(n)
    male = (people.sex == MALE).astype(float)
    has = np.zeros((n, k), dtype=bool)
    onset = np.zeros((n, k), dtype=np.int32)
    variant = np.zeros((n, k), dtype=np.int8)
    for j, (c, a) in enumerate(zip(CONDITIONS, intercepts(), strict=True)):
        p = 1 / (1 + np.exp(-log_odds(c, a, people.age, people.decile, male, z)))
        has[:, j] = (rng.random(n) < p) & (people.age >= c.min_age)
        years = truncated_exponential(rng, c.duration, np.maximum(people.age - c.min_age, 0))
        onset[:, j] = np.maximum(end_day - np.floor(years * 365.2425), people.birth_day)
        variant[:, j] = draw_variant(rng, c, people.sex)
    return Morbidity(has, onset, variant, *draw_drugs(rng, has, onset))


def truncated_exponential(rng, mean: float, limit: np.ndarray) -> np.ndarray:
    """Years since diagnosis: exponential with ``mean``, at most ``limit`` (inverse CDF)."""
    u = rng.random(len(limit))
    return -mean * np.log1p(-u * (1 - np.exp(-limit / mean)))


def draw_variant(rng, condition, sex: np.ndarray) -> np.ndarray:
    """A variant per person, among those allowed for their sex, in proportion to the shares."""
    names = ("female", "male", "other", "unknown")
    shares = np.array(
        [[v.share if v.sex in (None, s) else 0.0 for v in condition.variants] for s in names]
    )
    cumulative = shares.cumsum(axis=1) / shares.sum(axis=1, keepdims=True)
    return (rng.random(len(sex))[:, None] > cumulative[sex]).sum(axis=1).astype(np.int8)


def draw_drugs(rng, has, onset):
    """(person, medicine, first prescription day) for each medicine a person takes."""
    pairs = []
    for j, c in enumerate(CONDITIONS):
        for drug, share in c.drugs:
            person = np.flatnonzero(has[:, j] & (rng.random(len(has)) < share))
            pairs.append((person, np.full(len(person), DRUGS.index(drug)), onset[person, j]))
    person, drug, start = (np.concatenate(parts) for parts in zip(*pairs, strict=True))
    order = np.lexsort((start, drug, person))  # earliest start first for each (person, drug)
    person, drug, start = person[order], drug[order], start[order]
    first = np.ones(len(person), dtype=bool)
    first[1:] = (person[1:] != person[:-1]) | (drug[1:] != drug[:-1])
    return person[first], drug[first].astype(np.int16), start[first].astype(np.int32)
