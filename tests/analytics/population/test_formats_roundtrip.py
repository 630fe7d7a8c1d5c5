"""Synthetic people written as Locality tables, OMOP CDM and FHIR NDJSON read back identically."""

import pytest

from locality.analytics.population.engines import connect
from locality.analytics.population.formats.fhir import convert_fhir, read_fhir
from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.formats.omop import convert_omop, read_omop
from locality.analytics.population.synth import generate

PEOPLE = 300


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The same 300 people in every format (small chunks, so chunk seams are crossed)."""
    root = tmp_path_factory.mktemp("formats")
    for name, fmt, table_format in (
        ("locality", "locality", "parquet"),
        ("omop", "omop", "parquet"),
        ("omop_csv", "omop", "csv"),
        ("fhir", "fhir", "parquet"),
    ):
        generate(PEOPLE, root / name, seed=21, format=fmt, chunk_size=110,
                 table_format=table_format)  # fmt: skip
    return root


def sorted_tables(dataset, con=None):
    run = con.to_pyarrow if con is not None else (lambda expr: expr.to_pyarrow())
    persons = run(dataset.persons.order_by("person_id"))
    events = run(dataset.events.order_by(list(dataset.events.columns)))
    return persons, events


@pytest.mark.parametrize(("folder", "reader"), [("omop", read_omop), ("omop_csv", read_omop),
                                                 ("fhir", read_fhir)])  # fmt: skip
def test_foreign_formats_read_back_to_the_same_canonical_tables(written, folder, reader):
    con = connect("duckdb")
    persons, events = sorted_tables(read_dataset(written / "locality", con))
    again_persons, again_events = sorted_tables(reader(written / folder, con))
    assert persons.num_rows == PEOPLE and events.num_rows > 20 * PEOPLE
    assert again_persons.equals(persons)
    assert again_events.equals(events)
    kinds = set(events["kind"].to_pylist())
    assert {"diagnosis", "medication", "gp_appointment", "observation"} <= kinds


@pytest.mark.parametrize(("folder", "convert"), [("omop", convert_omop), ("fhir", convert_fhir)])
def test_convert_writes_a_locality_dataset(written, tmp_path, folder, convert):
    convert(written / folder, tmp_path / "converted")
    con = connect("duckdb")
    converted = sorted_tables(read_dataset(tmp_path / "converted", con))
    original = sorted_tables(read_dataset(written / "locality", con))
    assert converted[0].equals(original[0]) and converted[1].equals(original[1])


@pytest.mark.spark
def test_foreign_format_opens_on_spark(written, spark_session):
    spark = connect("spark", session=spark_session)
    persons, events = sorted_tables(read_fhir(written / "fhir", spark), spark)
    expected = sorted_tables(read_dataset(written / "locality", connect("duckdb")))
    assert persons.equals(expected[0]) and events.equals(expected[1])
