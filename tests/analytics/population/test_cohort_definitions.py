"""Cohort definitions: the bundled YAML files, and errors naming the file and the field."""

import pytest

from locality.analytics.population.cohort_definitions import (
    COHORTS_DIR,
    CohortError,
    load_cohort,
    load_cohorts,
)

GOOD = """
name: {name}
version: 2
description: Test cohort.
criteria:
  age: {{min: 65, max: 84}}
  sex: [female]
  n_ltc_min: 2
  efi_category: [mild, moderate]
  lives_alone: true
  rising: false
  social_risk_level: [moderate, high]
  segment: [chronic_stable]
  imd_decile: [1, 2]
"""


def write(tmp_path, text, name="test-cohort"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    return path


def test_load_cohorts_bundled_files_are_valid():
    cohorts = load_cohorts()
    names = [c.name for c in cohorts]
    assert names == sorted(p.stem for p in COHORTS_DIR.glob("*.yaml"))
    assert "older-complex-living-alone" in names and "moderate-risk-rising-use" in names
    older = load_cohort(COHORTS_DIR / "older-complex-living-alone.yaml")
    assert [str(c) for c in older.criteria.conditions()] == [
        "age >= 65",
        "n_ltc >= 2",
        "efi_category in (mild, moderate)",
        "lives_alone",
    ]


def test_load_cohort_every_criterion(tmp_path):
    cohort = load_cohort(write(tmp_path, GOOD.format(name="test-cohort")))
    assert (cohort.name, cohort.version, cohort.description) == ("test-cohort", 2, "Test cohort.")
    assert [str(c) for c in cohort.criteria.conditions()] == [
        "age >= 65",
        "age <= 84",
        "n_ltc >= 2",
        "sex in (female)",
        "efi_category in (mild, moderate)",
        "social_risk_level in (moderate, high)",
        "segment in (chronic_stable)",
        "imd_decile in (1, 2)",
        "lives_alone",
        "rising == False",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("version: 2", "version: 0"), "field version: must be a positive whole number"),
        (("version: 2", "version: true"), "field version: must be a positive whole number"),
        (("description: Test cohort.", "description:"), "field description: is required"),
        (("name: test-cohort", "name: Test_Cohort"), "field name: use lower case letters"),
        (("name: test-cohort", "name: other"), "field name: must equal the file name"),
        (("  sex: [female]", "  sex: [woman]"), "field criteria.sex: 'woman' is not one of"),
        (("  sex: [female]", "  sex: []"), "field criteria.sex: must be a non-empty list"),
        (("  sex: [female]", "  sex: female"), "field criteria.sex: must be a non-empty list"),
        (("[1, 2]", "[1, 11]"), "field criteria.imd_decile: 11 is not one of"),
        (("[1, 2]", "[2, 2]"), "field criteria.imd_decile: lists a value twice"),
        (("min: 65, max: 84", "min: 85, max: 84"), "field criteria.age: min 85 is above max 84"),
        (("min: 65, max: 84", "min: -1"), "field criteria.age.min: must be a whole number"),
        (("min: 65, max: 84", "from: 65"), "field criteria.age: must be a mapping with min"),
        (("n_ltc_min: 2", "n_ltc_min: two"), "field criteria.n_ltc_min: must be a whole number"),
        (("lives_alone: true", "lives_alone: yes please"), "criteria.lives_alone: must be true"),
        (("rising: false", "risin: false"), "field criteria.risin: is not a criterion"),
        (("segment: [chronic_stable]", "segment: [frail]"), "criteria.segment: 'frail' is not"),
        (("criteria:", "owner: me\ncriteria:"), "field owner: is not a field of a cohort"),
    ],
)
def test_load_cohort_error_names_file_and_field(tmp_path, change, message):
    text = GOOD.format(name="test-cohort")
    assert change[0] in text
    path = write(tmp_path, text.replace(change[0], change[1], 1))
    with pytest.raises(CohortError) as raised:
        load_cohort(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert message in str(raised.value)


def test_load_cohort_unreadable_and_empty(tmp_path):
    bad = write(tmp_path, "name: [unclosed\n")
    with pytest.raises(CohortError, match=f"^{bad}: cannot be read"):
        load_cohort(bad)
    with pytest.raises(CohortError, match="must be a mapping"):
        load_cohort(write(tmp_path, "- a list\n", "listed"))
    with pytest.raises(CohortError, match="field criteria: is required"):
        load_cohort(write(tmp_path, "name: e\nversion: 1\ndescription: d\ncriteria: {}\n", "e"))
