"""Events of a chunk as integer columns, and the draw of event times along a trajectory."""

from __future__ import annotations

import numpy as np

from locality.analytics.population import schema
from locality.analytics.population.synth import rates as r
from locality.analytics.population.synth.conditions import CONDITIONS
from locality.analytics.population.synth.morbidity import DRUGS

DAYS_PER_YEAR = 365.2425
KINDS = {kind: i for i, kind in enumerate(schema.EVENT_KINDS)}
SYSTEMS = {system: i for i, system in enumerate(schema.CODE_SYSTEMS)}
_CONDITION_CODES = [x for c in CONDITIONS for v in c.variants for x in (v.snomed, v.icd10) if x]
_OTHER_CODES = [code for group in r.ACUTE_REASONS.values() for code, _ in group]
_OTHER_CODES += [r.FALL_SNOMED, "W19", "S72", r.LIVES_ALONE_SNOMED, r.HOUSEBOUND_SNOMED]
CODES = tuple(dict.fromkeys([*_CONDITION_CODES, *_OTHER_CODES, *DRUGS]))
CODE_INDEX = {code: i for i, code in enumerate(CODES)}
VALUES = tuple(v for v, _ in (*r.SOCIAL_CARE_VALUES, *r.HOUSING_VALUES))
NONE = -1


class EventLog:
    """Columns appended in blocks: person (row in the chunk), day, kind, system, code, value."""

    def __init__(self) -> None:
        self.blocks: list[tuple[np.ndarray, ...]] = []

    def add(self, person, day, kind: str, system=None, code=None, value=None) -> None:
        n = len(person)
        self.blocks.append(
            (
                np.asarray(person, dtype=np.int64),
                np.asarray(day, dtype=np.int32),
                np.full(n, KINDS[kind], dtype=np.int8),
                np.full(n, NONE if system is None else SYSTEMS[system], dtype=np.int8),
                _column(code, CODE_INDEX, n),
                _column(value, None, n),
            )
        )

    def columns(self) -> tuple[np.ndarray, ...]:
        """The events sorted by person, then day, then kind."""
        if not self.blocks:
            return tuple(
                np.zeros(0, dtype=t)
                for t in (np.int64, np.int32, np.int8, np.int8, np.int16, np.int16)
            )
        cols = [np.concatenate(parts) for parts in zip(*self.blocks, strict=True)]
        order = np.lexsort((cols[4], cols[2], cols[1], cols[0]))
        return tuple(c[order] for c in cols)


def _column(value, index, n: int) -> np.ndarray:
    """A code or value column: None, one string for all, or an array of indices."""
    if value is None:
        return np.full(n, NONE, dtype=np.int16)
    if isinstance(value, str):
        return np.full(n, index[value], dtype=np.int16)
    return np.asarray(value, dtype=np.int16)


def occurrences(rng, rate, start_years, years: float, rising) -> tuple[np.ndarray, np.ndarray]:
    """Event times of a Poisson process per person between ``start_years`` and ``years``.

    ``rate`` is per year; for rising people it grows as exp(g t), reaching ``RISE`` times its
    starting value at the end. Returns (person, years from the window start) per event.
    """
    g = np.log(r.RISE) / years
    grow_from = np.exp(g * start_years)
    flat = rate * (years - start_years)
    steep = rate * (np.exp(g * years) - grow_from) / g
    count = rng.poisson(np.where(rising, steep, flat))
    person = np.repeat(np.arange(len(rate)), count)
    u = rng.random(len(person))
    a = start_years[person]
    t_rising = np.log(grow_from[person] + u * (np.exp(g * years) - grow_from[person])) / g
    return person, np.where(rising[person], t_rising, a + u * (years - a))


def pick(rng, choices: tuple[tuple[str, float], ...], n: int, index=CODE_INDEX) -> np.ndarray:
    """``n`` indices of codes (or values) drawn with the given shares."""
    names, shares = zip(*choices, strict=True)
    drawn = rng.choice(len(names), size=n, p=np.array(shares) / sum(shares))
    lookup = np.array([index[name] if index else VALUES.index(name) for name in names])
    return lookup[drawn].astype(np.int16)
