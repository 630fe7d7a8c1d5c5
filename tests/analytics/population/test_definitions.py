"""Score definitions as data: the shipped files, and the errors a bad file gets."""

import csv
import datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from locality.analytics.population.codelists import CODELISTS_DIR
from locality.analytics.population.definitions import (
    SCORES_DIR,
    DefinitionError,
    load_definition,
    load_definitions,
)
from locality.analytics.population.definitions_fields import Lookback


def shipped(name):
    return load_definition(SCORES_DIR / f"{name}.yaml")


def csv_rows(path):
    with (CODELISTS_DIR / path).open(newline="") as f:
        return list(csv.DictReader(f))


def weights(definition):
    return {c.label: c.weight for c in definition.conditions}


def test_shipped_definitions_load_and_cms_needs_the_users_code_list():
    loaded = load_definitions()
    names = ["charlson", "charlson_quan2011", "efi", "elixhauser", "hfrs"]
    assert [d.name for d in loaded.scores] == names
    assert list(loaded.unavailable) == ["cms"]
    assert "cms/cms_conditions.csv not found" in loaded.unavailable["cms"]


@pytest.mark.parametrize(
    ("name", "column"), [("charlson", "charlson_weights"), ("charlson_quan2011", "quan_weights")]
)
def test_charlson_weights_equal_the_code_list_files(name, column):
    definition = shipped(name)
    by_index = {r["index"]: Decimal(r[column]) for r in csv_rows("pycomorb/CHARLSON_WEIGHTS.csv")}
    codes = csv_rows("pycomorb/CHARLSON_QUAN.csv")[1:]  # row 0 is the age placeholder
    assert [c.weight for c in definition.conditions] == [by_index[r["index"]] for r in codes]
    assert [sorted(code for _, code in c.codes) for c in definition.conditions] == [
        sorted(r["icd10_codes"].split("|")) for r in codes
    ]
    assert definition.hierarchy == (
        ("diabetes_with_complication", "diabetes_without_complication"),
        ("moderate_or_severe_liver_disease", "mild_liver_disease"),
        ("metastatic_solid_tumor", "any_malignancy"),
    )


def test_elixhauser_hfrs_and_cms_weights_equal_the_code_list_files():
    vw = {
        r["category"]: r["van_walraven_weights"]
        for r in csv_rows("pycomorb/ELIXHAUSER_WEIGHTS.csv")
    }
    elixhauser = shipped("elixhauser")
    assert len(elixhauser.conditions) == 31
    assert weights(elixhauser) == {k: Decimal(v) for k, v in vw.items() if k in weights(elixhauser)}
    hfrs = shipped("hfrs")
    assert {c.codes[0][1]: c.weight for c in hfrs.conditions} == {
        r["icd10_codes"]: Decimal(r["weight"]) for r in csv_rows("pycomorb/HFRS.csv")
    }
    assert hfrs.scale == 10
    cms_rows = csv_rows("cms/cms20_general_outcome_weights.csv")
    cms = (SCORES_DIR / "cms.yaml").read_text()
    for row in cms_rows:
        assert f"id: {row['condition_key']}\n" in cms
        assert f'weight: "{row["weight_general_outcome"]}"' in cms


def test_efi_has_36_equally_weighted_deficits_and_the_published_cut_offs():
    efi = shipped("efi")
    assert len(efi.conditions) == 36
    assert {c.weight for c in efi.conditions} == {1}
    coded = [c for c in efi.conditions if c.rule == "codes"]
    assert len(coded) == 35
    assert sum(len(c.codes) for c in coded) == 5729  # distinct (deficit, system, code) rows
    [poly] = [c for c in efi.conditions if c.rule == "distinct_codes"]
    assert (poly.id, poly.at_least, poly.event_kinds, poly.lookback) == (
        "polypharmacy",
        5,
        ("medication",),
        Lookback(months=12),
    )
    assert efi.denominator == 36
    assert [(c.label, c.bound, c.inclusive) for c in efi.categories] == [
        ("fit", Fraction(12, 100), True),
        ("mild", Fraction(24, 100), True),
        ("moderate", Fraction(36, 100), True),
        ("severe", None, False),
    ]


@pytest.mark.parametrize(
    ("as_of", "lookback", "start"),
    [
        ("2024-01-01", Lookback(months=12), "2023-01-01"),
        ("2024-02-29", Lookback(years=1), "2023-02-28"),
        ("2024-03-31", Lookback(months=1), "2024-02-29"),
        ("2024-01-10", Lookback(years=2, days=10), "2021-12-31"),
    ],
)
def test_lookback_start_is_calendar_arithmetic(as_of, lookback, start):
    assert lookback.start(datetime.date.fromisoformat(as_of)) == datetime.date.fromisoformat(start)


GOOD = """
name: tiny
title: A tiny score
version: "1"
source: A test
code_systems: [icd10]
match: prefix
conditions:
  - {id: heart, label: Heart, codes: [I21], weight: 2}
  - {id: lung, label: Lung, codes: [J44]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(text)
    return path


def test_a_new_score_is_a_new_file(tmp_path):
    definition = load_definition(write(tmp_path, GOOD))
    assert [(c.id, c.weight, c.codes) for c in definition.conditions] == [
        ("heart", 2, (("icd10", "I21"),)),
        ("lung", 1, (("icd10", "J44"),)),
    ]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            ("match: prefix", "match: fuzzy"),
            "tiny.yaml: match: 'fuzzy' is not one of exact, prefix",
        ),
        (("name: tiny", "name: Tiny"), "tiny.yaml: name: 'Tiny' must be lower case letters"),
        (("source: A test\n", ""), "tiny.yaml: source: is required"),
        (("title:", "titel:"), "tiny.yaml: the file: unknown field(s) titel"),
        (("[icd10]", "[icd11]"), "tiny.yaml: code_systems: 'icd11' is not one of snomed"),
        (("weight: 2", "weight: two"), "tiny.yaml: conditions[0].weight: 'two' is not a number"),
        (("id: lung", "id: heart"), "tiny.yaml: conditions[1].id: 'heart' is used twice"),
        (("codes: [J44]", "codes: []"), "tiny.yaml: conditions[1].codes: has no codes"),
        (
            ("codes: [J44]", "codelist_key: J44"),
            "tiny.yaml: conditions[1].codelist_key: the score has no codelist",
        ),
        (
            ("codes: [J44]", "codes: [J44], lookback: {weeks: 2}"),
            "tiny.yaml: conditions[1].lookback: unknown field(s) weeks",
        ),
        (
            ("codes: [J44]", "codes: [J44], at_least: 2"),
            "tiny.yaml: conditions[1].at_least: only for a distinct_codes rule",
        ),
    ],
)
def test_definition_errors_name_the_file_and_field(tmp_path, change, error):
    old, new = change
    assert old in GOOD
    with pytest.raises(DefinitionError) as raised:
        load_definition(write(tmp_path, GOOD.replace(old, new, 1)))
    assert str(raised.value).startswith(error)


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        (
            "hierarchy:\n  - {present: heart, drops: kidney}\n",
            "tiny.yaml: hierarchy[0].drops: 'kidney' is not a condition of this score",
        ),
        (
            "categories:\n  - {label: low, up_to: 2}\n  - {label: mid, below: 1}\n"
            "  - {label: high}\n",
            "tiny.yaml: categories[1]: bounds must increase",
        ),
        (
            "categories:\n  - {label: low, up_to: 2}\n",
            "tiny.yaml: categories[0]: the last category takes the rest: no bound",
        ),
        ("denominator: 0\n", "tiny.yaml: denominator: 0 must be a whole number of at least 1"),
        (
            "codelist: {file: nowhere.csv, condition_column: a, code_column: b,"
            " code_system: icd10}\n",
            "tiny.yaml: codelist.file: nowhere.csv not found in",
        ),
    ],
)
def test_definition_errors_in_hierarchy_categories_and_codelists(tmp_path, extra, error):
    with pytest.raises(DefinitionError) as raised:
        load_definition(write(tmp_path, GOOD + extra))
    assert str(raised.value).startswith(error)


def test_codelist_errors_name_the_code_list_row(tmp_path):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "tiny.csv").write_text(
        "key,system,code\nheart,icd10,I21\nlung,icd11,J44\n"
    )
    text = GOOD.replace(
        "code_systems: [icd10]",
        "code_systems: [icd10]\ncodelist: {"
        "file: tiny.csv, condition_column: key, code_column: code, "
        "code_system_column: system}",
    )
    with pytest.raises(DefinitionError) as raised:
        load_definition(write(tmp_path, text), codelist_dirs=(tmp_path / "lists",))
    assert str(raised.value) == (
        "tiny.yaml: codelist.file: tiny.csv, row 2: code system 'icd11' is not one of "
        "snomed, icd10, readv2, ctv3, dmd, local"
    )


def test_not_yaml_is_a_clear_error(tmp_path):
    with pytest.raises(DefinitionError, match=r"^tiny.yaml: not valid YAML"):
        load_definition(write(tmp_path, "name: [unclosed"))
