"""The indicators every place gets, from the bundled England table (``data/england``).

Population by age band (mid-2015, the IoD2019 denominators) and the English Indices of
Deprivation 2019: the IMD score, and the rank and decile of the index and its seven domains.
Domain *scores* are not published at LSOA level in the bundled data, so each domain gives:

- ``<domain>_most_deprived_10``: % of residents living in LSOAs in the most deprived national
  decile of the domain (a rate whose numerator is a count of residents, so it adds up exactly;
  the employment domain counts working-age residents, its own denominator);
- ``<domain>_rank``: the residents-weighted mean national rank (MHCLG's "average rank");
- ``<domain>_decile``: the share of residents in each national decile.

Each theme has one headline indicator, mapped by LSOA in a profile: the IMD score (population),
% aged 0-15 (children), % aged 60+ (adults), and the national decile of the income (economy),
health (health) and crime (crime) domains.
"""

from functools import lru_cache

import pandas as pd

from locality.analytics.places.geography import DOMAINS, england_lsoas
from locality.analytics.places.indicators.catalogue import Indicator

POPULATION_SOURCE = "MHCLG, IoD2019 population denominators (ONS mid-2015 small-area estimates)"
IMD_SOURCE = "MHCLG, English indices of deprivation 2019"
POPULATION_PERIOD = "mid-2015"
IMD_PERIOD = "IMD 2019 (data mostly 2015-16)"
LICENCE = "Open Government Licence v3.0"

DOMAIN_TITLES = {
    "imd": "Index of Multiple Deprivation",
    "income": "income deprivation",
    "employment": "employment deprivation",
    "education": "education, skills and training deprivation",
    "health": "health deprivation and disability",
    "crime": "crime",
    "housing_barriers": "barriers to housing and services",
    "living_environment": "living environment deprivation",
}
DOMAIN_THEMES = {
    "imd": "population",
    "income": "economy",
    "employment": "economy",
    "housing_barriers": "economy",
    "education": "children",
    "health": "health",
    "living_environment": "health",
    "crime": "crime",
}
HEADLINE_DOMAINS = {"income", "health", "crime"}


def _population(id_, title, theme, column, *, headline=False, polarity="neutral"):
    return Indicator(
        id=id_,
        title=title,
        theme=theme,
        kind="rate",
        polarity=polarity,
        period=POPULATION_PERIOD,
        source=POPULATION_SOURCE,
        licence=LICENCE,
        numerator=column,
        denominator="population",
        multiplier=100.0,
        unit="%",
        headline=headline,
    )


def _count(id_, title, theme, column):
    return Indicator(
        id=id_,
        title=title,
        theme=theme,
        kind="count",
        polarity="neutral",
        period=POPULATION_PERIOD,
        source=POPULATION_SOURCE,
        licence=LICENCE,
        column=column,
        unit="people",
    )


def _domain(domain: str) -> list[Indicator]:
    people = "working_age" if domain == "employment" else "population"
    who = "working-age residents" if domain == "employment" else "residents"
    common = {"theme": DOMAIN_THEMES[domain], "period": IMD_PERIOD, "source": IMD_SOURCE}
    common["licence"] = LICENCE
    return [
        Indicator(
            id=f"{domain}_most_deprived_10",
            title=f"% of {who} in the most deprived 10% of LSOAs nationally for "
            f"{DOMAIN_TITLES[domain]}",
            kind="rate",
            polarity="higher_is_worse",
            numerator=f"{domain}_d1_{people}",
            denominator=people,
            multiplier=100.0,
            unit="%",
            **common,
        ),
        Indicator(
            id=f"{domain}_rank",
            title=f"Average national rank for {DOMAIN_TITLES[domain]} (1 = most deprived of "
            "32,844)",
            kind="rank",
            polarity="higher_is_better",
            column=f"{domain}_rank",
            weight=people,
            unit="rank",
            **common,
        ),
        Indicator(
            id=f"{domain}_decile",
            title=f"National decile of {DOMAIN_TITLES[domain]} (1 = most deprived)",
            description=f"Share of {who} living in LSOAs of each national decile.",
            kind="decile",
            polarity="higher_is_better",
            column=f"{domain}_decile",
            weight=people,
            headline=domain in HEADLINE_DOMAINS,
            **common,
        ),
    ]


def bundled_indicators() -> list[Indicator]:
    """The bundled indicators, in the order profiles list them."""
    found = [
        _count("residents", "Residents", "population", "population"),
        _population("aged_16_59", "% aged 16 to 59", "population", "age_16_59"),
        Indicator(
            id="imd_score",
            title="IMD 2019 score (higher is more deprived)",
            theme="population",
            kind="score",
            polarity="higher_is_worse",
            period=IMD_PERIOD,
            source=IMD_SOURCE,
            licence=LICENCE,
            column="imd_score",
            unit="score",
            headline=True,
        ),
        Indicator(
            id="imd_most_deprived_20",
            title="% of residents in the most deprived 20% of LSOAs nationally (IMD)",
            theme="population",
            kind="rate",
            polarity="higher_is_worse",
            period=IMD_PERIOD,
            source=IMD_SOURCE,
            licence=LICENCE,
            numerator="imd_d12_population",
            denominator="population",
            multiplier=100.0,
            unit="%",
        ),
        *_domain("imd"),
        _count("children", "Children aged 0 to 15", "children", "age_0_15"),
        _population("aged_0_15", "% aged 0 to 15", "children", "age_0_15", headline=True),
        _count("older_adults", "Adults aged 60 and over", "adults", "age_60_plus"),
        _population("aged_60_plus", "% aged 60 and over", "adults", "age_60_plus", headline=True),
        _population(
            "working_age_share",
            "% of working age (18-59 women, 18-64 men)",
            "adults",
            "working_age",
        ),
    ]
    for domain in DOMAINS:
        found.extend(_domain(domain))
    return found


def derive(table: pd.DataFrame) -> pd.DataFrame:
    """The bundled columns plus the residents counted by decile that the rates above read
    (no count where the decile is missing, so an area with such an LSOA gets no value)."""
    out = table.copy()
    for domain in ("imd", *DOMAINS):
        deciles = out[f"{domain}_decile"]
        for people in ("population", "working_age"):
            if people in out:
                counted = out[people].where(deciles == 1, 0)
                out[f"{domain}_d1_{people}"] = counted.where(deciles.notna())
    deciles = out["imd_decile"]
    out["imd_d12_population"] = out["population"].where(deciles <= 2, 0).where(deciles.notna())
    return out


@lru_cache(maxsize=1)
def england_values() -> pd.DataFrame:
    """The derived table for all of England (cached)."""
    return derive(england_lsoas())
