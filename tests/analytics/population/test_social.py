"""Social risk: living alone, isolation answers, deprivation of the LSOA, housing events."""

import ibis
import pytest

from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.social import COLUMNS, NO_LSOA, UNKNOWN_LSOA, social_risk
from tests.factories.population import dataset_folder
from tests.factories.population_tables import as_text, expected

pytestmark = pytest.mark.spec

AS_OF = "2024-03-01"  # the last 12 months start on 2023-03-01
# York LSOAs: E01013443 is in IMD decile 1, E01013347 in 2, E01013337 in 10; W01000001 is Welsh.
PERSONS = """
    person_id | birth_date | sex    | lsoa_code | lives_alone
    s1        | 1940-01-01 | female | E01013443 | true
    s2        | 1950-01-01 | male   | E01013337 | false
    s3        | 1960-01-01 | female |           |
    s4        | 1945-01-01 | male   | W01000001 | false
    s5        | 1935-01-01 | female | E01013347 | true
"""
EVENTS = """
    person_id | date       | kind             | value
    s1        | 2023-05-01 | isolation_answer | never
    s1        | 2024-01-10 | isolation_answer |  Often/Always
    s1        | 2023-06-01 | housing_event    |
    s2        | 2022-01-01 | isolation_answer | never
    s2        | 2024-01-10 | isolation_answer | often/always
    s2        | 2024-01-10 | isolation_answer | never
    s3        | 2024-01-10 | isolation_answer | sometimes
    s3        | 2023-03-01 | housing_event    |
    s3        | 2023-09-01 | housing_event    |
    s3        | 2023-09-01 | housing_event    |
    s3        | 2023-02-28 | housing_event    |
    s4        | 2023-02-28 | isolation_answer | often/always
    s4        | 2023-03-01 | isolation_answer | hardly ever
    s5        | 2024-02-01 | gp_appointment   |
"""
# reason: "no lsoa" is NO_LSOA, "not found" is UNKNOWN_LSOA
EXPECTED = """
    person_id | lives_alone | isolated | imd | reason    | housing | count | unknown | level
    s1        | true        | true     | 1   |           | 1       | 4     | 0       | high
    s2        | false       | true     | 10  |           | 0       | 1     | 0       | moderate
    s3        |             |          |     | no lsoa   | 2       | 1     | 3       | moderate
    s4        | false       | false    |     | not found | 0       | 0     | 1       | low
    s5        | true        |          | 2   |           | 0       | 2     | 1       | high
"""
SHORT = {"imd": "imd_decile", "reason": "deprivation_reason", "housing": "housing_events_12m"}
SHORT |= {"count": "social_risk_count", "unknown": "social_risk_unknown"}
SHORT |= {"level": "social_risk_level"}
REASONS = {NO_LSOA: "no lsoa", UNKNOWN_LSOA: "not found"}


def test_social_risk_per_person(con, tmp_path):
    ds = read_dataset(dataset_folder(tmp_path, persons=PERSONS, events=EVENTS), con)
    t = social_risk(ds.persons, ds.events, AS_OF)
    assert t.columns == COLUMNS
    t = t.rename(SHORT).mutate(reason=ibis._.reason.substitute(REASONS))
    header = [c.strip() for c in EXPECTED.strip().splitlines()[0].split("|")]
    assert as_text(con, t, header) == expected(EXPECTED)
