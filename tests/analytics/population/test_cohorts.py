"""Cohort members, counts per neighbourhood (suppressed) and member lists, on every engine."""

import ibis
import pytest

from locality.analytics.population.cohort_definitions import COHORTS_DIR, load_cohort
from locality.analytics.population.cohorts import (
    CohortError,
    NeighbourhoodError,
    cohort_counts,
    cohort_list,
    cohort_members,
)
from tests.factories.population import parse_table
from tests.factories.population_tables import as_text, memtable, rows_table

pytestmark = pytest.mark.spec

OLDER = load_cohort(COHORTS_DIR / "older-complex-living-alone.yaml")
RISING = load_cohort(COHORTS_DIR / "moderate-risk-rising-use.yaml")
TYPES = {"age": "int64", "n_ltc": "int64", "lives_alone": "boolean", "rising": "boolean"}
SHORT = {"ltc": "n_ltc", "efi": "efi_category", "alone": "lives_alone"}
SHORT |= {"social": "social_risk_level", "lsoa": "lsoa_code"}
# Each row stands for n people (ids p<row>_1, p<row>_2 ...). E01013443 and E01013347 are in
# the East neighbourhood, E01013337 in the West; E01099999 is mapped to none.
PEOPLE = """
    row | age | ltc | efi      | alone | rising | social   | segment          | lsoa      | n
    a   | 70  | 2   | mild     | true  | false  | moderate | chronic_stable   | E01013443 | 12
    b   | 84  | 3   | moderate | true  | true   | high     | chronic_stable   | E01013347 | 3
    c   | 65  | 2   | moderate | true  | false  | moderate | organ_failure    | E01013337 | 3
    d   | 90  | 5   | mild     | true  | false  | moderate | chronic_stable   |           | 9
    e   | 77  | 2   | mild     | true  | true   | moderate | organ_failure    | E01099999 | 2
    f   | 64  | 2   | mild     | true  | true   | moderate | chronic_stable   | E01013443 | 5
    g   | 70  | 2   | mild     |       | true   | moderate | chronic_stable   | E01013443 | 4
    h   | 70  | 1   | mild     | true  | false  | moderate | chronic_stable   | E01013443 | 4
    i   | 70  | 2   | severe   | true  | true   | moderate | frailty_dementia | E01013443 | 6
    j   | 70  | 2   | fit      | false | true   | moderate | chronic_stable   | E01013337 | 1
"""
NEIGHBOURHOODS = """
    lsoa_code | neighbourhood
    E01013443 | East
    E01013347 | East
    E01013337 | West
"""


def people(text=PEOPLE):
    """The people of ``text``, each row repeated ``n`` times with its own person_id."""
    rows = [
        {"person_id": f"p{r['row']}_{i}", **{SHORT.get(k, k): v for k, v in r.items()}}
        for r in parse_table(text)
        for i in range(1, int(r["n"]) + 1)
    ]
    t = rows_table(rows, list(rows[0]), **TYPES).drop("row", "n")
    return t.mutate(sex=ibis.literal("female"), imd_decile=ibis.null("int64"))


def neighbourhoods(text=NEIGHBOURHOODS):
    return memtable(text)


def counts(con, cohort, mapping=None):
    rows = cohort_counts(con, people(), cohort, neighbourhoods() if mapping is None else mapping)
    assert {(r["cohort"], r["version"]) for r in rows} == {(cohort.name, cohort.version)}
    return {r["neighbourhood"]: r["count"] for r in rows}


def test_cohort_members_all_criteria_hold(con):
    members = as_text(con, cohort_members(people(), OLDER), ["person_id"])
    ids = {r["person_id"][:2] for r in members}
    # f is 64; g's living arrangement is unknown; h has one condition; i is severely frail;
    # j does not live alone.
    assert ids == {"pa", "pb", "pc", "pd", "pe"}
    assert len(members) == 12 + 3 + 3 + 9 + 2


def test_cohort_counts_per_neighbourhood_suppressed_and_rounded(con):
    # true counts: East 15, West 3, outside 9 + 2 = 11, total 29. West is suppressed (3 <= 7),
    # and then outside too (the smallest other cell), else 29 - 15 - 11 would give West.
    assert counts(con, OLDER) == {"East": 15, "West": None, "outside": None, "total": 30}


def test_cohort_counts_two_suppressed_cells_need_no_more(con):
    # rising use, moderate social risk, chronic or organ failure (b is at high risk): e (2,
    # outside), f (5, East), g (4, East), j (1, West): East 9 -> 10, total 12 -> 10.
    assert counts(con, RISING) == {"East": 10, "West": None, "outside": None, "total": 10}


def test_cohort_counts_secondary_suppression_of_the_only_other_cell(con):
    # f and g are now outside (11), with j (West unmapped): outside 12, East 0 (suppressed);
    # outside would then give East away as total - outside, so it is suppressed too.
    mapping = memtable("lsoa_code | neighbourhood\nE01013347 | East")
    assert counts(con, RISING, mapping) == {"East": None, "outside": None, "total": 10}


def test_cohort_counts_small_total_suppresses_everything(con):
    west = people().filter(lambda t: t.lsoa_code == "E01013337")
    rows = cohort_counts(con, west, OLDER, neighbourhoods())
    assert [(r["neighbourhood"], r["count"]) for r in rows] == [
        ("East", None), ("West", None), ("outside", None), ("total", None)
    ]  # fmt: skip


def test_cohort_list_one_neighbourhood_ordered(con):
    got = as_text(
        con,
        cohort_list(con, people(), OLDER, neighbourhoods(), "West"),
        ["person_id", "neighbourhood", "lsoa_code", "age", "segment"],
        order_by=["neighbourhood", "person_id"],
    )
    assert got == [
        {"person_id": f"pc_{i}", "neighbourhood": "West", "lsoa_code": "E01013337", "age": "65",
         "segment": "organ_failure"}
        for i in (1, 2, 3)
    ]  # fmt: skip
    everyone = cohort_list(con, people(), OLDER, neighbourhoods())
    outside = as_text(con, everyone.filter(everyone.neighbourhood == "outside"), ["lsoa_code"])
    assert sorted({r["lsoa_code"] for r in outside}) == ["", "E01099999"]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("lsoa_code | area\nE01013443 | East", "neighbourhoods: column neighbourhood is missing"),
        ("lsoa_code | neighbourhood\nE01013443 | East\nE01013443 | East", "E01013443 has 2 rows"),
        ("lsoa_code | neighbourhood\nE01013443 | outside", "'outside' is a reserved name"),
        ("lsoa_code | neighbourhood\nE01013443 |", "lsoa_code and neighbourhood are required"),
    ],
)
def test_cohort_counts_bad_mapping_named(con, mapping, message):
    with pytest.raises(NeighbourhoodError, match=message):
        cohort_counts(con, people(), OLDER, memtable(mapping))


def test_cohort_members_column_missing_named():
    with pytest.raises(CohortError, match="cohort older-complex-living-alone: .* no column"):
        cohort_members(people().drop("efi_category"), OLDER)
