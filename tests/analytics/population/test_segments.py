"""Bridges to Health segments from hand-built per-person input tables."""

import pytest

from locality.analytics.population.segments import (
    INPUT,
    RULES,
    SEGMENT_IDS,
    SegmentInputError,
    segment,
)
from tests.factories.population import parse_table
from tests.factories.population_tables import as_text, expected, memtable, rows_table

FLAGS = ("dementia", "cancer", "organ_failure", "maternal_infant", "serious_disability")
FLAGS += ("end_of_life",)
# flags: those true (the others false), or "?" for all unknown (null).
# ltc: n_ltc, em: emergency_admissions_12m, ae: ae_attendances_12m.
INPUT_TEXT = """
    person_id  | age | ltc | efi      | hfrs | em | ae | rising | flags
    eol        | 88  | 3   | severe   | 20.0 | 0  | 0  | false  | dementia end_of_life
    cancer2    | 60  | 1   |          |      | 2  | 0  | true   | cancer
    cancer1    | 60  | 1   |          |      | 1  | 0  | false  | cancer
    dementia   | 79  | 2   | mild     | 3.0  | 1  | 1  | true   | dementia organ_failure
    efi_severe | 70  | 4   | severe   |      | 0  | 0  | false  |
    efi_young  | 60  | 2   | severe   |      | 0  | 0  | false  |
    hfrs_high  | 80  | 0   |          | 15.5 | 0  | 0  | false  | ?
    hfrs_edge  | 80  | 0   |          | 15.0 | 0  | 0  | false  | ?
    of_admit   | 66  | 1   | fit      |      | 1  | 0  | false  | organ_failure
    of_rising  | 66  | 1   | fit      |      | 0  | 0  | true   | organ_failure
    of_stable  | 66  | 0   | fit      |      | 0  | 3  | false  | organ_failure
    disabled   | 30  | 3   |          |      | 1  | 0  | true   | serious_disability
    ltc        | 45  | 1   |          |      | 0  | 2  | false  | maternal_infant
    admitted   | 25  | 0   |          |      | 1  | 0  | true   |
    ae         | 31  | 0   |          |      | 0  | 1  | false  | maternal_infant
    pregnant   | 31  | 0   |          |      | 0  | 0  | false  | maternal_infant
    infant     | 0   | 0   |          |      | 0  | 0  | false  | ?
    healthy    | 40  | 0   | fit      | 0.0  | 0  | 0  | false  |
    unknown    | 50  |     |          |      | 0  | 0  | false  | ?
"""
EXPECTED = """
    person_id  | segment            | segment_rule
    admitted   | acutely_ill        | acutely_ill.emergency_admission
    ae         | acutely_ill        | acutely_ill.ae_attendance
    cancer1    | chronic_stable     | chronic_stable.ltc
    cancer2    | short_decline      | short_decline.cancer_with_admissions
    dementia   | frailty_dementia   | frailty_dementia.dementia
    disabled   | serious_disability | serious_disability.flag
    efi_severe | frailty_dementia   | frailty_dementia.severe_efi
    efi_young  | chronic_stable     | chronic_stable.ltc
    eol        | short_decline      | short_decline.end_of_life_register
    healthy    | healthy            | none
    hfrs_edge  | healthy            | none
    hfrs_high  | frailty_dementia   | frailty_dementia.high_hfrs
    infant     | maternal_infant    | maternal_infant.infant
    ltc        | chronic_stable     | chronic_stable.ltc
    of_admit   | organ_failure      | organ_failure.admitted
    of_rising  | organ_failure      | organ_failure.rising
    of_stable  | chronic_stable     | chronic_stable.organ_failure
    pregnant   | maternal_infant    | maternal_infant.flag
    unknown    | healthy            | none
"""


def segment_input(text=INPUT_TEXT):
    rows = []
    for row in parse_table(text):
        flags = row.pop("flags").split()
        values = {f: "" if flags == ["?"] else str(f in flags).lower() for f in FLAGS}
        rows.append({**row, "sex": "unknown", **values})
    renamed = {"ltc": "n_ltc", "efi": "efi_category", "em": "emergency_admissions_12m"}
    renamed |= {"ae": "ae_attendances_12m"}
    rows = [{renamed.get(k, k): v for k, v in row.items()} for row in rows]
    types = {c.name: c.type for c in INPUT.columns if c.type != "string"}
    return rows_table(rows, list(rows[0]), **types)


@pytest.mark.spec
def test_segment_first_matching_rule_wins(con):
    got = as_text(con, segment(segment_input()), ["person_id", "segment", "segment_rule"])
    assert got == expected(EXPECTED)


@pytest.mark.spec
def test_segment_optional_columns_may_be_absent(con):
    t = memtable(
        """
        person_id | age | sex    | n_ltc | emergency_admissions_12m | ae_attendances_12m | rising
        a         | 70  | female | 2     | 0                        | 0                  | false
        b         | 70  | female | 0     | 1                        | 0                  | true
        c         | 0   | male   | 0     | 0                        | 0                  | false
        """,
        age="int64",
        n_ltc="int64",
        emergency_admissions_12m="int64",
        ae_attendances_12m="int64",
        rising="boolean",
    )
    got = as_text(con, segment(t), ["person_id", "segment"])
    assert [r["segment"] for r in got] == ["chronic_stable", "acutely_ill", "maternal_infant"]


def test_segment_input_missing_and_mistyped_columns_named():
    t = memtable("person_id | age | sex\na | 70 | female")
    with pytest.raises(SegmentInputError) as raised:
        segment(t)
    message = str(raised.value)
    assert message.startswith("segment input: ")
    assert "column age has type string, expected int64" in message
    assert "column emergency_admissions_12m is missing" in message
    assert "column rising is missing" in message


def test_segment_rules_name_known_segments_and_input_columns():
    columns = {c.name for c in INPUT.columns}
    for rule in RULES:
        assert rule.segment in SEGMENT_IDS and rule.segment != "healthy"
        assert {c.column for c in rule.when} <= columns, rule.id
        assert rule.basis.startswith(("Lynn 2007", "Locality assumption"))
    assert {r.segment for r in RULES} == set(SEGMENT_IDS) - {"healthy"}
    ids = [f"{r.segment}.{r.id}" for r in RULES]
    assert len(ids) == len(set(ids))
