"""`locality population export` and `import-outreach`: exit codes 0, 1 (refused), 2 (input)."""

import csv
import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from locality.governance.models import AuditEvent
from locality.population.models import OutreachList
from tests.factories import PersonFactory
from tests.factories.population_web import NeighbourhoodFactory, cohort_csv, cohort_rows


def run(*args) -> str:
    out = io.StringIO()
    call_command("population", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fails(*args) -> CommandError:
    with pytest.raises(CommandError) as exc:
        run(*args)
    return exc.value


@pytest.fixture
def north(db):
    return NeighbourhoodFactory(name="North")


def test_export_as_the_operator(tmp_path, db):
    PersonFactory(), PersonFactory()
    out = run("export", "--out", str(tmp_path / "extract"))
    assert out.startswith(f"wrote 2 persons to {tmp_path / 'extract' / 'persons.csv'}")
    with (tmp_path / "extract" / "persons.csv").open() as f:
        assert len(list(csv.DictReader(f))) == 2
    assert AuditEvent.objects.get(action="export").actor.startswith("cli:")


def test_export_as_a_named_ig_lead(tmp_path, ig_lead, person):
    run("export", "--out", str(tmp_path), "--by", ig_lead.email)
    assert AuditEvent.objects.get(action="export").actor == ig_lead.email


def test_export_by_a_coordinator_is_refused_with_exit_1(tmp_path, coordinator, person):
    error = fails("export", "--out", str(tmp_path / "x"), "--by", coordinator.email)
    assert error.returncode == 1 and "may not population.export" in str(error)
    assert not (tmp_path / "x").exists()


def test_export_without_a_key_exits_2_with_a_hint(tmp_path, person, settings):
    settings.LOCALITY_PSEUDONYM_KEY = ""
    error = fails("export", "--out", str(tmp_path))
    assert error.returncode == 2 and "LOCALITY_PSEUDONYM_KEY is not set" in str(error)


def test_import_outreach(tmp_path, coordinator, team, north):
    path = cohort_csv(tmp_path / "frail.csv", cohort_rows([PersonFactory(), PersonFactory()]))
    out = run("import-outreach", str(path), "--neighbourhood", "North", "--by", coordinator.email)
    created = OutreachList.objects.get()
    assert out.strip() == (
        f"imported 2 people as outreach list {created.pk} (frail-living-alone v1) for {team.name}"
    )
    assert created.source_file == "frail.csv"


def test_import_outreach_with_a_bad_row_exits_2_naming_it(tmp_path, coordinator, north):
    rows = cohort_rows([PersonFactory(), PersonFactory()])
    rows[0]["neighbourhood"] = "East"
    path = cohort_csv(tmp_path / "frail.csv", rows)
    error = fails(
        "import-outreach", str(path), "--neighbourhood", "North", "--by", coordinator.email
    )
    assert error.returncode == 2
    assert "frail.csv, row 1, column neighbourhood: is 'East', not 'North'" in str(error)
    assert not OutreachList.objects.exists()


@pytest.mark.parametrize(
    "args,message",
    [
        (["--neighbourhood", "North"], "--by EMAIL is required"),
        (["--neighbourhood", "Atlantis", "--by", "coordinator@example.org"], "no neighbourhood"),
        (["--neighbourhood", "North", "--by", "nobody@example.org"], "no active staff user"),
    ],
)
def test_import_outreach_usage_errors_exit_2(tmp_path, coordinator, north, args, message):
    path = cohort_csv(tmp_path / "frail.csv", cohort_rows([PersonFactory()]))
    error = fails("import-outreach", str(path), *args)
    assert error.returncode == 2 and message in str(error)


def test_import_outreach_of_a_missing_file_exits_2(tmp_path, coordinator, north):
    error = fails(
        "import-outreach",
        str(tmp_path / "nope.csv"),
        "--neighbourhood",
        "North",
        "--by",
        coordinator.email,
    )
    assert error.returncode == 2 and "no such file" in str(error)


def test_import_outreach_by_an_analyst_is_refused_with_exit_1(tmp_path, analyst, north):
    path = cohort_csv(tmp_path / "frail.csv", cohort_rows([PersonFactory()]))
    error = fails("import-outreach", str(path), "--neighbourhood", "North", "--by", analyst.email)
    assert error.returncode == 1
    assert AuditEvent.objects.get(outcome="refused").actor == analyst.email


def test_console_script_without_a_key_outside_the_demo_exits_2(tmp_path):
    """A real process with the product's settings: no key, no pseudonyms, a hint."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LOCALITY_PSEUDONYM_KEY", "LOCALITY_DEMO", "LOCALITY_DEBUG")
    }
    env |= {
        "SECRET_KEY": "x" * 50,
        "LOCALITY_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/y.db",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "locality", "population", "export", "--out", str(tmp_path / "x")],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "LOCALITY_PSEUDONYM_KEY is not set" in result.stderr
    assert not (tmp_path / "x" / "persons.csv").exists()
