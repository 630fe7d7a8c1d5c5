"""Small indicator stores with values chosen for hand computation."""

import pandas as pd

from locality.analytics.places.indicators.catalogue import Indicator
from locality.analytics.places.indicators.store import IndicatorStore

COMMON = {"period": "2024", "source": "test", "licence": "OGL v3.0", "polarity": "neutral"}


def indicator(id_: str, kind: str, theme: str = "health", **fields) -> Indicator:
    return Indicator(id=id_, title=id_.replace("_", " "), theme=theme, kind=kind,
                     **{**COMMON, **fields})  # fmt: skip


def tiny_store(rows: dict[str, dict], indicators: list[Indicator]) -> IndicatorStore:
    """A store over the LSOAs ``rows`` (code -> column values)."""
    values = pd.DataFrame.from_dict(rows, orient="index")
    values.index.name = "lsoa11cd"
    return IndicatorStore({i.id: i for i in indicators}, values)
