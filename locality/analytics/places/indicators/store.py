"""The indicator store: indicators (metadata) and one LSOA table holding the columns they read.

The table is indexed by LSOA 2011 code and covers all of England for the bundled indicators;
a user's indicators add columns that may cover only some LSOAs (missing values are NaN, and
an area whose LSOAs are not all covered gets no value, never a partial one). Values for a ward
or a local authority are worked out from the LSOAs by the same functions
(``locality.analytics.places.indicators.aggregate``), so every level is keyed by its ONS code.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from locality.analytics.places.geography import PlacesError
from locality.analytics.places.indicators.bundled import (
    bundled_indicators,
    derive,
    england_values,
)
from locality.analytics.places.indicators.catalogue import Indicator


@dataclass(frozen=True)
class IndicatorStore:
    indicators: dict[str, Indicator]  # id -> indicator, in display order
    values: pd.DataFrame  # index lsoa11cd

    def __post_init__(self):
        for indicator in self.indicators.values():
            missing = [c for c in indicator.columns if c not in self.values.columns]
            if missing:
                raise PlacesError(
                    f"indicator {indicator.id!r}: no column {', '.join(missing)} in the store"
                )

    def with_indicators(self, indicators: list[Indicator], columns: pd.DataFrame):
        """A new store with ``indicators`` added, reading ``columns`` (indexed by LSOA)."""
        clash = [i.id for i in indicators if i.id in self.indicators]
        if clash:
            raise PlacesError(f"indicator {clash[0]!r}: the id is already in use")
        taken = [c for c in columns.columns if c in self.values.columns]
        if taken:
            raise PlacesError(f"column {taken[0]!r}: already in the store")
        unknown = set(columns.index) - set(self.values.index)
        if unknown:
            raise PlacesError(f"LSOA {sorted(unknown)[0]}: not an English LSOA 2011 code")
        values = self.values.join(columns, how="left")
        merged = {**self.indicators, **{i.id: i for i in indicators}}
        return IndicatorStore(merged, values)

    def of_theme(self, theme: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.theme == theme]

    def headline(self, theme: str) -> Indicator | None:
        """The theme's mapped indicator: the last one marked headline (a user's wins)."""
        found = [i for i in self.of_theme(theme) if i.headline]
        return found[-1] if found else None


def bundled_store(area=None) -> IndicatorStore:
    """The bundled indicators for all of England.

    With ``area`` (an ``Area``), the area's own LSOA values replace the bundled ones for the
    columns it has (the web app's places are loaded from the database and may have been
    edited); England's figures stay the bundled ones.
    """
    values = england_values()
    if area is not None:
        table = area.lsoas
        unknown = set(table.index) - set(values.index)
        if unknown:
            raise PlacesError(f"LSOA {sorted(unknown)[0]}: not an English LSOA 2011 code")
        changed = {}
        for column in table.columns:
            if column not in values.columns or _derived(column):
                continue
            new = table[column]
            if values[column].dtype.kind in "iuf":
                new = pd.to_numeric(new, errors="coerce").astype("float64")
            if not _same(new, values.loc[table.index, column]):
                changed[column] = new
        if changed:
            base = values.drop(columns=[c for c in values.columns if _derived(c)])
            base = base.astype({c: "float64" for c in changed if base[c].dtype.kind in "iu"})
            for column, new in changed.items():
                base.loc[new.index, column] = new.to_numpy()
            values = derive(base)
    return IndicatorStore({i.id: i for i in bundled_indicators()}, values)


def _derived(column: str) -> bool:
    return "_d1_" in column or column == "imd_d12_population"


def _same(new: pd.Series, old: pd.Series) -> bool:
    if new.dtype.kind in "iuf" and old.dtype.kind in "iuf":
        a, b = new.to_numpy(dtype=float), old.to_numpy(dtype=float)
        return bool(((a == b) | (np.isnan(a) & np.isnan(b))).all())
    return bool((new.astype(str).to_numpy() == old.astype(str).to_numpy()).all())
