"""Stream tables to Parquet or CSV files, one Arrow table (a chunk) at a time."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

TABLE_FORMATS = ("parquet", "csv")


class TableFiles:
    """``<folder>/<name>.parquet`` (or ``.csv``) per table name, each opened on first write.

    Every chunk of a table must have the same schema; a chunk may be empty, so a table that
    never gets a row is still written (with its columns).
    """

    def __init__(self, folder: Path, table_format: str = "parquet") -> None:
        if table_format not in TABLE_FORMATS:
            raise ValueError(f"table format must be parquet or csv, not {table_format!r}")
        self.folder, self.format = Path(folder), table_format
        self.writers: dict[str, pq.ParquetWriter | pacsv.CSVWriter] = {}

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.{self.format}"

    def write(self, name: str, table: pa.Table) -> None:
        if name not in self.writers:
            self.writers[name] = self._open(self.path(name), table.schema)
        self.writers[name].write_table(table)

    def _open(self, path: Path, table_schema: pa.Schema):
        if self.format == "parquet":
            return pq.ParquetWriter(path, table_schema, compression="zstd")
        return pacsv.CSVWriter(path, table_schema)

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()
