"""Places pages: the neighbourhoods table, a neighbourhood's profile, its maps, and who may look.

The place is York's 120 real LSOAs in its four demo neighbourhoods (from the database). The
expected figures are worked out here from the bundled all-England table through the analytics
loader (``load_area``), a different path from the one the pages take.
"""

import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from django.urls import reverse

from locality.analytics.places.geography import load_area
from locality.analytics.places.profiles import deprivation_gap, neighbourhood_profile
from locality.demo import place as demo
from locality.governance.roles import ROLES
from locality.places.models import Lsoa, Neighbourhood
from locality.places.place_data import current_place, version_token
from tests.factories import UserFactory
from tests.factories.places import york_place

LA = "E06000014"
INDEX_URL = reverse("places:index")
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def maps_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "places" / "maps" / LA


@pytest.fixture
def york(db, maps_dir):
    return york_place()


@pytest.fixture
def signed_in(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture(scope="module")
def bundled():
    """York's LSOAs from the bundled England table, with the demo's neighbourhood of each."""
    area = load_area(LA)
    by_code = {x.code: demo.neighbourhood_of(x) for x in demo.load_lsoas()}
    return area.lsoas, pd.Series(by_code).reindex(area.lsoas.index)


@pytest.fixture(scope="module")
def expected():
    """The analytics' profile of the bundled York: {(neighbourhood, indicator): row}."""
    area = load_area(LA)
    assignment = pd.Series({x.code: demo.neighbourhood_of(x) for x in demo.load_lsoas()})
    table = neighbourhood_profile(area, assignment)
    return {(row.neighbourhood, row.indicator): row for row in table.itertuples()}


def _url(name, hood, *args):
    return reverse(f"places:{name}", args=[hood.pk, *args])


def _pct(numerator, denominator) -> str:
    return f"{100 * numerator / denominator:.1f}%"


def _value(row, value) -> str:
    """A profile value as the page should print it, worked out here from the analytics row."""
    if row.kind in ("count", "rank"):
        return f"{value:,.0f}"
    return f"{value:.1f}%" if row.unit == "%" else f"{value:,.1f}"


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def _images(html: str) -> list[dict]:
    parser = _Images()
    parser.feed(html)
    return parser.images


# Figures


def test_place_from_the_database_matches_the_bundled_area(york, bundled):
    lsoas, assignment = bundled
    loaded = current_place(LA)

    assert loaded.area.name == "York"
    assert loaded.area.population == int(lsoas.population.sum()) == 205_699
    assert (loaded.assignment.sort_index() == assignment.sort_index()).all()
    columns = ["population", "age_60_plus", "imd_decile", "health_decile", "crime_decile"]
    assert (loaded.area.lsoas[columns].sort_index() == lsoas[columns].sort_index()).all().all()


# The neighbourhoods page


def test_index_lists_each_neighbourhood_with_its_figures(signed_in, york, bundled):
    lsoas, assignment = bundled

    response = signed_in.get(INDEX_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for name, hood in york.items():
        mine = lsoas[assignment == name]
        residents = int(mine.population.sum())
        deprived = int(mine.population[mine.imd_decile <= 2].sum())
        row = (
            f'<a class="govuk-link" href="{_url("neighbourhood", hood)}">{name}</a></th>\\s*'
            f"<td[^>]*>{residents:,}</td>\\s*<td[^>]*>{len(mine)}</td>\\s*"
            f"<td[^>]*>{re.escape(_pct(deprived, residents))}</td>"
        )
        assert re.search(row, html), name
    assert sum(int(lsoas.population[assignment == n].sum()) for n in york) == 205_699


def test_index_map_has_alt_text_naming_the_neighbourhoods(signed_in, york):
    html = signed_in.get(INDEX_URL).content.decode()

    (image,) = _images(html)
    token = version_token(LA)
    assert image["src"] == f"{reverse('places:neighbourhoods_png', args=[LA])}?v={token}"
    assert image["alt"].startswith("Map of York's 120 LSOAs, each coloured by its neighbourhood")
    assert "4 neighbourhoods: East, North, South, West." in image["alt"]


def test_index_shows_the_gap_between_most_and_least_deprived_fifths(signed_in, york):
    gap = deprivation_gap(load_area(LA)).set_index("indicator")

    response = signed_in.get(INDEX_URL)

    (item,) = response.context["places"]
    rows = {row.label: row for row in item["gap"]["rows"]}
    score = rows["IMD 2019 score (higher is more deprived)"]
    expected = gap.loc["imd_score"]
    assert (score.most_deprived, score.least_deprived, score.gap) == (
        f"{expected.most_deprived_q1:.1f}",
        f"{expected.least_deprived_q5:.1f}",
        f"+{expected.gap_q1_minus_q5:.1f}",
    )
    older = rows["% aged 60 and over"]
    assert older.gap.endswith(" points")
    assert not any("rank" in label for label in rows)  # ranks do not subtract
    assert item["gap"]["q1_lsoas"] == 24  # 120 LSOAs in five equal groups
    assert "Most and least deprived fifth of York" in response.content.decode()


def test_index_without_a_place_says_how_to_load_one(signed_in, db):
    response = signed_in.get(INDEX_URL)

    assert response.status_code == 200
    assert "There are no neighbourhoods yet" in response.content.decode()


# A neighbourhood's page


def test_neighbourhood_page_headline_figures(signed_in, york, bundled, expected):
    lsoas, assignment = bundled
    mine = lsoas[assignment == "South"]
    residents = int(mine.population.sum())

    response = signed_in.get(_url("neighbourhood", york["South"]))

    assert response.status_code == 200
    assert response.context["headline"] == [
        {"label": "Residents (mid-2015)", "value": f"{residents:,}"},
        {"label": "LSOAs", "value": str(len(mine))},
        {
            "label": "In the most deprived 20% of England (IMD 2019)",
            "value": _pct(mine.population[mine.imd_decile <= 2].sum(), residents),
        },
        {"label": "Aged 60 and over", "value": _pct(mine.age_60_plus.sum(), residents)},
        {"label": "Aged 0 to 15", "value": _pct(mine.age_0_15.sum(), residents)},
    ]
    html = response.content.decode()
    assert f'<dd class="govuk-summary-list__value">{residents:,}</dd>' in html


def test_neighbourhood_profile_is_the_analytics_profile(signed_in, york, expected):
    response = signed_in.get(_url("neighbourhood", york["East"]))

    rows = {row.label: row for theme in response.context["themes"] for row in theme.rows}
    mine = {k[1]: v for k, v in expected.items() if k[0] == "East"}
    assert len(rows) == len(mine) == 25
    for row in mine.values():
        shown = rows[row.title]
        assert (shown.neighbourhood, shown.la, shown.england) == (
            _value(row, row.value),
            _value(row, row.la_value),
            _value(row, row.england_value),
        ), row.indicator
        assert shown.rank == f"{row.rank_in_la} of 4"
    html = response.content.decode()
    for theme in ("Population and deprivation", "Adults", "Children and young people",
                  "Economy", "Health", "Crime"):  # fmt: skip
        caption = f'<caption class="govuk-table__caption govuk-table__caption--s">{theme}</'
        assert caption in html


def test_profile_figures_hand_checked(signed_in, york, bundled):
    lsoas, assignment = bundled
    mine = lsoas[assignment == "East"]

    response = signed_in.get(_url("neighbourhood", york["East"]))

    rows = {row.label: row for theme in response.context["themes"] for row in theme.rows}
    older = rows["% aged 60 and over"]
    assert older.neighbourhood == _pct(mine.age_60_plus.sum(), mine.population.sum())
    assert older.la == _pct(lsoas.age_60_plus.sum(), lsoas.population.sum())
    score = rows["IMD 2019 score (higher is more deprived)"]
    weighted = (mine.imd_score * mine.population).sum() / mine.population.sum()
    assert score.neighbourhood == f"{weighted:.1f}"  # weighted by residents, not averaged


def test_neighbourhood_page_lists_its_lsoas_and_maps_them(signed_in, york, bundled):
    lsoas, assignment = bundled
    codes = sorted(lsoas.index[assignment == "West"])

    response = signed_in.get(_url("neighbourhood", york["West"]))

    table = response.context["lsoas"]
    assert [row["lsoa"].split()[0] for row in table["rows"]] == codes
    assert table["columns"][:2] == ["Decile: Index of Multiple Deprivation", "% aged 60 and over"]
    first = table["rows"][0]["cells"]
    assert first[0] == str(lsoas.at[codes[0], "imd_decile"])
    assert first[1] == _pct(lsoas.at[codes[0], "age_60_plus"], lsoas.at[codes[0], "population"])
    features = response.context["map"]["geojson"]["features"]
    assert [f["properties"]["kind"] for f in features].count("neighbourhood") == 1
    assert [f["properties"]["code"] for f in features[:-1]] == codes
    decile = {f["properties"]["code"]: f["properties"]["decile"] for f in features[:-1]}
    assert decile == {code: int(lsoas.at[code, "imd_decile"]) for code in codes}
    html = response.content.decode()
    assert 'id="places-map-data"' in html and "leaflet/leaflet.js" in html


def test_every_map_image_has_alt_text_with_its_figures(signed_in, york, bundled):
    lsoas, assignment = bundled
    mine = lsoas[assignment == "North"]

    html = signed_in.get(_url("neighbourhood", york["North"])).content.decode()

    images = _images(html)
    kinds = ["imd_decile", "aged_60_plus", "aged_0_15", "income_decile", "health_decile",
             "crime_decile"]  # fmt: skip
    assert [i["src"].split("?")[0] for i in images] == [
        _url("neighbourhood_png", york["North"], kind) for kind in kinds
    ]
    assert all(len(i["alt"]) > 120 for i in images)
    deprived = int((mine.imd_decile <= 2).sum())
    assert f"{deprived} of the {len(mine)} LSOAs are in deciles 1 or 2" in images[0]["alt"]
    shares = 100 * mine.age_60_plus / mine.population
    low, high = shares.idxmin(), shares.idxmax()
    assert (
        f"from {shares[low]:.1f}% ({mine.at[low, 'lsoa11nm']}) to {shares[high]:.1f}% "
        f"({mine.at[high, 'lsoa11nm']})"
    ) in images[1]["alt"]


def test_neighbourhood_without_lsoas(signed_in, york):
    empty = Neighbourhood.objects.create(name="Empty", la_code=LA, la_name="York")

    response = signed_in.get(_url("neighbourhood", empty))

    assert response.status_code == 200
    html = response.content.decode()
    assert "This neighbourhood has no LSOAs yet" in html
    assert _images(html) == []
    assert signed_in.get(_url("neighbourhood_png", empty, "imd_decile")).status_code == 404


def test_a_place_with_an_unknown_lsoa_code_says_which(signed_in, york):
    north = Lsoa.objects.filter(neighbourhood=york["North"]).first()
    north.pk, north.code = "E01999999", "E01999999"  # a copy under a code England lacks
    north.save(force_insert=True)

    index = signed_in.get(INDEX_URL)
    page = signed_in.get(_url("neighbourhood", york["North"]))

    problem = "York (E06000014): LSOA E01999999: not an English LSOA 2011 code"
    for response in (index, page):
        assert response.status_code == 200
        assert problem in response.content.decode()
    assert signed_in.get(_url("neighbourhood_png", york["North"], "imd_decile")).status_code == 404


def test_unknown_neighbourhood_map_or_place_is_not_found(signed_in, york):
    assert signed_in.get(reverse("places:neighbourhood", args=[999999])).status_code == 404
    assert signed_in.get(_url("neighbourhood_png", york["North"], "rainfall")).status_code == 404
    assert signed_in.get(_url("neighbourhood_png", york["North"], "imd_rank")).status_code == 404
    missing = reverse("places:neighbourhoods_png", args=["E09000001"])
    assert signed_in.get(missing).status_code == 404


# Map images


def test_map_images_are_drawn_once_then_served_from_disk(signed_in, york, maps_dir):
    token = version_token(LA)
    url = _url("neighbourhood_png", york["North"], "imd_decile")

    first = signed_in.get(url, {"v": token})

    assert first.status_code == 200
    assert first["Content-Type"] == "image/png"
    assert first.content.startswith(PNG)
    assert first["Cache-Control"] == "private, max-age=31536000, immutable"
    (drawn,) = (maps_dir / token).glob("*.png")
    stamp = drawn.stat().st_mtime_ns
    again = signed_in.get(url)
    assert again.content == first.content
    assert again["Cache-Control"] == "private, no-cache"  # no version: the browser checks
    assert drawn.stat().st_mtime_ns == stamp


def test_changing_the_place_draws_new_maps_and_drops_the_old(signed_in, york, maps_dir):
    url = reverse("places:neighbourhoods_png", args=[LA])
    before = version_token(LA)
    signed_in.get(url)
    moved = Lsoa.objects.filter(neighbourhood=york["North"]).first()
    moved.neighbourhood = york["East"]
    moved.save()
    after = version_token(LA)

    signed_in.get(url)

    assert before != after
    assert [p.name for p in maps_dir.iterdir()] == [after]
    html = signed_in.get(INDEX_URL).content.decode()
    assert f"?v={after}" in html


def test_renaming_a_neighbourhood_changes_the_version(york):
    before = version_token(LA)
    Neighbourhood.objects.filter(pk=york["North"].pk).update(name="Haxby and Huntington")

    assert version_token(LA) != before
    assert "Haxby and Huntington" in set(current_place(LA).assignment)


# Who may look


def test_pages_signed_out_redirect_to_login(client, york):
    urls = [
        INDEX_URL,
        _url("neighbourhood", york["North"]),
        _url("neighbourhood_png", york["North"], "imd_decile"),
        reverse("places:neighbourhoods_png", args=[LA]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/login/"), url


@pytest.mark.parametrize("role", sorted(ROLES))
def test_pages_open_to_every_staff_role(client, york, role):
    client.force_login(UserFactory(role=role))

    assert client.get(INDEX_URL).status_code == 200
    assert client.get(_url("neighbourhood", york["North"])).status_code == 200


def test_pages_refuse_post(signed_in, york):
    assert signed_in.post(INDEX_URL).status_code == 405
    assert signed_in.post(_url("neighbourhood", york["North"])).status_code == 405
