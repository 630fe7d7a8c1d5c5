"""A problem found while reading or validating a feed: which file, which record, which field."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a feed.

    `record` is the service's `id` as it stands in `Feed.services` (for an ORUK v1 feed that is
    the new, derived id; `Feed.original_ids` maps it back, and the message ends with the feed's
    own id), or "record N" (1-based position in `Feed.services`) when the service has no id or
    shares it with another service; "(file)" for a problem with a whole file; "item N" for an
    entry of a JSON file that is not read at all; a taxonomy's or term's id for those.
    `field` is a path inside the record, such as `service_at_locations[0].location.latitude`;
    "" when the whole record or file is meant.
    """

    file: str
    record: str
    field: str
    message: str

    def format(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


def field_path(parts: Iterable[str | int]) -> str:
    """`["service_at_locations", 0, "location", "latitude"]` -> `service_at_locations[0]....`"""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
