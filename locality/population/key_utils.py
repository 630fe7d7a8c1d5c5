"""The pseudonymisation key, read by settings.py (no Django imports here).

``LOCALITY_PSEUDONYM_KEY`` keys the HMAC that turns a person's primary key into the
pseudonym analysts see. Outside the demo it comes from the environment and nothing that
makes or resolves a pseudonym works without it; the demo derives one from its SECRET_KEY.
"""

import hashlib
import hmac
import os

from locality.core.env_utils import SettingError

MIN_LENGTH = 32
HINT = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"


def pseudonym_key(secret_key: str, demo: bool) -> str:
    """The key from the environment; in the demo, one derived from SECRET_KEY; else ""."""
    key = os.environ.get("LOCALITY_PSEUDONYM_KEY", "").strip()
    if key:
        if len(key) < MIN_LENGTH:
            raise SettingError(
                f"LOCALITY_PSEUDONYM_KEY is {len(key)} characters; use at least {MIN_LENGTH} "
                f"random ones ({HINT})."
            )
        return key
    if demo:
        return derived_demo_key(secret_key)
    return ""


def derived_demo_key(secret_key: str) -> str:
    message = b"locality pseudonym key, demo only"
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def missing_key_message() -> str:
    return (
        "LOCALITY_PSEUDONYM_KEY is not set. Set it to a long random string kept apart from "
        f"the database ({HINT}), or set LOCALITY_DEMO=1 for the embedded demo. "
        "See docs/decisions/0009-pseudonymised-outreach-lists.md before changing it."
    )
