"""Draw a chunk of people: LSOA, age, birth date, sex, ethnicity, living alone, household."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from locality.analytics.population import schema
from locality.analytics.population.synth import demography as d
from locality.analytics.population.synth.households import assign_households
from locality.analytics.population.synth.places import Places

DAYS_PER_YEAR = 365.2425
FEMALE, MALE, UNKNOWN_SEX = (schema.SEXES.index(s) for s in ("female", "male", "unknown"))
ETHNICITY_CODES = (*d.ETHNICITIES, "unknown")


@dataclass
class People:
    """Column arrays for one chunk; ``index`` numbers people across the whole run."""

    index: np.ndarray  # int64
    lsoa: np.ndarray  # int32, row of Places
    decile: np.ndarray  # int8, IMD 2019 decile of the LSOA (1 = most deprived)
    age: np.ndarray  # int16, whole years at the end date
    birth_day: np.ndarray  # int32, days since 1970-01-01
    sex: np.ndarray  # int8, index into schema.SEXES
    ethnicity: np.ndarray  # int8, index into ETHNICITY_CODES
    lives_alone: np.ndarray  # bool
    household: np.ndarray  # int64

    def __len__(self) -> int:
        return len(self.index)

    @property
    def female(self) -> np.ndarray:
        return self.sex == FEMALE


def place_people(rng, places: Places, n: int) -> np.ndarray:
    """The LSOA (row of ``places``) of each of ``n`` people, sorted: a multinomial draw in
    proportion to population, so a chunk of consecutive people covers whole neighbourhoods."""
    population = places.population
    counts = rng.multinomial(n, population / population.sum())
    return np.repeat(np.arange(len(population), dtype=np.int32), counts)


def draw_people(rng, places: Places, lsoa: np.ndarray, end_day: int, first: int) -> People:
    """People living in ``lsoa`` (rows of ``places``), numbered from ``first``."""
    n = len(lsoa)
    age = draw_ages(rng, places.bands[lsoa])
    days = np.floor((age + rng.random(n)) * DAYS_PER_YEAR).astype(np.int32)
    sex = draw_sex(rng, age)
    london = np.char.startswith(places.lad[lsoa], "E09")
    alone = rng.random(n) < lives_alone_share(age, sex == FEMALE)
    household = assign_households(rng, lsoa, age, alone, first)
    return People(
        index=np.arange(first, first + n, dtype=np.int64),
        lsoa=lsoa,
        decile=places.imd_decile[lsoa],
        age=age,
        birth_day=(end_day - days).astype(np.int32),
        sex=sex,
        ethnicity=draw_ethnicity(rng, london),
        lives_alone=alone,
        household=household,
    )


def draw_ages(rng, bands: np.ndarray) -> np.ndarray:
    """A band drawn from the LSOA's own counts, then a single year inside it."""
    n = len(bands)
    cumulative = np.cumsum(bands, axis=1) / bands.sum(axis=1, keepdims=True)
    u = rng.random(n)
    band = (u > cumulative[:, 0]).astype(np.int8) + (u > cumulative[:, 1])
    older = 60 + rng.choice(d.MAX_AGE - 59, size=n, p=d.age_weights_older())
    age = np.select([band == 0, band == 1], [rng.integers(0, 16, n), rng.integers(16, 60, n)])
    return np.where(band == 2, older, age).astype(np.int16)


def draw_sex(rng, age: np.ndarray) -> np.ndarray:
    u = rng.random(len(age))
    sex = np.where(u < d.step(age, d.FEMALE_SHARE), FEMALE, MALE).astype(np.int8)
    sex[rng.random(len(age)) < d.SEX_UNKNOWN_SHARE] = UNKNOWN_SEX
    return sex


def draw_ethnicity(rng, london: np.ndarray) -> np.ndarray:
    shares = np.where(
        london[:, None], d.ETHNICITY_SHARES["london"], d.ETHNICITY_SHARES["rest"]
    ).cumsum(axis=1)
    shares /= shares[:, -1:]
    group = (rng.random(len(london))[:, None] > shares).sum(axis=1).astype(np.int8)
    group[rng.random(len(london)) < d.ETHNICITY_UNKNOWN_SHARE] = len(d.ETHNICITIES)
    return group


def lives_alone_share(age: np.ndarray, female: np.ndarray) -> np.ndarray:
    share = d.step(age, d.LIVES_ALONE)
    return np.minimum(
        np.where(female & (age >= 75), share * d.LIVES_ALONE_FEMALE_OVER_75, share), 1
    )
