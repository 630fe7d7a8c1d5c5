"""Keeping the directory true: owners confirm services, stale ones are flagged, residents
suggest assets, directory editors moderate them and merge duplicates found across feeds.

- `services`: the writes (confirm, flag stale, find, merge and dismiss duplicates);
- `suggestions`: residents' suggestions and their moderation (writes);
- `selectors`: the reads the stewardship pages need, and the facts the matcher compares;
- `matching`: the duplicate score, documented there (pure Python, no database);
- `common`: the stale rule and the metadata helpers the others share.

Callers import from here: `from locality.directory import stewardship as st`.
"""

from .common import (
    ACTIVE,
    PURPOSE,
    STALE_DAYS,
    StewardshipNotFound,
    is_stale,
    is_unverified,
)
from .matching import (
    CONTACT_WEIGHT,
    MAX_BLOCK,
    MIN_SCORE,
    NAME_WEIGHT,
    NEAR_METRES,
    NEAR_WEIGHT,
    PLACE_WEIGHT,
    SHARED_DOMAINS,
    STOP_WORDS,
    ServiceFacts,
    find_places,
    match_pairs,
    metres_between,
    name_similarity,
    normalise_name,
    normalise_phone,
    pair_score,
)
from .selectors import (
    duplicate_comparison,
    duplicate_get_for_review,
    duplicates_list_open,
    service_facts,
    service_get,
    services_list_owned,
    services_list_unverified,
    suggestion_get_for_review,
    suggestions_list_pending,
)
from .services import (
    SERVICE_CHILDREN,
    duplicate_dismiss,
    duplicate_merge,
    duplicates_find,
    service_assure,
    services_flag_stale,
)
from .suggestions import (
    ASSET_TAXONOMY,
    SUGGESTION_FIELDS,
    SUGGESTION_SOURCE,
    suggestion_accept,
    suggestion_reject,
    suggestion_submit,
)

__all__ = [
    "ACTIVE",
    "ASSET_TAXONOMY",
    "CONTACT_WEIGHT",
    "MAX_BLOCK",
    "MIN_SCORE",
    "NAME_WEIGHT",
    "NEAR_METRES",
    "NEAR_WEIGHT",
    "PLACE_WEIGHT",
    "PURPOSE",
    "SERVICE_CHILDREN",
    "SHARED_DOMAINS",
    "STALE_DAYS",
    "STOP_WORDS",
    "SUGGESTION_FIELDS",
    "SUGGESTION_SOURCE",
    "ServiceFacts",
    "StewardshipNotFound",
    "duplicate_comparison",
    "duplicate_dismiss",
    "duplicate_get_for_review",
    "duplicate_merge",
    "duplicates_find",
    "duplicates_list_open",
    "find_places",
    "is_stale",
    "is_unverified",
    "match_pairs",
    "metres_between",
    "name_similarity",
    "normalise_name",
    "normalise_phone",
    "pair_score",
    "service_assure",
    "service_facts",
    "service_get",
    "services_flag_stale",
    "services_list_owned",
    "services_list_unverified",
    "suggestion_accept",
    "suggestion_get_for_review",
    "suggestion_reject",
    "suggestion_submit",
    "suggestions_list_pending",
]
