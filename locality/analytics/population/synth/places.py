"""The English LSOAs people are placed in: ``data/england/lsoa11.csv.gz`` as numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow.csv as pacsv

ENGLAND_TABLE = Path(__file__).resolve().parents[4] / "data" / "england" / "lsoa11.csv.gz"


@dataclass(frozen=True)
class Places:
    """One entry per LSOA: code, local authority, age-band counts and IMD 2019 decile."""

    lsoa: np.ndarray  # str, E01...
    lad: np.ndarray  # str, LAD 2019 code
    bands: np.ndarray  # int, (n, 3): aged 0-15, 16-59, 60+ (mid-2015)
    imd_decile: np.ndarray  # int8, 1 = most deprived 10% of England

    @property
    def population(self) -> np.ndarray:
        return self.bands.sum(axis=1)

    def subset(self, mask: np.ndarray) -> Places:
        return Places(self.lsoa[mask], self.lad[mask], self.bands[mask], self.imd_decile[mask])


@cache
def england(path: Path = ENGLAND_TABLE) -> Places:
    """Every English LSOA 2011 (32,844), read once."""
    columns = ["lsoa11cd", "lad19cd", "age_0_15", "age_16_59", "age_60_plus", "imd_decile"]
    table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(include_columns=columns))
    bands = np.column_stack([table[c].to_numpy() for c in columns[2:5]]).astype(np.int64)
    return Places(
        lsoa=table["lsoa11cd"].to_numpy(zero_copy_only=False).astype(str),
        lad=table["lad19cd"].to_numpy(zero_copy_only=False).astype(str),
        bands=bands,
        imd_decile=table["imd_decile"].to_numpy().astype(np.int8),
    )


def select(places: Places, la_codes: tuple[str, ...] = ()) -> Places:
    """The LSOAs of the given local authorities (LAD 2019 codes); all of England if none."""
    if not la_codes:
        return places
    unknown = sorted(set(la_codes) - set(places.lad.tolist()))
    if unknown:
        raise ValueError(
            f"unknown local authority code(s): {', '.join(unknown)} "
            "(use an English LAD 2019 code, e.g. E06000014 for York)"
        )
    return places.subset(np.isin(places.lad, list(la_codes)))
