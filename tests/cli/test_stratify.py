"""`locality stratify synth`: a thin wrapper over the synthetic population generator."""

import io

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command


def run(*args) -> str:
    out = io.StringIO()
    call_command("stratify", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_stratify_synth_writes_the_people_asked_for(tmp_path):
    out = run("synth", "--people", "250", "--out", str(tmp_path / "york"), "--la", "E06000014")
    assert out.startswith("wrote 250 people and ")
    persons = pq.read_table(tmp_path / "york" / "persons.parquet")
    assert persons.num_rows == 250
    assert all(code.startswith("E01") for code in persons["lsoa_code"].to_pylist())


def test_stratify_synth_other_formats(tmp_path):
    run("synth", "--people", "40", "--out", str(tmp_path / "omop"), "--format", "omop", "--csv")
    assert (tmp_path / "omop" / "person.csv").read_text().count("\n") == 41
    run("synth", "--people", "40", "--out", str(tmp_path / "fhir"), "--format", "fhir")
    assert (tmp_path / "fhir" / "Patient.ndjson").read_text().count("\n") == 40


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--people", "0"], "people must be between 1 and 10,000,000, not 0"),
        (["--people", "5", "--la", "E0000000X"], r"unknown local authority code\(s\): E0000000X"),
    ],
)
def test_stratify_synth_bad_arguments_exit_non_zero(tmp_path, args, message):
    with pytest.raises(CommandError, match=message) as raised:
        run("synth", "--out", str(tmp_path / "out"), *args)
    assert raised.value.returncode == 2


def test_stratify_synth_refuses_a_used_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="is not an empty folder"):
        run("synth", "--people", "5", "--out", str(tmp_path))
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_stratify_needs_an_action():
    with pytest.raises(CommandError, match="ACTION"):
        run()
