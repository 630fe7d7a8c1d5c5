"""Spec tests of the scores: input tables and expected outputs as text, on DuckDB and Spark."""

import datetime

import pytest

from locality.analytics.population.definitions import load_definitions
from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.scores import (
    EXPLANATION_SCHEMA,
    SCORE_SCHEMA,
    compute_scores,
    explain_scores,
)
from tests.factories.population import dataset_folder, expected_rows, parse_table, result_rows

pytestmark = pytest.mark.spec

AS_OF = datetime.date(2024, 1, 1)
SCORE_COLUMNS = ["person_id", "numerator", "denominator", "value", "category"]
WHY_COLUMNS = ["person_id", "condition", "counted", "weight", "code", "first_date", "events"]


def persons(*ids):
    rows = "\n".join(f"{i} | 1940-01-01 | female" for i in ids)
    return f"person_id | birth_date | sex\n{rows}"


def score(con, folder, name, *, as_of=AS_OF, codelist_dirs=()):
    [definition] = [
        d for d in load_definitions(codelist_dirs=codelist_dirs).scores if d.name == name
    ]
    ds = read_dataset(folder, con)
    scores = compute_scores(ds.persons, ds.events, [definition], as_of)
    why = explain_scores(ds.persons, ds.events, [definition], as_of)
    return scores, why


def test_charlson_prefixes_hierarchy_and_window(con, tmp_path):
    events = """
        person_id | date       | kind                | code_system | code
        p1        | 2010-05-01 | diagnosis           | icd10       | E112
        p1        | 2015-01-01 | diagnosis           | icd10       | E119
        p1        | 2019-03-01 | diagnosis           | icd10       | C61
        p1        | 2023-12-31 | emergency_admission | icd10       | C787
        p1        | 2024-01-01 | diagnosis           | icd10       | I21
        p2        | 2023-01-01 | diagnosis           | icd10       | I2520
        p2        | 2023-02-01 | diagnosis           | icd10       | I25
        p2        | 2023-01-01 | diagnosis           | snomed      | 22298006
        p3        | 2023-03-01 | diagnosis           | icd10       | K703
        p3        | 2023-03-02 | diagnosis           | icd10       | B20
        p3        | 2023-04-02 | diagnosis           | icd10       | B20
    """
    folder = dataset_folder(tmp_path, persons=persons("p1", "p2", "p3", "p4"), events=events)
    scores, why = score(con, folder, "charlson")
    assert result_rows(scores, SCORE_COLUMNS) == expected_rows("""
        person_id | numerator | denominator | value | category
        p1        | 8         | 1           | 8     |
        p2        | 1         | 1           | 1     |
        p3        | 7         | 1           | 7     |
        p4        | 0         | 1           | 0     |
    """)
    assert result_rows(why, WHY_COLUMNS) == expected_rows("""
        person_id | condition                     | counted | weight | code  | first_date | events
        p1        | any_malignancy                | false   | 2      | C61   | 2019-03-01 | 1
        p1        | diabetes_with_complication    | true    | 2      | E112  | 2010-05-01 | 1
        p1        | diabetes_without_complication | false   | 1      | E119  | 2015-01-01 | 1
        p1        | metastatic_solid_tumor        | true    | 6      | C787  | 2023-12-31 | 1
        p2        | myocardial_infarction         | true    | 1      | I2520 | 2023-01-01 | 1
        p3        | aids_hiv                      | true    | 6      | B20   | 2023-03-02 | 2
        p3        | mild_liver_disease            | true    | 1      | K703  | 2023-03-01 | 1
    """)


# One SNOMED CT code from each of the first 13 eFI deficit code sets (data/codelists/efi).
DEFICIT_CODES = """
    deficit             | code
    activity-limitation | 21134002
    anaemia             | 3978000
    arthritis           | 3723001
    atrial-fibrillation | 5370000
    care-requirement    | 160733006
    chd                 | 1755008
    ckd                 | 29738008
    cognitive-problems  | 281004
    diabetes            | 4855003
    dizziness           | 7956006
    dyspnoea            | 60845006
    falls               | 1912002
    foot-problems       | 47850008
"""


def test_efi_categories_at_the_published_cut_offs(con, tmp_path):
    codes = [row["code"] for row in parse_table(DEFICIT_CODES)]
    deficits = {"e04": 4, "e05": 5, "e08": 8, "e09": 9, "e12": 12, "e13": 13}
    events = "person_id | date | kind | code_system | code\n" + "\n".join(
        f"{person} | 2001-01-01 | diagnosis | snomed | {code}"
        for person, n in deficits.items()
        for code in codes[:n]
    )
    folder = dataset_folder(tmp_path, persons=persons(*deficits), events=events)
    scores, _ = score(con, folder, "efi")
    assert result_rows(scores, SCORE_COLUMNS) == expected_rows("""
        person_id | numerator | denominator | value    | category
        e04       | 4         | 36          | 0.111111 | fit
        e05       | 5         | 36          | 0.138889 | mild
        e08       | 8         | 36          | 0.222222 | mild
        e09       | 9         | 36          | 0.25     | moderate
        e12       | 12        | 36          | 0.333333 | moderate
        e13       | 13        | 36          | 0.361111 | severe
    """)
    assert [r["value"] for r in scores.to_pyarrow().to_pylist()] == [
        n / 36 for n in (4, 5, 8, 9, 12, 13)
    ]


def test_efi_polypharmacy_five_distinct_medications_in_twelve_months(con, tmp_path):
    events = """
        person_id | date       | kind       | code_system | code
        q1        | 2023-02-01 | medication | dmd         | 101
        q1        | 2023-03-01 | medication | dmd         | 102
        q1        | 2023-04-01 | medication | dmd         | 103
        q1        | 2023-05-01 | medication | dmd         | 104
        q1        | 2023-06-01 | medication | dmd         | 105
        q1        | 2023-07-01 | medication | dmd         | 105
        q2        | 2023-02-01 | medication | dmd         | 101
        q2        | 2023-03-01 | medication | dmd         | 102
        q2        | 2023-04-01 | medication | dmd         | 103
        q2        | 2023-05-01 | medication | dmd         | 104
        q2        | 2023-06-01 | medication | dmd         | 104
        q3        | 2022-12-31 | medication | dmd         | 101
        q3        | 2023-03-01 | medication | dmd         | 102
        q3        | 2023-04-01 | medication | dmd         | 103
        q3        | 2023-05-01 | medication | dmd         | 104
        q3        | 2023-06-01 | medication | dmd         | 105
        q4        | 2023-01-01 | medication | dmd         | 101
        q4        | 2023-03-01 | medication | dmd         | 102
        q4        | 2023-04-01 | medication | snomed      | 322236009
        q4        | 2023-05-01 | medication | dmd         | 104
        q4        | 2023-12-31 | medication | dmd         | 105
        q5        | 2023-02-01 | diagnosis  | dmd         | 101
        q5        | 2023-03-01 | medication | dmd         | 102
        q5        | 2023-04-01 | medication | dmd         | 103
        q5        | 2023-05-01 | medication | dmd         | 104
        q5        | 2023-06-01 | medication | dmd         | 105
        q6        | 2023-03-01 | medication | dmd         | 102
        q6        | 2023-04-01 | medication | dmd         | 103
        q6        | 2023-05-01 | medication | dmd         | 104
        q6        | 2023-06-01 | medication | dmd         | 105
        q6        | 2024-01-01 | medication | dmd         | 106
    """
    folder = dataset_folder(
        tmp_path, persons=persons("q1", "q2", "q3", "q4", "q5", "q6"), events=events
    )
    scores, why = score(con, folder, "efi")
    assert result_rows(scores, ["person_id", "numerator", "category"]) == expected_rows("""
        person_id | numerator | category
        q1        | 1         | fit
        q2        | 0         | fit
        q3        | 0         | fit
        q4        | 1         | fit
        q5        | 0         | fit
        q6        | 0         | fit
    """)
    assert result_rows(why.filter(why.person_id == "q1"), WHY_COLUMNS) == expected_rows("""
        person_id | condition    | counted | weight | code | first_date | events
        q1        | polypharmacy | true    | 1      | 101  | 2023-02-01 | 1
        q1        | polypharmacy | true    | 1      | 102  | 2023-03-01 | 1
        q1        | polypharmacy | true    | 1      | 103  | 2023-04-01 | 1
        q1        | polypharmacy | true    | 1      | 104  | 2023-05-01 | 1
        q1        | polypharmacy | true    | 1      | 105  | 2023-06-01 | 2
    """)


def test_hfrs_decimal_weights_cut_offs_and_two_year_window(con, tmp_path):
    events = """
        person_id | date       | kind      | code_system | code
        h1        | 2023-01-01 | diagnosis | icd10       | F00
        h1        | 2023-01-01 | diagnosis | icd10       | G81
        h2        | 2023-01-01 | diagnosis | icd10       | W19
        h2        | 2023-01-01 | diagnosis | icd10       | Z60
        h3        | 2023-01-01 | diagnosis | icd10       | N39
        h3        | 2023-01-01 | diagnosis | icd10       | Z22
        h4        | 2023-01-01 | diagnosis | icd10       | G81
        h4        | 2023-01-01 | diagnosis | icd10       | G30
        h4        | 2023-01-01 | diagnosis | icd10       | R29
        h4        | 2023-01-01 | diagnosis | icd10       | R31
        h5        | 2023-01-01 | diagnosis | icd10       | F00
        h5        | 2023-01-01 | diagnosis | icd10       | G81
        h5        | 2023-01-01 | diagnosis | icd10       | R296
        h6        | 2021-12-31 | diagnosis | icd10       | F00
        h6        | 2022-01-01 | diagnosis | icd10       | F001
    """
    ids = ("h1", "h2", "h3", "h4", "h5", "h6", "h7")
    folder = dataset_folder(tmp_path, persons=persons(*ids), events=events)
    scores, why = score(con, folder, "hfrs")
    assert result_rows(scores, SCORE_COLUMNS) == expected_rows("""
        person_id | numerator | denominator | value | category
        h1        | 115       | 10          | 11.5  | intermediate
        h2        | 50        | 10          | 5     | intermediate
        h3        | 49        | 10          | 4.9   | low
        h4        | 150       | 10          | 15    | intermediate
        h5        | 151       | 10          | 15.1  | high
        h6        | 71        | 10          | 7.1   | intermediate
        h7        | 0         | 10          | 0     | low
    """)
    assert result_rows(why.filter(why.person_id == "h6"), WHY_COLUMNS) == expected_rows("""
        person_id | condition | counted | weight | code | first_date | events
        h6        | f00       | true    | 7.1    | F001 | 2022-01-01 | 1
    """)


# A hand-built stand-in for the Cambridge code lists: every condition needs at least one code.
CMS_TEST_CODELIST = (
    "condition,code_system,code\n"
    + "".join(
        f"{key},local,test-{key}\n"
        for key in "alcohol anxiety ckd tissue copd chd diabetes epilepsy hearing_loss hf bowel "
        "psychosis stroke asthma hypertension constipation pain".split()
    )
    + "af,snomed,49436004\ndementia,snomed,52448006\ncancer,icd10,C61\n"
)


def test_cms_reads_the_code_list_the_user_supplies(con, tmp_path):
    codelists = tmp_path / "codelists"
    (codelists / "cms").mkdir(parents=True)
    (codelists / "cms" / "cms_conditions.csv").write_text(CMS_TEST_CODELIST)
    events = """
        person_id | date       | kind      | code_system | code
        c1        | 2010-01-01 | diagnosis | snomed      | 49436004
        c1        | 2012-01-01 | diagnosis | snomed      | 52448006
        c2        | 2018-12-31 | diagnosis | icd10       | C61
        c3        | 2019-01-01 | diagnosis | icd10       | C61
    """
    folder = dataset_folder(tmp_path / "data", persons=persons("c1", "c2", "c3"), events=events)
    scores, why = score(con, folder, "cms", codelist_dirs=(codelists,))
    assert result_rows(scores, SCORE_COLUMNS) == expected_rows("""
        person_id | numerator | denominator | value | category
        c1        | 384       | 100         | 3.84  |
        c2        | 0         | 100         | 0     |
        c3        | 153       | 100         | 1.53  |
    """)
    assert result_rows(why, ["person_id", "condition", "weight"]) == expected_rows("""
        person_id | condition | weight
        c1        | af        | 1.34
        c1        | dementia  | 2.5
        c3        | cancer    | 1.53
    """)


def test_scores_default_as_of_is_the_day_after_the_latest_event(con, tmp_path):
    events = """
        person_id | date       | kind      | code_system | code
        p1        | 2023-06-30 | diagnosis | icd10       | I21
    """
    folder = dataset_folder(tmp_path, persons=persons("p1"), events=events)
    scores, why = score(con, folder, "charlson", as_of=None)
    assert result_rows(scores, ["person_id", "numerator"]) == [
        {"person_id": "p1", "numerator": "1"}
    ]
    assert result_rows(why, ["code", "first_date"]) == [{"code": "I21", "first_date": "2023-06-30"}]


def test_scores_every_definition_with_fixed_types_and_order(con, tmp_path):
    events = """
        person_id | date       | kind      | code_system | code
        p2        | 2023-06-30 | diagnosis | icd10       | I50
        p1        | 2023-06-30 | diagnosis | icd10       | F03
    """
    folder = dataset_folder(tmp_path, persons=persons("p2", "p1"), events=events)
    ds = read_dataset(folder, con)
    shipped = load_definitions().scores
    scores = compute_scores(ds.persons, ds.events, shipped, AS_OF)
    why = explain_scores(ds.persons, ds.events, shipped, AS_OF)
    assert scores.schema() == SCORE_SCHEMA
    assert why.schema() == EXPLANATION_SCHEMA
    names = ["charlson", "charlson_quan2011", "efi", "elixhauser", "hfrs"]
    assert result_rows(scores, ["person_id", "score"]) == [
        {"person_id": p, "score": s} for p in ("p1", "p2") for s in names
    ]
    assert result_rows(why, ["person_id", "score", "condition"]) == expected_rows("""
        person_id | score             | condition
        p1        | charlson          | dementia
        p1        | charlson_quan2011 | dementia
        p1        | hfrs              | f03
        p2        | charlson          | congestive_heart_failure
        p2        | charlson_quan2011 | congestive_heart_failure
        p2        | elixhauser        | congestive_heart_failure
    """)
