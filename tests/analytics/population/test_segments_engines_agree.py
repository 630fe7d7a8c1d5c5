"""Property: on random inputs DuckDB and Spark give the segments a plain-Python reading of the
rules gives, and each person is in exactly one segment."""

import ibis
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from locality.analytics.population import engines
from locality.analytics.population.conditions import COMPARISONS
from locality.analytics.population.segments import EFI_CATEGORIES, INPUT, RULES, segment

ARROW = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
ARROW |= {"boolean": pa.bool_()}
VALUES = {
    "age": st.integers(0, 105),
    "sex": st.sampled_from(["female", "male", "other", "unknown"]),
    "n_ltc": st.none() | st.integers(0, 6),
    "efi_category": st.none() | st.sampled_from(EFI_CATEGORIES),
    "hfrs": st.none() | st.sampled_from([0.0, 5.0, 14.9, 15.0, 15.1, 30.0]),
    "emergency_admissions_12m": st.integers(0, 3),
    "ae_attendances_12m": st.integers(0, 3),
    "rising": st.booleans(),
}
FLAG = st.none() | st.booleans()
ROW = st.fixed_dictionaries({c.name: VALUES.get(c.name, FLAG) for c in INPUT.columns[1:]})


def holds(condition, row):
    value = row[condition.column]
    if value is None:
        return False
    if condition.op == "true":
        return value is True
    if condition.op == "in":
        return value in condition.value
    return COMPARISONS[condition.op][1](value, condition.value)


def reference(row):
    return next((r.segment for r in RULES if all(holds(c, row) for c in r.when)), "healthy")


@pytest.mark.spark
@pytest.mark.spec
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(ROW, min_size=1, max_size=25))
def test_segments_engines_agree_with_reference(spark_session, rows):
    rows = [{"person_id": f"p{i:02}", **row} for i, row in enumerate(rows)]
    schema = pa.schema([(c.name, ARROW[c.type]) for c in INPUT.columns])
    table = ibis.memtable(pa.Table.from_pylist(rows, schema=schema))
    expr = segment(table).select("person_id", "segment").order_by("person_id")
    want = [{"person_id": r["person_id"], "segment": reference(r)} for r in rows]
    for con in (engines.connect("duckdb"), engines.connect("spark", session=spark_session)):
        assert con.to_pyarrow(expr).to_pylist() == want, engines.engine_name(con)
