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

from locality.analytics.places.geography import england_lsoas, load_area
from locality.demo import place as demo
from locality.governance.roles import ROLES
from locality.places import presenters
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


def _url(name, hood, *args):
    return reverse(f"places:{name}", args=[hood.pk, *args])


def _share(numerator, denominator) -> str:
    return f"{numerator / denominator:.1%}"


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


def test_figures_recompute_shares_from_counts_not_averages():
    table = pd.DataFrame(
        {
            "population": [1000, 3000], "age_0_15": [200, 300], "age_16_59": [700, 1200],
            "age_60_plus": [100, 1500], "imd_score": [40.0, 10.0], "imd_decile": [1, 7],
            **{f"{d}_decile": [2, 3] for d in presenters.DOMAINS},
        }
    )  # fmt: skip

    f = presenters.figures(table)

    assert f["residents"] == 4000
    assert f["share_60_plus"] == pytest.approx(1600 / 4000)  # not (10% + 50%) / 2
    assert f["imd_score"] == pytest.approx((40 * 1000 + 10 * 3000) / 4000)
    assert f["imd_20"] == pytest.approx(0.25)
    assert f["income_20"] == pytest.approx(0.25)


def test_figures_of_no_lsoas_say_no_residents():
    table = pd.DataFrame(columns=["population", "age_0_15", "age_16_59", "age_60_plus",
                                  "imd_score", "imd_decile",
                                  *(f"{d}_decile" for d in presenters.DOMAINS)])  # fmt: skip
    f = presenters.figures(table)
    assert presenters.fmt(f["imd_20"], "share") == "no residents"


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
            f"<td[^>]*>{re.escape(_share(deprived, residents))}</td>"
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


def test_index_without_a_place_says_how_to_load_one(signed_in, db):
    response = signed_in.get(INDEX_URL)

    assert response.status_code == 200
    assert "There are no neighbourhoods yet" in response.content.decode()


# A neighbourhood's page


def test_neighbourhood_page_headline_figures(signed_in, york, bundled):
    lsoas, assignment = bundled
    mine = lsoas[assignment == "South"]
    residents = int(mine.population.sum())

    response = signed_in.get(_url("neighbourhood", york["South"]))

    assert response.status_code == 200
    assert response.context["headline"] == {
        "residents": f"{residents:,}",
        "lsoas": str(len(mine)),
        "imd_20": _share(mine.population[mine.imd_decile <= 2].sum(), residents),
        "share_60_plus": _share(mine.age_60_plus.sum(), residents),
        "share_0_15": _share(mine.age_0_15.sum(), residents),
    }
    html = response.content.decode()
    assert f'<dd class="govuk-summary-list__value">{residents:,}</dd>' in html


def test_neighbourhood_profile_compares_with_york_and_england(signed_in, york, bundled):
    lsoas, assignment = bundled
    mine = lsoas[assignment == "East"]
    england = england_lsoas()

    response = signed_in.get(_url("neighbourhood", york["East"]))

    rows = {row.label: row for theme in response.context["themes"] for row in theme.rows}
    older = rows["People aged 60 and over"]
    assert (older.neighbourhood, older.la, older.england) == (
        _share(mine.age_60_plus.sum(), mine.population.sum()),
        _share(lsoas.age_60_plus.sum(), lsoas.population.sum()),
        _share(england.age_60_plus.sum(), england.population.sum()),
    )
    health = rows["Most deprived 20% for health and disability"]
    assert health.england == _share(
        england.population[england.health_decile <= 2].sum(), england.population.sum()
    )
    assert health.la == _share(
        lsoas.population[lsoas.health_decile <= 2].sum(), lsoas.population.sum()
    )
    score = rows["Average IMD 2019 score (higher is more deprived)"]
    weighted = (mine.imd_score * mine.population).sum() / mine.population.sum()
    assert score.neighbourhood == f"{weighted:.1f}"
    html = response.content.decode()
    for theme in ("Population", "Deprivation", "Economy", "Health", "Crime"):
        assert (
            f'<caption class="govuk-table__caption govuk-table__caption--s">{theme}</caption>'
            in (html)
        )


def test_neighbourhood_page_lists_its_lsoas_and_maps_them(signed_in, york, bundled):
    lsoas, assignment = bundled
    codes = sorted(lsoas.index[assignment == "West"])

    response = signed_in.get(_url("neighbourhood", york["West"]))

    assert [row.code for row in response.context["lsoas"]] == codes
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
    assert [i["src"].split("?")[0] for i in images] == [
        _url("neighbourhood_png", york["North"], kind) for kind in ("imd", "older", "children")
    ]
    assert all(len(i["alt"]) > 80 for i in images)
    deprived = int((mine.imd_decile <= 2).sum())
    assert f"{deprived} of the {len(mine)} LSOAs are in deciles 1 or 2" in images[0]["alt"]
    shares = mine.age_60_plus / mine.population
    assert f"from {shares.min():.1%} to {shares.max():.1%}" in images[1]["alt"]


def test_neighbourhood_without_lsoas(signed_in, york):
    empty = Neighbourhood.objects.create(name="Empty", la_code=LA, la_name="York")

    response = signed_in.get(_url("neighbourhood", empty))

    assert response.status_code == 200
    html = response.content.decode()
    assert "This neighbourhood has no LSOAs yet" in html
    assert _images(html) == []
    assert signed_in.get(_url("neighbourhood_png", empty, "imd")).status_code == 404


def test_unknown_neighbourhood_map_or_place_is_not_found(signed_in, york):
    assert signed_in.get(reverse("places:neighbourhood", args=[999999])).status_code == 404
    assert signed_in.get(_url("neighbourhood_png", york["North"], "rainfall")).status_code == 404
    missing = reverse("places:neighbourhoods_png", args=["E09000001"])
    assert signed_in.get(missing).status_code == 404


# Map images


def test_map_images_are_drawn_once_then_served_from_disk(signed_in, york, maps_dir):
    token = version_token(LA)
    url = _url("neighbourhood_png", york["North"], "imd")

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
        _url("neighbourhood_png", york["North"], "imd"),
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
