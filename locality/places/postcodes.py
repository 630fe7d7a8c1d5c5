"""UK postcodes: check and normalise what people type, find where a postcode is.

The points come from ONS's postcode lookup with OS Code-Point Open centroids
(`data/york/postcodes.csv.gz`, see its SOURCE.md), loaded by `load_postcodes_csv`.
A postcode's centroid is the middle of about 15 addresses, good to a few tens of metres.

>>> normalise_postcode(" yo17hh ")
'YO1 7HH'
>>> normalise_postcode("YO1 7H") is None
True
"""

import csv
import gzip
import io
import re
from pathlib import Path

from django.db import transaction

from locality.places.models import Postcode

# The Royal Mail format: outward code (area, district, sub-district) then inward code.
# The letters each position may hold are restricted (no Q, V or X first, and so on).
_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9]{1,2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
POSTCODE_RE = re.compile(rf"^(?:({_OUTWARD})({_INWARD})|(GIR)(0AA))$")
CSV_COLUMNS = ("pcds", "lat", "lon", "lsoa11cd")
BATCH = 2000


def normalise_postcode(text: str | None) -> str | None:
    """The postcode in its standard form ("YO1 7HH"), or None if it is not a UK postcode."""
    if not text:
        return None
    squashed = re.sub(r"\s+", "", text).upper()
    match = POSTCODE_RE.match(squashed)
    if match is None:
        return None
    outward, inward = (match.group(1), match.group(2)) if match.group(1) else ("GIR", "0AA")
    return f"{outward} {inward}"


def postcode_point(postcode: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) of a postcode we hold, whatever its spacing or case; else None."""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return None
    row = Postcode.objects.filter(postcode=normalised).values_list("latitude", "longitude").first()
    return (row[0], row[1]) if row else None


def load_postcodes_csv(path: str | Path) -> int:
    """Add or update postcodes from a CSV (or .csv.gz) with columns pcds, lat, lon, lsoa11cd.

    Loading the same file twice changes nothing. Rows without coordinates are skipped;
    a postcode that is not in the UK format stops the load, naming the row.
    Returns the number of postcodes written.
    """
    rows = [_postcode_from(number, row) for number, row in _read(Path(path))]
    postcodes = [p for p in rows if p is not None]
    with transaction.atomic():
        for start in range(0, len(postcodes), BATCH):
            Postcode.objects.bulk_create(
                postcodes[start : start + BATCH],
                update_conflicts=True,
                unique_fields=["postcode"],
                update_fields=["latitude", "longitude", "lsoa_code"],
            )
    return len(postcodes)


def _read(path: Path):
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    yield from enumerate(reader, start=2)  # row 1 is the header


def _postcode_from(number: int, row: dict) -> Postcode | None:
    postcode = normalise_postcode(row["pcds"])
    if postcode is None:
        raise ValueError(f"row {number}: {row['pcds']!r} is not a UK postcode")
    if not row["lat"].strip() or not row["lon"].strip():
        return None
    return Postcode(
        postcode=postcode,
        latitude=float(row["lat"]),
        longitude=float(row["lon"]),
        lsoa_code=row["lsoa11cd"].strip(),
    )
