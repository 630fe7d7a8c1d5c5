"""The ORUK query parameters (their meaning is in the package docstring)."""

import datetime as dt

from ninja import Field, Schema
from pydantic import field_validator

DAY_NAMES = {
    "MO": "MONDAY", "TU": "TUESDAY", "WE": "WEDNESDAY", "TH": "THURSDAY", "FR": "FRIDAY",
    "SA": "SATURDAY", "SU": "SUNDAY",
}  # fmt: skip


# The class docstring is published: it is the schema's description in /oruk/openapi.json.
class ServiceFilters(Schema):
    """The ORUK filters; their meaning is in the module docstring."""

    search: str | None = Field(None, description="Full text search.")
    taxonomy_term_id: str | None = Field(None, description="Services with this taxonomy term.")
    taxonomy_id: str | None = Field(None, description="Services with a term of this taxonomy.")
    minimum_age: float | None = Field(None, ge=0, description="Minimum age at least this.")
    maximum_age: float | None = Field(None, ge=0, description="Maximum age at most this.")
    start_time: dt.time | None = Field(None, description="A session starting at or after.")
    end_time: dt.time | None = Field(None, description="A session ending at or before.")
    day: str | None = Field(None, description="A session on this day: MO...SU or Monday.")
    modified_after: dt.datetime | None = Field(None, description="Modified on or after.")

    @field_validator("day")
    @classmethod
    def _rrule_day(cls, value: str | None) -> str | None:
        if value is None:
            return None
        text = value.strip().upper()
        for code, name in DAY_NAMES.items():
            if text in (code, name, name[:3]):
                return code
        raise ValueError("use a day as MO, TU, WE, TH, FR, SA, SU or its English name")


class LocationFilters(ServiceFilters):
    postcode: str | None = Field(None, description="Covering this postcode; nearest first.")
    proximity: float | None = Field(None, gt=0, description="Metres from the postcode.")
