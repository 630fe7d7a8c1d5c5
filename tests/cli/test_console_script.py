"""The console script end to end, as an operator runs it: a fresh SQLite file."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

LOCALITY = [sys.executable, "-m", "locality"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "LOCALITY_DEMO")}
    env |= {
        "DATABASE_URL": f"sqlite:///{workdir / 'x.sqlite3'}",
        "LOCALITY_DATA_DIR": str(workdir / "var"),
        "DJANGO_SETTINGS_MODULE": "",
    }
    env.pop("DJANGO_SETTINGS_MODULE")
    result = subprocess.run(
        [*LOCALITY, "demo", "--no-serve", "--fraction", "0.005", "--directory-services", "150"],
        env=env,
        capture_output=True,
        text=True,
        cwd=workdir,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return workdir, env, result.stdout


def locality(env, cwd, *args):
    return subprocess.run(
        [*LOCALITY, *args], env=env, capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_demo_prints_logins_of_every_role(demo_db):
    _, _, stdout = demo_db
    for role in (
        "coordinator",
        "practitioner",
        "team_lead",
        "ig_lead",
        "analyst",
        "directory_editor",
        "administrator",
    ):
        assert role in stdout
    assert "120 LSOAs" in stdout


def test_demo_twice_duplicates_nothing(demo_db):
    workdir, env, _ = demo_db
    db = sqlite3.connect(workdir / "x.sqlite3")
    tables = [
        "people_person",
        "people_household",
        "governance_user",
        "governance_organisation",
        "governance_team",
        "places_lsoa",
        "plans_caseloadentry",
        "referrals_referral",
        "governance_consentrecord",
        "directory_service",
        "directory_location",
        "directory_metadata",
        "places_postcode",
    ]
    before = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    again = locality(
        env, workdir, "demo", "--no-serve", "--fraction", "0.005", "--directory-services", "150"
    )
    assert again.returncode == 0, again.stderr[-2000:]
    after = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    assert after == before
    assert before["places_lsoa"] == 120 and before["people_person"] > 500


def test_audit_verify_then_tamper_with_sqlite(demo_db, tmp_path):
    workdir, env, _ = demo_db
    ok = locality(env, workdir, "audit", "verify")
    assert ok.returncode == 0, ok.stderr
    copy = tmp_path / "tampered.sqlite3"
    source = sqlite3.connect(workdir / "x.sqlite3")
    source.backup(target := sqlite3.connect(copy))
    target.execute("UPDATE governance_auditevent SET actor = 'mallory' WHERE seq = 42")
    target.commit()
    tampered_env = env | {"DATABASE_URL": f"sqlite:///{copy}"}
    bad = locality(tampered_env, workdir, "audit", "verify")
    assert bad.returncode == 1
    assert "event 42" in bad.stderr


def test_export_person_and_token(demo_db, tmp_path):
    workdir, env, _ = demo_db
    db = sqlite3.connect(workdir / "x.sqlite3")
    pseudo_id = db.execute("SELECT pseudo_id FROM people_person ORDER BY id LIMIT 1").fetchone()[0]
    out = tmp_path / "sar.json"
    result = locality(env, workdir, "governance", "export-person", pseudo_id, "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["person"]["pseudo_id"] == pseudo_id
    assert data["accesses"][0]["action"] == "create"
    token = locality(env, workdir, "token", "create", "coordinator.north@york.example")
    assert token.returncode == 0 and token.stdout.strip().splitlines()[-1].startswith("loc_")
    users = json.loads(locality(env, workdir, "users", "list", "--json").stdout)
    assert len(users) == 13


def test_missing_secret_key_fails_loudly_outside_demo(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "LOCALITY_DEMO")}
    env |= {"LOCALITY_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/y.db"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = locality(env, tmp_path, "check")
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr
