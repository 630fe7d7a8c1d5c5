"""Who the synthetic people are: single years of age, sex, ethnicity, living alone.

The LSOA table gives only three age bands (0-15, 16-59, 60+, mid-2015). Everything below is a
stated assumption with its basis; ``docs/synthetic-population.md`` lists them all.
"""

from __future__ import annotations

import numpy as np

MAX_AGE = 100

# Ages 0-15 and 16-59 are spread evenly over their single years: England's age pyramid is within
# about 15% of flat over those ranges. Ages 60+ follow the approximate shape of England's mid-2015
# estimates (ONS), in millions per 5-year group, rounded (an assumption, not read from a file):
OLDER_GROUPS = {60: 2.93, 65: 2.96, 70: 2.20, 75: 1.76, 80: 1.31, 85: 0.83, 90: 0.47}
NINETY_PLUS_DECAY = 0.75  # each year of age past 90 holds 75% of the one before (90 to 100)

# Share female by age, an assumption rounded from ONS mid-year estimates for England: slightly
# fewer girls than boys (about 105 boys per 100 girls at birth), parity in working ages, women
# increasingly outnumbering men from 60.
FEMALE_SHARE = ((0, 0.488), (16, 0.500), (60, 0.520), (70, 0.545), (80, 0.600), (90, 0.700))
SEX_UNKNOWN_SHARE = 0.0005  # a few records with sex not known (GP records), an assumption

# ONS Census 2021 high-level ethnic groups: London (E09 authorities) and the rest of England
# (England's shares minus London's, weighted by population). About 5% of records leave ethnicity
# unknown (an assumption; GP recording is incomplete).
ETHNICITIES = ("asian", "black", "mixed", "white", "other")
ETHNICITY_SHARES = {
    "london": (0.207, 0.135, 0.057, 0.538, 0.063),  # Census 2021, London
    "rest": (0.075, 0.025, 0.025, 0.861, 0.014),  # derived: England less London
}
ETHNICITY_UNKNOWN_SHARE = 0.05

# Share of people living alone by age (ONS Families and Households 2021 and Census 2021 give
# about 30% of households, 8 million people, one in seven of all residents). Rounded assumptions
# by age: nobody under 18, rising to about half of the oldest; women live alone more in old age.
LIVES_ALONE = ((0, 0.0), (18, 0.04), (25, 0.10), (45, 0.14), (65, 0.25), (75, 0.37), (85, 0.55))
LIVES_ALONE_FEMALE_OVER_75 = 1.25  # relative to the share above, for women aged 75+

# Households: people who do not live alone share with 1 to 3 other adults of similar age
# (2-adult households are most common), and children join a household of adults aged 20-59 in
# their LSOA. Household members are generated people; in a sparse sample the other members of a
# real household are simply not in the sample.
ADULTS_PER_HOUSEHOLD = {2: 0.80, 3: 0.15, 4: 0.05}
PARENT_AGES = (20, 59)


def age_weights_older() -> np.ndarray:
    """Relative weights of ages 60..100 inside the 60+ band."""
    weights = []
    for start, millions in OLDER_GROUPS.items():
        if start < 90:
            weights += [millions / 5] * 5
        else:
            tail = NINETY_PLUS_DECAY ** np.arange(MAX_AGE - 89)
            weights += list(millions * tail / tail.sum())
    return np.asarray(weights) / np.sum(weights)


def step(age: np.ndarray, table: tuple[tuple[int, float], ...]) -> np.ndarray:
    """The value of a (from_age, value) step table at each age."""
    starts = np.array([a for a, _ in table])
    values = np.array([v for _, v in table])
    return values[np.searchsorted(starts, age, side="right") - 1]


def national_age_distribution(bands_total: np.ndarray) -> np.ndarray:
    """Share of England's people at each age 0..100, from the band totals and the splits above."""
    out = np.zeros(MAX_AGE + 1)
    out[0:16] = bands_total[0] / 16
    out[16:60] = bands_total[1] / 44
    out[60:] = bands_total[2] * age_weights_older()
    return out / out.sum()
