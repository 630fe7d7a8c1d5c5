"""Keyed pseudonyms: HMAC-SHA256 of a person's primary key under LOCALITY_PSEUDONYM_KEY.

Plain functions with no access check: services call them after `access.authorise`.
`resolve` is a lookup in the table filled on export, never a search over people.
"""

import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings

from locality.core.env_utils import SettingError
from locality.population.key_utils import missing_key_message
from locality.population.models import Pseudonym

CHUNK = 500  # ids per IN (...) query: under SQLite's variable limit


def current_key() -> bytes:
    key = getattr(settings, "LOCALITY_PSEUDONYM_KEY", "")
    if not key:
        raise SettingError(missing_key_message())
    return key.encode()


def key_version(key: bytes | None = None) -> str:
    """A fingerprint of the key (not the key): rows made under another key differ."""
    digest = hmac.new(key or current_key(), b"locality key version", hashlib.sha256)
    return digest.hexdigest()[:12]


def _digest(message: str, key: bytes | None) -> str:
    return hmac.new(key or current_key(), message.encode(), hashlib.sha256).hexdigest()


def pseudonym_for(person, *, key: bytes | None = None) -> str:
    """The person's pseudonym under the key: 64 hex characters, the same every time."""
    if person.pk is None:
        raise ValueError("a person needs a primary key before it has a pseudonym")
    return pseudonym_for_id(person.pk, key=key)


def pseudonym_for_id(person_id: int, *, key: bytes | None = None) -> str:
    return _digest(f"person:{person_id}", key)


def household_pseudonym(household_id: int, *, key: bytes | None = None) -> str:
    """A household's id in exports; never resolved, so it is not stored."""
    return _digest(f"household:{household_id}", key)


def resolve(pseudonym: str):
    """The person exported under ``pseudonym`` (any key version), or None."""
    row = (
        Pseudonym.objects.select_related("person")
        .filter(value=str(pseudonym).strip().lower())
        .first()
    )
    return row.person if row is not None else None


def known(values: Iterable[str]) -> set[str]:
    """Which of ``values`` are stored pseudonyms."""
    found: set[str] = set()
    values = list(values)
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        found.update(Pseudonym.objects.filter(value__in=chunk).values_list("value", flat=True))
    return found


def pseudonyms_store(person_ids: Iterable[int], *, key: bytes | None = None) -> int:
    """Store the current key's pseudonym of each person (once); returns rows written."""
    key = key or current_key()
    version = key_version(key)
    ids, written = list(person_ids), 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        stored = set(
            Pseudonym.objects.filter(key_version=version, person_id__in=chunk).values_list(
                "person_id", flat=True
            )
        )
        rows = [
            Pseudonym(person_id=pk, value=pseudonym_for_id(pk, key=key), key_version=version)
            for pk in chunk
            if pk not in stored
        ]
        Pseudonym.objects.bulk_create(rows, batch_size=CHUNK)
        written += len(rows)
    return written
