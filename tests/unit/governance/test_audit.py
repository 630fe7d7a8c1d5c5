import pytest
from django.db import connection

from locality.governance import audit
from locality.governance.models import AuditChainHead, AuditEvent


def _chain(actor, person, n=5):
    return [audit.record(actor=actor, action="read", person=person, obj=person) for _ in range(n)]


def test_audit_chain_links_each_event_to_the_last(coordinator, person):
    events = _chain(coordinator, person)
    assert events[0].prev_hash == "0" * 64
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
        assert after.seq == before.seq + 1
    assert audit.verify().ok and audit.verify().checked == 5


def test_audit_event_refuses_update_and_delete(coordinator, person):
    event = _chain(coordinator, person, 1)[0]
    event.actor = "someone else"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_audit_verify_names_an_edited_event(coordinator, person):
    events = _chain(coordinator, person)
    _raw("UPDATE governance_auditevent SET actor = %s WHERE seq = %s", ["mallory", events[2].seq])
    result = audit.verify()
    assert not result.ok
    assert result.bad_seq == events[2].seq
    assert "was changed" in result.problem


def test_audit_verify_names_an_event_whose_hash_was_recomputed(coordinator, person):
    from locality.governance.models.audit import HASHED_FIELDS, hash_fields

    events = _chain(coordinator, person)
    forged = events[1]
    values = {k: getattr(forged, k) for k in HASHED_FIELDS} | {"actor": "mallory"}
    _raw(
        "UPDATE governance_auditevent SET actor = %s, hash = %s WHERE seq = %s",
        ["mallory", hash_fields(values), forged.seq],
    )
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, forged.seq)


def test_audit_verify_names_a_deleted_event(coordinator, person):
    events = _chain(coordinator, person)
    _raw("DELETE FROM governance_auditevent WHERE seq = %s", [events[3].seq])
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, events[3].seq)
    assert "missing" in result.problem


def test_audit_verify_notices_the_last_event_deleted(coordinator, person):
    events = _chain(coordinator, person)
    _raw("DELETE FROM governance_auditevent WHERE seq = %s", [events[-1].seq])
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, events[-1].seq)


def test_audit_verify_on_empty_log_is_ok(db):
    assert audit.verify().ok


def test_audit_record_many_keeps_one_chain(coordinator, person):
    audit.record(actor=coordinator, action="read", person=person)
    audit.record_many(
        audit.event_fields(actor=coordinator, action="read", person=person) for _ in range(3)
    )
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [1, 2, 3, 4]
    assert AuditChainHead.objects.get().seq == 4
    assert audit.verify().ok


def test_audit_event_carries_request_id(coordinator, person):
    from locality.core.middleware import set_request_id

    set_request_id("req-1234567890")
    try:
        event = audit.record(actor=coordinator, action="read", person=person)
    finally:
        set_request_id("")
    assert AuditEvent.objects.get(pk=event.pk).request_id == "req-1234567890"


def test_audit_event_has_no_foreign_keys():
    assert not [f for f in AuditEvent._meta.concrete_fields if f.is_relation]


def test_audit_verify_names_event_whose_link_was_edited(coordinator, person):
    events = _chain(coordinator, person)
    _raw("UPDATE governance_auditevent SET prev_hash = %s WHERE seq = %s", ["f" * 64, 3])
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, events[2].seq)


def test_audit_verify_names_event_whose_sequence_number_was_edited(coordinator, person):
    _chain(coordinator, person)
    _raw("UPDATE governance_auditevent SET seq = 99 WHERE seq = 2")
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, 2)


def test_audit_verify_notices_an_event_appended_outside_locality(coordinator, person):
    from locality.governance.models.audit import HASHED_FIELDS, hash_fields

    last = _chain(coordinator, person)[-1]
    values = {k: getattr(last, k) for k in HASHED_FIELDS} | {"seq": 6, "prev_hash": last.hash}
    forged = AuditEvent(**values, hash=hash_fields(values))
    AuditEvent.objects.bulk_create([forged])
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, 6)
    assert "outside Locality" in result.problem


def _other_value(field, value):
    from datetime import timedelta

    if field.get_internal_type() == "JSONField":
        return '{"forged": true}'
    if field.get_internal_type() == "DateTimeField":
        return value + timedelta(seconds=1)
    if isinstance(value, int) or value is None and "id" in field.name:
        return (value or 0) + 1000
    text = value or ""
    return text[:-1] + ("x" if text[-1:] != "x" else "y") if text else "x"


EDITABLE_COLUMNS = [f.name for f in AuditEvent._meta.concrete_fields if f.name != "seq"]


@pytest.mark.parametrize("column", EDITABLE_COLUMNS)
def test_audit_verify_detects_a_change_to_any_column(coordinator, person, column):
    events = _chain(coordinator, person)
    field = AuditEvent._meta.get_field(column)
    target = events[2]
    _raw(
        f"UPDATE governance_auditevent SET {field.column} = %s WHERE seq = %s",
        [_other_value(field, getattr(target, column)), target.seq],
    )
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, target.seq), result.problem
