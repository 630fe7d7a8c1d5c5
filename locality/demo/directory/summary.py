"""Reading a generated directory back: staleness, and counts of what it holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from locality.demo.directory.generate import DEFAULT_REFERENCE_DATE
from locality.demo.directory.taxonomy import COMMUNITY_ASSET, entry_kind, has_flag

STALE_AFTER_DAYS = 90


def is_stale(
    service: Mapping[str, Any], reference_date: date, days: int = STALE_AFTER_DAYS
) -> bool:
    """True if the service was last assured more than ``days`` before ``reference_date``."""
    assured = service.get("assured_date")
    return not assured or (reference_date - date.fromisoformat(assured)).days > days


def _physical(service: Mapping[str, Any]) -> list[dict]:
    return [
        sal["location"]
        for sal in service.get("service_at_locations", [])
        if sal["location"]["location_type"] == "physical"
    ]


def directory_summary(
    directory: Mapping[str, Any], reference_date: date = DEFAULT_REFERENCE_DATE
) -> dict[str, Any]:
    """Counts for a generated directory: entries, assets, stale, confidential, locations..."""
    services = directory["services"]
    locations = {location["id"] for service in services for location in _physical(service)}
    return {
        "services": len(services),
        "community_assets": sum(entry_kind(s) == COMMUNITY_ASSET for s in services),
        "stale": sum(is_stale(s, reference_date) for s in services),
        "confidential": sum(has_flag(s) for s in services),
        "known_duplicates": len(directory.get("known_duplicates", [])),
        "status": dict(Counter(s["status"] for s in services)),
        "online_or_phone_only": sum(not _physical(s) for s in services),
        "distinct_physical_locations": len(locations),
        "organizations": len({s["organization_id"] for s in services}),
    }
