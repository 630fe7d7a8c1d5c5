"""Gaps: services for a need within reach of each neighbourhood (reads, CSV, PNG and pages).

A tiny place on the meridian 1 degree west, distances hand-computed (0.01 degree of latitude
is 1,111.95 m; the circuity factor 1.3 makes it 1,445.5 m):

    North: E01000001 (1,000 residents) at 54.00, E01000002 (1,500) at 54.03 (3.3 km north)
    South: E01000003 (2,000) at 53.95 (5.6 km south of E01000001)

Need categories "healthy-eating" (with the specific need "healthy-eating.food-banks") and
"money-debt", in the "Locality needs" taxonomy.
"""

import csv
import io

import pytest
from django.urls import reverse

from locality.directory import gaps as g
from locality.directory import models as m
from locality.governance.roles import ROLES
from locality.places.models import Lsoa, Neighbourhood
from tests.factories import UserFactory
from tests.factories.directory import (
    AttributeFactory,
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)

LA = "E06000014"
GAPS_URL = reverse("directory:gaps")
CSV_URL = reverse("directory:gaps_csv")
PNG_URL = reverse("directory:gaps_png")


def _lsoa(code, neighbourhood, lat, population):
    d = 0.005
    ring = [[-1.0 - d, lat - d], [-1.0 + d, lat - d], [-1.0 + d, lat + d], [-1.0 - d, lat + d]]
    return Lsoa.objects.create(
        code=code, name=f"York {code[-3:]}", la_code=LA, neighbourhood=neighbourhood,
        latitude=lat, longitude=-1.0, population=population, age_0_15=0, age_16_59=population,
        age_60_plus=0, imd_score=20.0, imd_rank=10_000, imd_decile=4,
        geometry={"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
    )  # fmt: skip


def _service(terms, lat, *, status="active", confidential=False, lon=-1.0):
    service = ServiceFactory(status=status, confidential=confidential)
    ServiceAtLocationFactory(service=service, location=LocationFactory(latitude=lat, longitude=lon))
    for term in terms:
        AttributeFactory(service=service, taxonomy_term=term)
    return service


@pytest.fixture
def needs(db):
    taxonomy = TaxonomyFactory(name=g.NEEDS_TAXONOMY)
    food = TaxonomyTermFactory(taxonomy=taxonomy, code="healthy-eating", name="Healthy eating")
    return {
        "food": food,
        "food_banks": TaxonomyTermFactory(
            taxonomy=taxonomy, code="healthy-eating.food-banks", name="Food banks", parent=food
        ),
        "money": TaxonomyTermFactory(taxonomy=taxonomy, code="money-debt", name="Money and debt"),
    }


@pytest.fixture
def place(needs):
    north = Neighbourhood.objects.create(name="North", la_code=LA, la_name="York")
    south = Neighbourhood.objects.create(name="South", la_code=LA, la_name="York")
    _lsoa("E01000001", north, 54.00, 1000)
    _lsoa("E01000002", north, 54.03, 1500)
    _lsoa("E01000003", south, 53.95, 2000)
    flags = TaxonomyTermFactory(code="confidential", name="Confidential")  # another taxonomy
    return {
        "food": _service([needs["food"]], 54.001),  # 144.6 m from E01000001
        "food_bank": _service([needs["food_banks"]], 54.031),  # near E01000002, by its sub-need
        "both": _service([needs["food"], needs["food_banks"]], 54.0005),  # one service, once
        "money": _service([needs["money"]], 54.0),
        "flagged": _service([flags], 53.95),  # no need category: never counted
        "refuge": _service([needs["food"]], 53.95, confidential=True),
        "closed": _service([needs["food"]], 53.951, status="inactive"),
        "paused": _service([needs["food"]], 53.952, status="temporarily closed"),
    }


def _row(rows, neighbourhood, need):
    (row,) = [r for r in rows if (r.neighbourhood, r.need_code) == (neighbourhood, need)]
    return row


# Reads


def test_need_categories_are_the_top_level_terms(needs):
    assert g.need_categories() == [
        g.Need("healthy-eating", "Healthy eating"),
        g.Need("money-debt", "Money and debt"),
    ]


def test_gaps_table_counts_per_neighbourhood_and_need(place):
    rows = g.gaps_table(LA)

    assert [(r.neighbourhood, r.need_code) for r in rows] == [
        ("North", "healthy-eating"), ("North", "money-debt"),
        ("South", "healthy-eating"), ("South", "money-debt"),
    ]  # fmt: skip
    food = _row(rows, "North", "healthy-eating")
    assert (food.services_reachable, food.residents) == (3, 2500)
    assert food.residents_per_service == pytest.approx(2500 / 3)
    assert (food.lsoas_with_none, food.share_covered) == ((), 1.0)
    money = _row(rows, "North", "money-debt")
    assert (money.services_reachable, money.residents_per_service) == (1, 2500.0)


def test_gaps_table_lsoas_with_none(place):
    rows = g.gaps_table(LA)

    money = _row(rows, "North", "money-debt")
    assert money.lsoas_with_none == ("E01000002",)
    assert money.residents_with_none == 1500
    assert money.share_covered == pytest.approx(0.4)
    south = _row(rows, "South", "healthy-eating")
    assert south.services_reachable == 0
    assert g.residents_per_service_text(south.residents_per_service) == "none"
    assert (south.lsoas_with_none, south.residents_with_none, south.share_covered) == (
        ("E01000003",), 2000, 0.0,
    )  # fmt: skip


def test_gaps_exclude_confidential_inactive_and_closed_services(place):
    assert _row(g.gaps_table(LA), "South", "healthy-eating").services_reachable == 0

    m.Service.objects.filter(id=place["closed"].id).update(status="active")

    assert _row(g.gaps_table(LA), "South", "healthy-eating").services_reachable == 1


def test_gaps_exclude_confidential_locations(place, needs):
    service = _service([needs["money"]], 53.95)
    m.Location.objects.filter(service_at_locations__service=service).update(confidential=True)

    assert _row(g.gaps_table(LA), "South", "money-debt").services_reachable == 0


def test_gaps_sub_need_counts_for_its_category(place):
    north = g.gaps_for_need(LA, "healthy-eating")

    counts = {lsoa.code: lsoa.services_reachable for lsoa in north.lsoas}
    assert counts == {"E01000001": 2, "E01000002": 1, "E01000003": 0}  # E01000002: the food bank
    assert "healthy-eating.food-banks" not in {r.need_code for r in g.gaps_table(LA)}


def test_gaps_distance_is_along_streets(place):
    # E01000002 is 3,335.9 m from E01000001's services: x 1.3 = 4,336.6 m
    assert _row(g.gaps_table(LA, 4300), "North", "money-debt").lsoas_with_none == ("E01000002",)
    assert _row(g.gaps_table(LA, 4400), "North", "money-debt").lsoas_with_none == ()


def test_gaps_count_services_over_the_border(place, needs):
    _service([needs["money"]], 53.94)  # outside every LSOA of ours; 1,445.5 m from E01000003

    assert _row(g.gaps_table(LA), "South", "money-debt").services_reachable == 1


def test_gaps_table_unknown_need_refused(place):
    with pytest.raises(ValueError, match="not a need category"):
        g.gaps_table(LA, need="healthy-eating.food-banks")


def test_gaps_csv_columns_and_rows(place):
    rows = list(csv.reader(io.StringIO(g.gaps_csv(LA, 1600))))

    assert rows[0] == [
        "neighbourhood", "need_code", "need_name", "services_reachable", "residents",
        "residents_per_service", "lsoas_with_none_count", "lsoas_with_none",
        "residents_in_lsoas_with_none", "share_covered",
    ]  # fmt: skip
    assert rows[1:] == [
        ["North", "healthy-eating", "Healthy eating", "3", "2500", "833", "0", "", "0", "1.000"],
        ["North", "money-debt", "Money and debt", "1", "2500", "2500", "1", "E01000002", "1500",
         "0.400"],
        ["South", "healthy-eating", "Healthy eating", "0", "2000", "none", "1", "E01000003",
         "2000", "0.000"],
        ["South", "money-debt", "Money and debt", "0", "2000", "none", "1", "E01000003", "2000",
         "0.000"],
    ]  # fmt: skip


def test_gaps_csv_lists_lsoa_codes_separated_by_spaces(place):
    text = g.gaps_csv(LA, 1600, need="money-debt")

    assert "E01000001 E01000002" not in text  # E01000001 has a money service
    Lsoa.objects.filter(code="E01000001").update(latitude=54.02)  # now 2.2 km from it
    rows = list(csv.DictReader(io.StringIO(g.gaps_csv(LA, 1600, need="money-debt"))))
    assert rows[0]["lsoas_with_none"] == "E01000001 E01000002"
    assert rows[0]["lsoas_with_none_count"] == "2"


def test_reach_bands_end_at_quartiles_of_the_lsoas_with_any():
    assert [(b.low, b.high, b.label) for b in g.reach_bands([0, 1, 2, 5, 6])] == [
        (1, 1, "1"), (2, 2, "2"), (3, 5, "3 to 5"), (6, 6, "6"),
    ]  # fmt: skip
    bands = g.reach_bands([0, 3, 3, 3, 3, 3, 3, 40])
    assert [(b.label, b.colour) for b in bands] == [
        ("1 to 3", g.BAND_COLOURS[0]), ("4 to 40", g.BAND_COLOURS[1]),
    ]  # fmt: skip
    assert g.reach_bands([0, 0]) == []


# Pages


@pytest.fixture
def signed_in(login, analyst):
    return login(analyst)


def test_gaps_pages_signed_out_redirect_to_login(client, place):
    for url in (GAPS_URL, CSV_URL, f"{PNG_URL}?need=money-debt"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/login/"), url


@pytest.mark.parametrize("role", sorted(ROLES))
def test_gaps_page_open_to_every_staff_role(client, place, role):
    user = UserFactory(role=role)
    client.force_login(user)

    response = client.get(GAPS_URL, {"need": "money-debt", "within": "1600"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Money and debt: services within 1,600 metres" in html
    assert "E01000002" in html


def test_gaps_page_defaults_to_the_first_need_and_a_mile(signed_in, place):
    response = signed_in.get(GAPS_URL)

    assert response.status_code == 200
    assert response.context["gaps"].need.code == "healthy-eating"
    assert response.context["gaps"].within_m == 1600
    rows = {r["neighbourhood"]: r for r in response.context["rows"]}
    assert (rows["North"]["services"], rows["North"]["per_service"]) == (3, "833")
    assert (rows["South"]["per_service"], rows["South"]["share"]) == ("none", "0%")


def test_gaps_page_map_data(signed_in, place):
    response = signed_in.get(GAPS_URL, {"need": "money-debt"})

    features = response.context["map"]["geojson"]["features"]
    lsoas = {
        f["properties"]["code"]: f["properties"]
        for f in features
        if f["properties"]["kind"] == "lsoa"
    }
    assert {code: p["services"] for code, p in lsoas.items()} == {
        "E01000001": 1, "E01000002": 0, "E01000003": 0,
    }  # fmt: skip
    assert lsoas["E01000002"]["fill"] == "none"
    assert lsoas["E01000001"]["fill"] == g.BAND_COLOURS[0]
    outlines = [
        f["properties"]["name"] for f in features if f["properties"]["kind"] == "neighbourhood"
    ]
    assert outlines == ["North", "South"]
    assert response.context["map"]["tiles"] == ""  # tests: no network, no tiles
    assert 'id="gaps-map"' in response.content.decode()


def test_gaps_page_unknown_need_shows_an_error(signed_in, place):
    response = signed_in.get(GAPS_URL, {"need": "nonsense"})

    assert response.status_code == 200
    assert response.context["gaps"] is None
    assert "Select a need from the list" in response.content.decode()


def test_gaps_page_without_the_taxonomy_says_so(signed_in, db):
    Neighbourhood.objects.create(name="North", la_code=LA, la_name="York")

    response = signed_in.get(GAPS_URL)

    html = response.content.decode()
    assert "Import the Locality needs taxonomy" in html
    assert "There is a problem" not in html


def test_gaps_page_refuses_post(signed_in, place):
    assert signed_in.post(GAPS_URL).status_code == 405


def test_gaps_csv_download(signed_in, place):
    response = signed_in.get(CSV_URL, {"need": "money-debt", "within": "1600"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="gaps-E06000014-money-debt-1600m.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["neighbourhood"], r["services_reachable"]) for r in rows] == [
        ("North", "1"), ("South", "0"),
    ]  # fmt: skip


def test_gaps_csv_every_need_without_one_chosen(signed_in, place):
    response = signed_in.get(CSV_URL, {"within": "800"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 4
    assert "all-needs-800m" in response["Content-Disposition"]


def test_gaps_csv_bad_distance_refused(signed_in, place):
    assert signed_in.get(CSV_URL, {"within": "99999"}).status_code == 400


def test_gaps_png_is_a_png(signed_in, place):
    response = signed_in.get(PNG_URL, {"need": "healthy-eating", "within": "1600"})

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(response.content[16:20]), int.from_bytes(response.content[20:24])
    assert (width, height) == (880, 935)


def test_gaps_png_unknown_need_refused(signed_in, place):
    assert signed_in.get(PNG_URL, {"need": "nonsense"}).status_code == 400
