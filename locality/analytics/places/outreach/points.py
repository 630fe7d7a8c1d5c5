"""Points from a CSV file: hubs and candidate stops (``name, latitude, longitude``).

A header row is required; column names are matched without regard to case or surrounding
spaces and other columns are ignored (the hubs command writes more). Every name must be
non-empty and unique; latitude and longitude are WGS84 decimal degrees inside a box round
England (latitude 49.8 to 55.9, longitude -6.5 to 1.8). A bad value is reported with the
file, the row (counting the header as row 1) and the field.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from locality.analytics.places.csv_input import read_rows
from locality.analytics.places.geography import PlacesError

LATITUDE = (49.8, 55.9)
LONGITUDE = (-6.5, 1.8)
COLUMNS = ("name", "latitude", "longitude")


@dataclass(frozen=True)
class Points:
    name: tuple[str, ...]
    latitude: np.ndarray
    longitude: np.ndarray

    def __len__(self) -> int:
        return len(self.name)


def read_points(path: Path, what: str = "point") -> Points:
    path = Path(path)
    header, rows = read_rows(path, COLUMNS)
    names, lats, lons = [], [], []
    for number, row in rows:
        cells = {c: row[c] for c in COLUMNS}
        if not cells["name"]:
            raise PlacesError(f"{path}: row {number}: field name: empty")
        if cells["name"] in names:
            raise PlacesError(f"{path}: row {number}: field name: {cells['name']!r} appears twice")
        values = []
        for column, (low, high) in (("latitude", LATITUDE), ("longitude", LONGITUDE)):
            try:
                value = float(cells[column])
            except ValueError:
                raise PlacesError(
                    f"{path}: row {number}: field {column}: {cells[column]!r} is not a number"
                ) from None
            if not low <= value <= high:
                raise PlacesError(
                    f"{path}: row {number}: field {column}: {value} is outside England "
                    f"({low} to {high})"
                )
            values.append(value)
        names.append(cells["name"])
        lats.append(values[0])
        lons.append(values[1])
    if not names:
        raise PlacesError(f"{path}: no {what}s (the file has a header and no rows)")
    return Points(tuple(names), np.array(lats), np.array(lons))
