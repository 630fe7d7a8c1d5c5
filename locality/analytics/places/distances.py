"""How far people are from places: straight line with a circuity factor, or a travel matrix.

Two ways to measure, both giving an origins x destinations matrix of *costs*:

``StraightLine`` (the default)
    Great-circle (haversine) metres times a circuity factor, the ratio of the distance along
    streets and paths to the straight line (1.3 by default: see ``access.CIRCUITY``). Unit "m".

``TravelMatrix``
    Read from a CSV file the user supplies, for example the output of OSRM's ``table`` service
    or r5's travel-time matrix. Columns (header row required, any order, others ignored):

    ``origin``
        an origin id: the LSOA 2011 code for residents (E01...), or a stop/site id;
    ``destination``
        a destination id: the site's ``name`` from the candidates file (or a stop id);
    exactly one of ``minutes``, ``metres`` or ``km``
        the cost of going from origin to destination (non-negative number).

    Every pair a command asks for must be in the file; a missing pair is an error naming both
    ids. Thresholds given to commands (``--radius-km``, "within 1 km") are then read in the
    matrix's unit: kilometres for ``metres``/``km`` files, minutes for ``minutes`` files
    (``TravelMatrix.unit`` says which; reports print it).

>>> StraightLine(circuity=1.0).matrix([53.96], [-1.08], [53.97], [-1.08]).round(0)
array([[1112.]])
"""

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from locality.analytics.places.access import CIRCUITY, EARTH_RADIUS_M
from locality.analytics.places.geography import PlacesError

UNITS = {"minutes": "min", "metres": "m", "km": "m"}


def haversine_m(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle metres between every (lat1, lon1) and every (lat2, lon2): shape (n1, n2)."""
    p1, l1 = (
        np.radians(np.asarray(lat1, float))[:, None],
        np.radians(np.asarray(lon1, float))[:, None],
    )
    p2, l2 = (
        np.radians(np.asarray(lat2, float))[None, :],
        np.radians(np.asarray(lon2, float))[None, :],
    )
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass(frozen=True)
class StraightLine:
    circuity: float = CIRCUITY
    unit: str = "m"

    def describe(self) -> str:
        return f"straight-line distance x {self.circuity:g} (circuity)"

    def matrix(self, lat1, lon1, lat2, lon2, origin_ids=None, destination_ids=None) -> np.ndarray:
        return haversine_m(lat1, lon1, lat2, lon2) * self.circuity


@dataclass(frozen=True)
class TravelMatrix:
    path: Path
    unit: str  # "min" or "m"
    costs: dict[tuple[str, str], float]

    def describe(self) -> str:
        what = "travel time (minutes)" if self.unit == "min" else "travel distance"
        return f"{what} from {self.path.name}"

    @classmethod
    def from_csv(cls, path: Path) -> "TravelMatrix":
        path = Path(path)
        try:
            handle = path.open(newline="", encoding="utf-8-sig")
        except FileNotFoundError as exc:
            raise PlacesError(f"{path}: no such file") from exc
        with handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            for needed in ("origin", "destination"):
                if needed not in header:
                    raise PlacesError(f"{path}: header: no column {needed!r}")
            cost_columns = [c for c in UNITS if c in header]
            if len(cost_columns) != 1:
                raise PlacesError(
                    f"{path}: header: expected exactly one of minutes, metres or km, "
                    f"found {cost_columns or 'none'}"
                )
            column = cost_columns[0]
            scale = 1000.0 if column == "km" else 1.0
            costs: dict[tuple[str, str], float] = {}
            for number, row in enumerate(reader, start=2):
                row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
                origin, destination = row["origin"], row["destination"]
                for name in ("origin", "destination"):
                    if not row[name]:
                        raise PlacesError(f"{path}: row {number}: field {name}: empty")
                try:
                    value = float(row[column])
                except ValueError as exc:
                    raise PlacesError(
                        f"{path}: row {number}: field {column}: {row[column]!r} is not a number"
                    ) from exc
                if not np.isfinite(value) or value < 0:
                    raise PlacesError(
                        f"{path}: row {number}: field {column}: {value} is not a number >= 0"
                    )
                costs[(origin, destination)] = value * scale
        if not costs:
            raise PlacesError(f"{path}: no rows")
        return cls(path, UNITS[column], costs)

    def matrix(self, lat1, lon1, lat2, lon2, origin_ids=None, destination_ids=None) -> np.ndarray:
        if origin_ids is None or destination_ids is None:
            raise PlacesError(f"{self.path}: a travel matrix needs origin and destination ids")
        out = np.empty((len(origin_ids), len(destination_ids)))
        for i, origin in enumerate(origin_ids):
            for j, destination in enumerate(destination_ids):
                try:
                    out[i, j] = self.costs[(str(origin), str(destination))]
                except KeyError:
                    raise PlacesError(
                        f"{self.path}: no row for origin {origin!r} and destination {destination!r}"
                    ) from None
        return out


def distance_model(travel_matrix: Path | None, circuity: float = CIRCUITY):
    """The model a command uses: the matrix file when given, else straight line x circuity."""
    if travel_matrix is not None:
        return TravelMatrix.from_csv(travel_matrix)
    if not circuity >= 1.0:
        raise PlacesError(f"--circuity {circuity}: must be 1 or more")
    return StraightLine(circuity)


def threshold(model, km: float) -> float:
    """A threshold given in km (or minutes, for a minutes matrix) in the model's unit."""
    return km if model.unit == "min" else km * 1000.0
