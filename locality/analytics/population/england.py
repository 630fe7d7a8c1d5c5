"""The bundled England LSOA table (``data/england/lsoa11.csv.gz``, see its SOURCE.md) in Ibis.

Only the columns population intelligence needs are read (once per process); the table enters
whichever engine runs the query as an Ibis in-memory table.
"""

from __future__ import annotations

import functools
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.csv as pa_csv

ENGLAND_LSOA_FILE = Path(__file__).resolve().parents[3] / "data" / "england" / "lsoa11.csv.gz"
IMD_COLUMNS = {"lsoa11cd": pa.string(), "imd_decile": pa.int64()}


@functools.cache
def imd_arrow(path: Path = ENGLAND_LSOA_FILE) -> pa.Table:
    options = pa_csv.ConvertOptions(include_columns=list(IMD_COLUMNS), column_types=IMD_COLUMNS)
    return pa_csv.read_csv(path, convert_options=options)


def lsoa_deprivation(path: Path = ENGLAND_LSOA_FILE) -> ir.Table:
    """``lsoa_code`` (LSOA 2011) and ``imd_decile`` (IMD 2019; 1 = most deprived 10%)."""
    return ibis.memtable(imd_arrow(path)).rename(lsoa_code="lsoa11cd")
