"""`locality stratify run`: a thin wrapper over the stratification pipeline, run by a named
analyst or IG lead (decision 0010); exit codes, errors, the audit of runs and refusals."""

import io
import json

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from locality.analytics.population.synth import generate
from locality.governance.models import AuditEvent
from tests.factories import UserFactory
from tests.factories.population import dataset_folder

ANALYST = "analyst@example.org"


def run(*args, by=ANALYST) -> str:
    out = io.StringIO()
    actor = ["--by", by] if by else []
    call_command("stratify", "run", *args, *actor, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture(autouse=True)
def _analyst(analyst, monkeypatch):
    """Every run here is by the analyst unless a test says otherwise."""
    monkeypatch.delenv("LOCALITY_ACTOR", raising=False)
    assert analyst.email == ANALYST


def stratify_events():
    return list(AuditEvent.objects.filter(action="population.stratify").order_by("seq"))


@pytest.fixture(scope="module")
def york(tmp_path_factory):
    folder = tmp_path_factory.mktemp("york") / "omop"
    generate(300, folder, seed=2, format="omop", la_codes=("E06000014",))
    return folder


def test_stratify_run_writes_the_outputs_and_audits_the_run(york, tmp_path):
    out = tmp_path / "out"
    text = run("--input", str(york), "--format", "omop", "--out", str(out), "--as-of", "2024-07-01")
    assert text.startswith("stratified 300 people as of 2024-07-01 on duckdb in ")
    assert "people.parquet, plots/cohort_sizes.png" in text
    people = pq.read_table(out / "people.parquet")
    assert people.num_rows == 300
    assert {"segment", "reasons", "cohort_core20_frail", "score_efi", "n_ltc"} <= set(
        people.column_names
    )
    assert (out / "cohorts.csv").read_text().startswith("cohort,version,area_type,area,count\n")
    [event] = stratify_events()
    assert (event.actor, event.role, event.outcome) == (ANALYST, "analyst", "allowed")
    assert event.purpose == "population health analytics" and event.person == ""
    assert (event.detail["input"], event.detail["out"]) == (str(york.resolve()), str(out.resolve()))
    assert (event.detail["format"], event.detail["engine"]) == ("omop", "duckdb")
    assert (event.detail["result"], event.detail["people"]) == ("written", 300)
    assert event.detail["as_of"] == "2024-07-01" and event.detail["predict"] is False


def test_stratify_run_passes_duckdb_limits_and_records_them(york, tmp_path):
    out = tmp_path / "out"
    args = ("--input", str(york), "--format", "omop", "--out", str(out))
    run(*args, "--memory-limit", "1GB", "--threads", "1")
    assert pq.read_table(out / "people.parquet").num_rows == 300
    [event] = stratify_events()
    assert event.detail["engine_options"] == {"memory_limit": "1GB", "threads": 1}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "spark", "--memory-limit", "3GB"], "--memory-limit: DuckDB settings"),
        (["--threads", "0"], "--threads 0: must be 1 or more"),
        (["--memory-limit", "lots"], "--memory-limit 'lots': expected a size such as 3GB"),
    ],
)
def test_stratify_run_bad_engine_options_exit_2_before_anything_runs(tmp_path, args, message):
    with pytest.raises(CommandError, match=message) as raised:
        run("--input", str(tmp_path), "--out", str(tmp_path / "out"), *args)
    assert raised.value.returncode == 2
    assert stratify_events() == []


def test_stratify_run_with_the_admission_model(york, tmp_path):
    out = tmp_path / "out"
    run("--input", str(york), "--format", "omop", "--out", str(out), "--predict")
    report = json.loads((out / "prediction" / "report.json").read_text())
    assert report["t1"] == "2024-01-01" and 0 < report["auroc"] < 1
    assert (out / "prediction" / "calibration.png").stat().st_size > 1000


def test_stratify_run_bad_input_exits_2_naming_file_row_and_column(tmp_path):
    persons = "person_id | birth_date | sex\np1 | 1950-01-01 | female\np2 | 1950-02-01 | woman"
    folder = dataset_folder(tmp_path / "in", persons=persons)
    with pytest.raises(CommandError) as raised:
        run("--input", str(folder), "--out", str(tmp_path / "out"))
    assert raised.value.returncode == 2
    assert "persons.csv, row 2, column sex: 'woman' is not one of female" in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
    [event] = stratify_events()  # the run read the file: audited, without the file's values
    assert (event.outcome, event.detail["result"], event.detail["people"]) == (
        "allowed",
        "bad input",
        0,
    )
    assert "woman" not in str(event.detail)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "01/07/2024"], "--as-of '01/07/2024' is not a date"),
        (["--neighbourhoods", "missing.csv"], "missing.csv: cannot be read"),
        (["--format", "omop"], r"person.parquet or person.csv: is missing"),
    ],
)
def test_stratify_run_bad_arguments_exit_2(york, tmp_path, args, message):
    locality = tmp_path / "locality"
    generate(5, locality, seed=1)
    with pytest.raises(CommandError, match=message) as raised:
        run("--input", str(locality), "--out", str(tmp_path / "out"), *args)
    assert raised.value.returncode == 2
    assert not (tmp_path / "out").exists()


def test_stratify_run_needs_input_and_out():
    with pytest.raises(CommandError, match="the following arguments are required: --input"):
        run("--out", "somewhere")


@pytest.mark.parametrize("by", ["", "coordinator@example.org"])
def test_stratify_run_refused_exits_1_is_audited_and_writes_nothing(york, tmp_path, by, team):
    if by:
        UserFactory(email=by, role="coordinator", team=team)
    out = tmp_path / "out"
    with pytest.raises(CommandError, match="may not population.stratify") as raised:
        run("--input", str(york), "--format", "omop", "--out", str(out), by=by)
    assert raised.value.returncode == 1
    assert "--by EMAIL" in str(raised.value)
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == []
    [event] = stratify_events()
    assert event.outcome == "refused"
    if by:
        assert (event.actor, event.role) == (by, "coordinator")
    else:  # the command-line operator
        assert event.actor.startswith("cli:") and event.role == "system"
    assert event.detail["input"] == str(york.resolve()) and "result" not in event.detail


def test_stratify_run_by_the_ig_lead_passes_the_check(tmp_path, ig_lead):
    """The IG lead gets past the check (here to the bad-input exit, which is quicker)."""
    generate(5, tmp_path / "in", seed=1)
    with pytest.raises(CommandError, match="missing.csv") as raised:
        run("--input", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
            "--neighbourhoods", "missing.csv", by=ig_lead.email)  # fmt: skip
    assert raised.value.returncode == 2
    assert [(e.actor, e.outcome, e.detail["result"]) for e in stratify_events()] == [
        (ig_lead.email, "allowed", "bad input")
    ]


def test_stratify_run_by_an_unknown_email_exits_2(york, tmp_path):
    with pytest.raises(CommandError, match="no active staff user") as raised:
        run("--input", str(york), "--out", str(tmp_path / "out"), by="nobody@example.org")
    assert raised.value.returncode == 2 and not stratify_events()
