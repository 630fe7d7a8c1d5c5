"""The gaps table as CSV: one row per neighbourhood x need, safe to open in a spreadsheet."""

import csv
import io
import math

from locality.analytics.places.access import DEFAULT_WITHIN_M
from locality.directory.gaps.records import NONE, GapRow
from locality.directory.gaps.table import gaps_table

CSV_HEADER = [
    "neighbourhood", "need_code", "need_name", "services_reachable", "residents",
    "residents_per_service", "lsoas_with_none_count", "lsoas_with_none",
    "residents_in_lsoas_with_none", "share_covered",
]  # fmt: skip


def gaps_csv(
    la_code: str, within_m: float = DEFAULT_WITHIN_M, *, need: str | None = None, out=None
):
    """Write the gaps table as CSV to `out` (any text file); without `out`, return the text."""
    target = out if out is not None else io.StringIO()
    writer = csv.writer(target)
    writer.writerow(CSV_HEADER)
    for row in gaps_table(la_code, within_m, need=need):
        writer.writerow(_csv_cells(row))
    return None if out is not None else target.getvalue()


def residents_per_service_text(value: float) -> str:
    """Whole residents per service, or "none" where no service is reachable."""
    return NONE if math.isinf(value) else f"{value:,.0f}"


def _csv_cells(row: GapRow) -> list:
    per_service = (
        NONE if math.isinf(row.residents_per_service) else round(row.residents_per_service)
    )
    share = "" if math.isnan(row.share_covered) else f"{row.share_covered:.3f}"
    return [
        _safe(row.neighbourhood), row.need_code, _safe(row.need_name), row.services_reachable,
        row.residents, per_service, len(row.lsoas_with_none), " ".join(row.lsoas_with_none),
        row.residents_with_none, share,
    ]  # fmt: skip


def _safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
