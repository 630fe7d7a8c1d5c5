import hashlib
import json

from django.db import models

from locality.core.classification import OPERATIONAL, PSEUDONYMOUS

GENESIS_HASH = "0" * 64

# The fields that make up an event's hash, in order. Changing this list
# changes every hash: see docs/decisions/0001-write-path-and-audit.md.
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "request_id",
    "actor_id",
    "actor",
    "organisation_id",
    "organisation",
    "role",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "person",
    "purpose",
    "detail",
    "prev_hash",
)


class AuditEvent(models.Model):
    """One read, create, change, export or refused attempt on personal data.

    Append-only and hash-chained: each event's hash covers its fields and the
    previous event's hash. No foreign keys, so it never blocks or is blocked by
    live data; the person is held by pseudonymous id.
    """

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", "Allowed"
        REFUSED = "refused", "Refused"

    seq = models.PositiveBigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    request_id = models.CharField(max_length=64, blank=True, default="")
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor = models.CharField(max_length=254)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    organisation = models.CharField(max_length=200, blank=True, default="")
    role = models.CharField(max_length=30, blank=True, default="")
    action = models.CharField(max_length=40, db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    object_type = models.CharField(max_length=60, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, default="")
    person = models.CharField(max_length=32, blank=True, default="", db_index=True)
    purpose = models.CharField(max_length=60, blank=True, default="")
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    DATA_CLASSIFICATION = {
        "seq": OPERATIONAL,
        "occurred_at": OPERATIONAL,
        "request_id": OPERATIONAL,
        "actor_id": OPERATIONAL,
        "actor": OPERATIONAL,
        "organisation_id": OPERATIONAL,
        "organisation": OPERATIONAL,
        "role": OPERATIONAL,
        "action": OPERATIONAL,
        "outcome": OPERATIONAL,
        "object_type": OPERATIONAL,
        "object_id": PSEUDONYMOUS,
        "person": PSEUDONYMOUS,
        "purpose": OPERATIONAL,
        "detail": PSEUDONYMOUS,
        "prev_hash": OPERATIONAL,
        "hash": OPERATIONAL,
    }

    class Meta:
        ordering = ["seq"]

    def __str__(self):
        return f"audit event {self.seq}: {self.actor} {self.action} {self.person} {self.outcome}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("AuditEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("AuditEvent is append-only")

    def compute_hash(self) -> str:
        return hash_fields({name: getattr(self, name) for name in HASHED_FIELDS})


def hash_fields(values: dict) -> str:
    canonical = dict(values)
    canonical["occurred_at"] = canonical["occurred_at"].isoformat(timespec="microseconds")
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


class AuditChainHead(models.Model):
    """The last event's sequence number and hash, so a deleted tail is noticed.

    One row; taking it FOR UPDATE serialises writers to the chain.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    DATA_CLASSIFICATION = {"id": OPERATIONAL, "seq": OPERATIONAL, "hash": OPERATIONAL}
