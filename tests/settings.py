"""Settings for the test suite: the product's settings with test-safe defaults.

The environment still wins (DATABASE_URL picks PostgreSQL for `.ci/run`).
"""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("LOCALITY_REQUIRE_TOTP", "0")
os.environ.setdefault("LOCALITY_PSEUDONYM_KEY", "test-only-pseudonym-key-" + "y" * 40)
os.environ.setdefault(
    "LOCALITY_DATA_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test")
)

from locality.config.settings import *  # noqa: E402,F403
from locality.config.settings import PASSWORD_HASHERS as PRODUCT_PASSWORD_HASHERS  # noqa: E402

# Argon2 stays available (and is what the product uses: see test_settings.py);
# a fast hasher first keeps factories quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PRODUCT_PASSWORD_HASHERS]
LOCALITY_MAP_TILES = ""  # no network in tests: maps draw our LSOA outlines, no tiles
