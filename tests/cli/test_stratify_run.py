"""`locality stratify run`: a thin wrapper over the stratification pipeline; exit codes, errors."""

import io
import json

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from locality.analytics.population.synth import generate
from tests.factories.population import dataset_folder


def run(*args) -> str:
    out = io.StringIO()
    call_command("stratify", "run", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture(scope="module")
def york(tmp_path_factory):
    folder = tmp_path_factory.mktemp("york") / "omop"
    generate(300, folder, seed=2, format="omop", la_codes=("E06000014",))
    return folder


def test_stratify_run_writes_the_outputs(york, tmp_path):
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
