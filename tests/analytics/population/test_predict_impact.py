"""The impactibility rule places people as its docstring says, on a table built by hand."""

import pandas as pd

from locality.analytics.population.predict_impact import (
    HIGHEST_RISK_FROM,
    MODERATE_FROM,
    REASONS,
    impactibility,
)
from tests.factories.population import parse_table

# 100 people: 80 fillers with risks 0.000-0.079 (percentiles 0-79), then these 20, whose risk
# percentiles are 80-99 in the order of their risks.
PEOPLE = """
    person_id | risk  | rising | social_risk_count
    top       | 0.990 | true   | 2
    m98       | 0.980 | false  | 0
    m97       | 0.970 | false  | 1
    m96       | 0.960 | true   | 0
    m95       | 0.950 | true   | 1
    m94       | 0.940 | false  | 0
    m93       | 0.930 | false  | 0
    m92       | 0.920 | false  | 0
    m91       | 0.910 | false  | 0
    m90       | 0.900 | false  | 0
    m89       | 0.890 | false  | 0
    m88       | 0.880 | false  | 0
    m87       | 0.870 | false  | 0
    m86       | 0.860 | false  | 0
    m85       | 0.850 | false  | 0
    m84       | 0.840 | false  | 0
    m83       | 0.830 | false  | 0
    m82       | 0.820 | true   | 2
    m81       | 0.810 | false  | 3
    m80       | 0.800 | false  | 0
"""
EXPECTED = """
    person_id | risk_percentile | impact_group           | impact_rank
    m95       | 95              | moderate_rising_social | 1
    m82       | 82              | moderate_rising_social | 2
    m96       | 96              | moderate_rising        | 3
    m97       | 97              | moderate_social        | 4
    m81       | 81              | moderate_social        | 5
    m98       | 98              | moderate               | 6
    m94       | 94              | moderate               | 7
"""


def people() -> pd.DataFrame:
    rows = parse_table(PEOPLE)
    hand = pd.DataFrame(
        {
            "person_id": [r["person_id"] for r in rows],
            "risk": [float(r["risk"]) for r in rows],
            "rising": [r["rising"] == "true" for r in rows],
            "social_risk_count": [int(r["social_risk_count"]) for r in rows],
        }
    )
    fillers = pd.DataFrame(
        {
            "person_id": [f"f{i:02d}" for i in range(80)],
            "risk": [i / 1000 for i in range(80)],
            "rising": [True] * 80,
            "social_risk_count": [2] * 80,
        }
    )
    return pd.concat([fillers, hand]).sample(frac=1, random_state=3)  # input order is irrelevant


def test_impactibility_places_people_by_the_documented_rule():
    out = impactibility(people())
    head = out.head(7)
    for row, want in zip(head.itertuples(), parse_table(EXPECTED), strict=True):
        assert row.person_id == want["person_id"]
        assert row.risk_percentile == float(want["risk_percentile"])
        assert row.impact_group == want["impact_group"]
        assert row.impact_rank == int(want["impact_rank"])
    assert out["impact_rank"].dropna().tolist() == list(range(1, 20))
    by_id = out.set_index("person_id")
    assert by_id.loc["top", "impact_group"] == "highest_risk"
    assert pd.isna(by_id.loc["top", "impact_rank"])
    assert by_id.loc["top", "reason"] == REASONS["highest_risk"]
    assert out.iloc[19]["person_id"] == "top"  # after the ranked band
    fillers = out[out["person_id"].str.startswith("f")]
    assert set(fillers["impact_group"]) == {"lower"} and fillers["impact_rank"].isna().all()
    assert out.iloc[20]["person_id"] == "f79"
    assert (MODERATE_FROM, HIGHEST_RISK_FROM) == (80.0, 99.0)


def test_impactibility_ties_share_a_percentile():
    tied = pd.DataFrame(
        {
            "person_id": ["a", "b", "c", "d"],
            "risk": [0.5, 0.5, 0.1, 0.9],
            "rising": [False] * 4,
            "social_risk_count": [0] * 4,
        }
    )
    out = impactibility(tied).set_index("person_id")
    assert out.loc[["a", "b", "c", "d"], "risk_percentile"].tolist() == [25.0, 25.0, 0.0, 75.0]
