"""Write and verify the hash-chained audit log.

Every event is written by `record` inside the caller's transaction, after
taking the chain head row FOR UPDATE, so the chain is one line even with
several writers. See docs/decisions/0001-write-path-and-audit.md.
"""

import contextvars
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from locality.core.middleware import current_request_id
from locality.governance.models import AuditChainHead, AuditEvent
from locality.governance.models.audit import GENESIS_HASH, HASHED_FIELDS, hash_fields

READ = "read"
CREATE = "create"
CHANGE = "change"
EXPORT = "export"
BREAK_GLASS = "break_glass"
LOGIN = "login"


def _actor_fields(actor) -> dict:
    organisation = getattr(actor, "organisation", None)
    return {
        "actor_id": getattr(actor, "id", None),
        "actor": getattr(actor, "email", "") or "anonymous",
        "organisation_id": getattr(organisation, "id", None),
        "organisation": getattr(organisation, "name", ""),
        "role": getattr(actor, "role", "") or "",
    }


def event_fields(
    *, actor, action, outcome="allowed", person=None, obj=None, purpose="", detail=None
) -> dict:
    return {
        **_actor_fields(actor),
        "request_id": current_request_id(),
        "action": action,
        "outcome": outcome,
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(getattr(obj, "pseudo_id", None) or getattr(obj, "pk", "") or "")
        if obj is not None
        else "",
        "person": getattr(person, "pseudo_id", person or "") or "",
        "purpose": purpose,
        "detail": detail or {},
    }


_pending_refusals: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "pending_refusals", default=None
)


@contextmanager
def governed():
    """A transaction for a governed write whose refusals outlive its rollback.

    A refused attempt raises, and the raise rolls the transaction back; the
    refused events recorded inside are held aside and written once it has
    ended, so an attempt is never lost with the change it was refused.
    Use as a decorator (`@audit.governed()`) or a `with` block.
    """
    parent = _pending_refusals.get()
    mine: list[dict] = []
    token = _pending_refusals.set(mine)
    try:
        with transaction.atomic():
            yield
    finally:
        _pending_refusals.reset(token)
        if mine and parent is not None:
            parent.extend(mine)
        elif mine:
            record_many(mine)


def record(**kwargs) -> AuditEvent | None:
    """Append one event. Takes the same keywords as `event_fields`.

    Inside `governed`, a refused event is written when the transaction ends
    (and None is returned).
    """
    fields = event_fields(**kwargs)
    pending = _pending_refusals.get()
    if fields["outcome"] == "refused" and pending is not None:
        pending.append(fields)
        return None
    return record_many([fields])[0]


@transaction.atomic
def record_many(events: Iterable[dict]) -> list[AuditEvent]:
    head = _locked_head()
    now = timezone.now()
    rows = []
    for fields in events:
        values = {**fields, "seq": head.seq + 1, "occurred_at": now, "prev_hash": head.hash}
        values["hash"] = hash_fields({k: values[k] for k in HASHED_FIELDS})
        rows.append(AuditEvent(**values))
        head.seq, head.hash = values["seq"], values["hash"]
    AuditEvent.objects.bulk_create(rows, batch_size=500)
    head.save(update_fields=["seq", "hash"])
    return rows


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _ = AuditChainHead.objects.get_or_create(pk=1)
    return head


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    bad_seq: int | None = None
    problem: str = ""


def verify() -> Verification:
    """Walk the chain from the first event; report the first one that does not hold."""
    expected_prev, expected_seq, previous = GENESIS_HASH, 1, None
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        problem = _problem(event, expected_seq, expected_prev, previous)
        if problem is not None:
            bad_seq, text = problem
            return Verification(False, expected_seq - 1, bad_seq, text)
        expected_prev, expected_seq, previous = event.hash, event.seq + 1, event
    return _check_head(previous, expected_seq - 1)


def _problem(event, expected_seq, expected_prev, previous) -> tuple[int, str] | None:
    if event.seq != expected_seq:
        return expected_seq, (
            f"event {expected_seq} is missing: deleted, or its sequence number was changed "
            f"(the next event present is {event.seq})"
        )
    intact = event.compute_hash() == event.hash
    if not intact:
        return event.seq, f"event {event.seq} was changed: its fields no longer match its hash"
    if event.prev_hash != expected_prev:
        return previous.seq, (
            f"event {previous.seq} was changed: its hash no longer matches the link "
            f"stored in event {event.seq}"
        )
    return None


def _check_head(last, checked) -> Verification:
    head = AuditChainHead.objects.filter(pk=1).first()
    last_seq = last.seq if last else 0
    last_hash = last.hash if last else GENESIS_HASH
    if head is None or (head.seq, head.hash) == (last_seq, last_hash):
        return Verification(True, checked)
    if head.seq > last_seq:
        return Verification(
            False,
            checked,
            last_seq + 1,
            f"event {last_seq + 1} is missing: the chain head records "
            f"{head.seq} events but the log ends at {last_seq}",
        )
    if head.seq < last_seq:
        return Verification(
            False,
            head.seq,
            head.seq + 1,
            f"event {head.seq + 1} was added outside Locality: the chain "
            f"head records only {head.seq} events",
        )
    return Verification(
        False, checked - 1, last_seq, f"event {last_seq} does not match the chain head's hash"
    )
