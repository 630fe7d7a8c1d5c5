from locality.governance import audit


def test_audit_record_chains_hashes(db, coordinator, person):
    first = audit.record(actor=coordinator, action="read", person=person, obj=person)
    second = audit.record(actor=coordinator, action="read", person=person, obj=person)
    assert second.prev_hash == first.hash
    assert audit.verify().ok
