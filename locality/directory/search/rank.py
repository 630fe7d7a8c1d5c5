"""The order of the results (see the package docstring) and what counts as fresh."""

import datetime as dt
import math

from django.utils import timezone

FRESH_DAYS = 365


def is_fresh(service, today: dt.date | None = None) -> bool:
    """Assured (checked by a person) in the last 12 months."""
    today = today or timezone.localdate()
    assured = service.assured_date
    return assured is not None and (today - assured).days <= FRESH_DAYS


def rank_key(with_text: bool):
    """A sort key for `match.Match`: name match, distance, freshness, text rank, name, id."""
    today = timezone.localdate()

    def key(match):
        candidate = match.candidate
        return (
            0 if (match.name_match or not with_text) else 1,
            math.inf if match.distance_m is None else match.distance_m,
            0 if is_fresh(candidate, today) else 1,
            -candidate.text_rank,
            candidate.name.casefold(),
            candidate.id,
        )

    return key
