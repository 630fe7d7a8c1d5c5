"""Long-term conditions from published code lists: the count, the flags and the explanation."""

import datetime

import pytest

from locality.analytics.population.clinical import explain_ltc, ltc_inputs
from locality.analytics.population.codelists import DefinitionError
from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.ltc_definitions import LTC_FILE, load_conditions
from locality.analytics.population.person_table import clinical_table, person_table
from locality.analytics.population.scores import EXPLANATION_SCHEMA
from tests.factories.population import dataset_folder
from tests.factories.population_tables import as_text, expected, memtable

AS_OF = datetime.date(2024, 1, 1)
PERSONS = """
    person_id | birth_date | sex
    p1        | 1935-01-01 | female
    p2        | 1950-01-01 | male
    p3        | 1960-01-01 | female
    p4        | 1990-01-01 | male
"""
EVENTS = """
    person_id | date       | kind                | code_system | code
    p1        | 2023-05-01 | emergency_admission | icd10       | F03
    p1        | 2023-06-01 | emergency_admission | icd10       | I500
    p1        | 2022-01-10 | diagnosis           | snomed      | 44054006
    p1        | 2023-02-01 | diagnosis           | snomed      | 52448006
    p2        | 2016-03-01 | diagnosis           | icd10       | C61
    p2        | 2020-02-01 | elective_admission  | icd10       | C50
    p2        | 2021-01-01 | diagnosis           | readv2      | 14A5.
    p2        | 2021-02-01 | diagnosis           | readv2      | 14a5.
    p3        | 2023-03-01 | diagnosis           | ctv3        | XaF05
    p3        | 2023-04-01 | diagnosis           | icd10       | I850
    p3        | 2023-04-02 | diagnosis           | icd10       | I850
    p3        | 2024-01-01 | diagnosis           | icd10       | J44
    p4        | 2023-09-01 | gp_appointment      |             |
"""
WHY = ["person_id", "condition", "code_system", "code", "first_date", "events"]


@pytest.fixture
def dataset(con, tmp_path):
    return read_dataset(dataset_folder(tmp_path, persons=PERSONS, events=EVENTS), con)


@pytest.mark.spec
def test_explain_ltc_names_the_codes_of_each_condition(con, dataset):
    why = explain_ltc(dataset.persons, dataset.events, load_conditions(), AS_OF)
    assert why.schema() == EXPLANATION_SCHEMA
    # C61 is older than cancer's five years, 14a5. is not a Read code (case matters), J44 is on
    # as_of; I850 is in Charlson (I850) and Elixhauser (I85) and still counts each event once
    assert as_text(con, why, WHY, order_by=WHY[:4]) == expected("""
        person_id | condition              | code_system | code     | first_date | events
        p1        | dementia               | icd10       | F03      | 2023-05-01 | 1
        p1        | dementia               | snomed      | 52448006 | 2023-02-01 | 1
        p1        | diabetes               | snomed      | 44054006 | 2022-01-10 | 1
        p1        | heart_failure          | icd10       | I500     | 2023-06-01 | 1
        p2        | cancer                 | icd10       | C50      | 2020-02-01 | 1
        p2        | coronary_heart_disease | readv2      | 14A5.    | 2021-01-01 | 1
        p3        | chronic_kidney_disease | ctv3        | XaF05    | 2023-03-01 | 1
        p3        | diabetes               | ctv3        | XaF05    | 2023-03-01 | 1
        p3        | liver_disease          | icd10       | I850     | 2023-04-01 | 2
    """)


@pytest.mark.spec
def test_ltc_inputs_count_conditions_and_set_flags(con, dataset):
    conditions = load_conditions()
    why = explain_ltc(dataset.persons, dataset.events, conditions, AS_OF)
    inputs = ltc_inputs(dataset.persons, why, conditions)
    assert as_text(con, inputs) == expected("""
        person_id | n_ltc | dementia | cancer | organ_failure
        p1        | 3     | true     | false  | true
        p2        | 2     | false    | true   | false
        p3        | 3     | false    | false  | true
        p4        | 0     | false    | false  | false
    """)


@pytest.mark.spec
def test_clinical_table_feeds_the_segments(con, dataset):
    conditions = load_conditions()
    why = explain_ltc(dataset.persons, dataset.events, conditions, AS_OF)
    efi = memtable(
        """
        person_id | score | version | numerator | denominator | value | category
        p1        | efi   | v       | 3         | 36          | 0.083 | fit
        """,
        numerator="int64",
        denominator="int64",
        value="float64",
    )
    clinical = clinical_table(efi, ltc_inputs(dataset.persons, why, conditions))
    t = person_table(dataset.persons, dataset.events, clinical, AS_OF)
    columns = ["person_id", "n_ltc", "efi_category", "end_of_life", "segment_rule"]
    assert as_text(con, t, columns) == expected("""
        person_id | n_ltc | efi_category | end_of_life | segment_rule
        p1        | 3     | fit          |             | frailty_dementia.dementia
        p2        | 2     |              |             | chronic_stable.ltc
        p3        | 3     |              |             | chronic_stable.ltc
        p4        | 0     |              |             | none
    """)


def test_shipped_conditions_use_only_published_lists():
    conditions = load_conditions()
    assert len(conditions.conditions) == 26
    assert {name for c in conditions.conditions for name, _ in c.sources} == {
        "charlson", "elixhauser", "efi"
    }  # fmt: skip
    assert dict(conditions.flags)["organ_failure"] == (
        "heart_failure", "chronic_respiratory_disease", "chronic_kidney_disease"
    )  # fmt: skip
    assert [name for name, _ in conditions.unknown] == [
        "maternal_infant", "serious_disability", "end_of_life"
    ]  # fmt: skip
    assert [(d.match, d.code_systems) for d in conditions.parts] == [
        ("exact", ("snomed", "readv2", "ctv3")),
        ("prefix", ("icd10",)),
    ]


def test_every_condition_is_documented_in_the_readme():
    readme = (LTC_FILE.parent / "README.md").read_text()
    for condition in load_conditions().conditions:
        assert f"| `{condition.id}` |" in readme


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "efi: [diabetes]",
            "efi: [diabetes-type-9]",
            r"ltc.yaml: conditions\[1\].from.efi: 'diabetes-type-9' is not a category",
        ),
        (
            "efi: [osteoporosis]",
            "qof: [osteoporosis]",
            r"conditions\[20\].from.qof: 'qof' is not one of the codelists",
        ),
        ("  cancer: [cancer]\n", "  cancer: [tumour]\n", "flags.cancer: must list conditions"),
        ('  end_of_life: "no', '  frailty: "no', "unknown.frailty: must be a flag not defined"),
        ("    match: exact ", "    match: fuzzy ", "codelists.efi.match: 'fuzzy' is not one of"),
        ("\nkind: conditions\n", "\nkind: score\n", "kind: must be 'conditions'"),
    ],
)
def test_a_bad_conditions_file_names_the_field(tmp_path, old, new, message):
    text = LTC_FILE.read_text()
    assert old in text
    path = tmp_path / "ltc.yaml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(DefinitionError, match=message):
        load_conditions(path)


def test_a_flag_left_out_is_an_error(tmp_path):
    text = LTC_FILE.read_text()
    path = tmp_path / "ltc.yaml"
    path.write_text("\n".join(line for line in text.splitlines() if "end_of_life:" not in line))
    with pytest.raises(DefinitionError, match="flags: end_of_life is neither defined nor"):
        load_conditions(path)
