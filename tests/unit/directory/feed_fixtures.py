"""Paths to the Open Referral fixtures (see tests/fixtures/openreferral/SOURCE.md)."""

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "openreferral"
HSDS = FIXTURES / "hsds_3.0_spec" / "examples"
ORUK = FIXTURES / "oruk_uk_profile" / "examples"
BRISTOL = FIXTURES / "real_bristol_oruk_v1" / "bristol_council_oruk_services.json"

# Every location in the official examples has latitude 100, which Locality's range check
# reports (the schema has no range); these are the paths, per example, where it is found.
LATITUDE_100 = {
    "service_full.json": {
        "hsds": ["service_at_locations[0].location.latitude", "organization.locations[0].latitude"],
        "oruk": ["service_at_locations[0].location.latitude"],
    },
    "organization_full.json": {
        "hsds": ["service_at_locations[0].location.latitude", "organization.locations[0].latitude"],
        "oruk": ["service_at_locations[0].location.latitude"],
    },
    "service_at_location_full.json": {
        "hsds": ["organization.locations[0].latitude", "service_at_locations[0].location.latitude"],
        "oruk": ["service_at_locations[0].location.latitude"],
    },
    "service_at_location_list.json": {
        "hsds": ["service_at_locations[0].location.latitude"],
        "oruk": ["service_at_locations[0].location.latitude"],
    },
    "csv": {
        "hsds": ["service_at_locations[0].location.latitude"],
        "oruk": ["service_at_locations[0].location.latitude"],
    },
}


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))
