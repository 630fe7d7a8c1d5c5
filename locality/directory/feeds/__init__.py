"""The front half of the directory import: read Open Referral feeds and validate them.

Pure Python (no Django): `read_feed(path)` reads HSDS 3.0 / ORUK v3 JSON, HSDS tabular
datapackages and ORUK v1 lists into HSDS 3.0 fully nested services; `validate_feed(feed)` checks
them against the official schemas in `data/openreferral` and Locality's own rules.
"""

from locality.directory.feeds.feed import Feed
from locality.directory.feeds.problems import Problem
from locality.directory.feeds.readers import detect_format, read_feed
from locality.directory.feeds.schemas import validate_service, validator_for
from locality.directory.feeds.validate import validate_feed

__all__ = [
    "Feed",
    "Problem",
    "detect_format",
    "read_feed",
    "validate_feed",
    "validate_service",
    "validator_for",
]
