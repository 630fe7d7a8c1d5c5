"""The `locality` commands, in-process against the test database (SQLite or PostgreSQL)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from locality.governance.models import AuditEvent
from locality.people.selectors import person_get_for_user


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_audit_verify_intact(coordinator, person_on_caseload):
    person_get_for_user(coordinator, person_on_caseload.pseudo_id)
    assert "intact: 1 events" in run("audit", "verify")


def test_audit_verify_names_changed_event(coordinator, person_on_caseload):
    for _ in range(3):
        person_get_for_user(coordinator, person_on_caseload.pseudo_id)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE governance_auditevent SET purpose = 'x' WHERE seq = 2")
    with pytest.raises(CommandError, match="broken at event 2") as exc:
        run("audit", "verify")
    assert exc.value.returncode == 1


def test_export_person_lists_accesses(tmp_path, coordinator, person_on_caseload, stranger):
    from locality.people.selectors import PersonNotFound

    person_get_for_user(coordinator, person_on_caseload.pseudo_id)
    with pytest.raises(PersonNotFound):
        person_get_for_user(stranger, person_on_caseload.pseudo_id)
    out = tmp_path / "sar.json"
    run("governance", "export-person", person_on_caseload.pseudo_id, "--out", str(out))
    data = json.loads(out.read_text())
    assert data["person"]["nhs_number"] == person_on_caseload.nhs_number
    who = [(a["who"], a["outcome"]) for a in data["accesses"]]
    assert (coordinator.email, "allowed") in who
    assert (stranger.email, "refused") in who
    assert data["caseloads"][0]["team"] == coordinator.team_id
    export = AuditEvent.objects.get(action="export")
    assert export.actor.startswith("cli:") and export.person == person_on_caseload.pseudo_id


def test_export_person_by_named_user_needs_permission(tmp_path, coordinator, person, ig_lead):
    out = tmp_path / "sar.json"
    with pytest.raises(CommandError, match="may not export"):
        run(
            "governance",
            "export-person",
            person.pseudo_id,
            "--out",
            str(out),
            "--by",
            coordinator.email,
        )
    assert not out.exists()
    run("governance", "export-person", person.pseudo_id, "--out", str(out), "--by", ig_lead.email)
    assert json.loads(out.read_text())["person"]["id"] == person.id


def test_export_unknown_person_fails(tmp_path, db):
    with pytest.raises(CommandError, match="no person") as exc:
        run("governance", "export-person", "PNOPE", "--out", str(tmp_path / "x.json"))
    assert exc.value.returncode == 1


def test_token_create_prints_token_alone_on_last_line(client, coordinator):
    token = run("token", "create", coordinator.email).strip().splitlines()[-1]
    assert token.startswith("loc_")
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_token_create_unknown_email(db):
    with pytest.raises(CommandError, match="no staff user") as exc:
        run("token", "create", "nobody@example.org")
    assert exc.value.returncode == 2


def test_users_list_json(coordinator, ig_lead):
    rows = json.loads(run("users", "list", "--json"))
    mine = next(r for r in rows if r["email"] == coordinator.email)
    assert mine == {
        "email": coordinator.email,
        "name": coordinator.full_name,
        "organisation": coordinator.organisation.name,
        "team": coordinator.team.name,
        "role": "coordinator",
        "active": True,
    }
    assert next(r for r in rows if r["email"] == ig_lead.email)["team"] is None
