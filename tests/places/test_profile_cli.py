"""``locality places profile`` on York: the files and what is in them; bad input writes nothing."""

import csv
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.management import CommandError, call_command

from locality.analytics.places.geography import england_lsoas

FALLS = """\
file: falls.csv
indicators:
  - id: falls
    title: Falls admissions per 1,000 aged 60+
    theme: adults
    kind: rate
    numerator: admissions
    denominator: age_60_plus
    multiplier: 1000
    polarity: higher_is_worse
    period: 2023-24
    source: test data
    licence: none
    ci: byar
    headline: true
"""


def york():
    table = england_lsoas()
    return table[table.lad19cd == "E06000014"]


def design_geojson(path, lsoas):
    """Four neighbourhoods in the shape 'locality places design' writes."""
    codes = list(lsoas.index)
    features = [
        {
            "type": "Feature",
            "geometry": None,
            "properties": {"name": f"Area {n + 1}", "population": 0, "lsoa_codes": codes[n::4]},
        }
        for n in range(4)
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def rows(path):
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


class Page(HTMLParser):
    """What accessibility checks need from a page."""

    def __init__(self, text):
        super().__init__()
        self.tags, self.images, self.lang, self.captions, self.th = [], [], None, 0, []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "img":
            self.images.append(attrs)
        if tag == "caption":
            self.captions += 1
        if tag == "th":
            self.th.append(attrs.get("scope"))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("profile")
    lsoas = york()
    hoods = design_geojson(folder / "design.geojson", lsoas)
    counts = {code: (n % 7) + 1 for n, code in enumerate(lsoas.index)}
    (folder / "falls.csv").write_text(
        "lsoa11cd,admissions\n" + "".join(f"{c},{n}\n" for c, n in counts.items())
    )
    (folder / "falls.yaml").write_text(FALLS)
    (folder / "carers.csv").write_text("postcode,carers\nYO26 5DY,3\nYO26 5DZ,4\n")
    out = folder / "out"
    call_command(
        "places", "profile", "--la", "E06000014", "--neighbourhoods", str(hoods),
        "--indicators", str(folder / "falls.yaml"), "--indicators", str(folder / "carers.csv"),
        "--indicator-theme", "adults", "--out", str(out),
    )  # fmt: skip
    return out, lsoas, counts


def test_profile_csv_holds_values_comparators_and_tests(run):
    out, lsoas, counts = run
    profile = rows(out / "profile.csv")
    assert {r["neighbourhood"] for r in profile} == {"Area 1", "Area 2", "Area 3", "Area 4"}
    by = {(r["neighbourhood"], r["indicator"]): r for r in profile}
    codes = list(lsoas.index)[0::4]
    area1 = lsoas.loc[codes]
    older = by[("Area 1", "aged_60_plus")]
    assert float(older["value"]) == pytest.approx(
        area1.age_60_plus.sum() / area1.population.sum() * 100
    )
    assert float(older["la_value"]) == pytest.approx(47296 / 205699 * 100)
    assert older["vs_la"] == "not tested"
    falls = by[("Area 1", "falls")]
    admissions = sum(counts[c] for c in codes)
    assert float(falls["value"]) == pytest.approx(admissions / area1.age_60_plus.sum() * 1000)
    assert float(falls["ci_low"]) < float(falls["value"]) < float(falls["ci_high"])
    assert falls["vs_la"] in {"better", "worse", "similar"}
    assert falls["england_value"] == ""  # the file covers York only: no England figure
    carers = by[("Area 1", "carers")]  # YO26 5DY and 5DZ are both in E01013335
    assert float(carers["value"]) == (7 if "E01013335" in codes else 0)
    assert by[("Area 1", "imd_score")]["rank_in_la"] in {"1", "2", "3", "4"}


def test_gap_deciles_and_lsoa_tables(run):
    out, lsoas, _ = run
    gap = {r["indicator"]: r for r in rows(out / "gap.csv")}
    most = lsoas.imd_score.sort_values(ascending=False).index[:24]
    assert int(gap["imd_score"]["q1_residents"]) == lsoas.loc[most].population.sum()
    assert float(gap["imd_score"]["gap_q1_minus_q5"]) > 20
    deciles = rows(out / "deciles.csv")
    england = next(
        r for r in deciles if r["area"] == "England" and r["indicator"] == "crime_decile"
    )
    assert sum(float(england[f"decile_{d}"]) for d in range(1, 11)) == pytest.approx(100)
    assignment = rows(out / "neighbourhoods.csv")
    assert len(assignment) == 120 and {r["local_imd_quintile"] for r in assignment} == set("12345")


def test_pages_are_accessible_and_say_what_they_show(run):
    out, _, _ = run
    index = (out / "index.html").read_text()
    assert "most deprived fifth" in index and "Area 1" in index
    for name in ("index.html", "area-1.html", "area-4.html"):
        page = Page((out / name).read_text())
        assert page.lang == "en" and page.tags.count("h1") == 1
        assert page.captions >= 1 and page.th and all(s in ("col", "row") for s in page.th)
        for image in page.images:
            assert len(image["alt"]) > 40 and (out / image["src"]).exists()
    area = (out / "area-1.html").read_text()
    headings = re.findall(r"<h2 [^>]*>([^<]+)</h2>", area)
    assert headings == [
        "Adults", "Children and young people", "Crime and anti-social behaviour",
        "Economy, income and housing", "Health", "Population and deprivation",
    ]  # fmt: skip
    assert "Falls admissions per 1,000 aged 60+" in area and "Compared with England" in area
    maps = {p.name for p in (out / "maps").iterdir()}
    assert maps == {"neighbourhoods.png", "map-adults.png", "map-children.png", "map-crime.png",
                    "map-economy.png", "map-health.png", "map-population.png"}  # fmt: skip
    assert (out / "maps" / "map-adults.png").read_bytes()[:4] == b"\x89PNG"
    leaflet = (out / "map.html").read_text()
    assert '<html lang="en">' in leaflet and "E01013335" in leaflet
    indicators = {r["id"]: r for r in rows(out / "indicators.csv")}
    assert indicators["falls"]["aggregation"] == "sum of numerators / sum of denominators x 1000"


BAD = [
    ("lsoa11cd,neighbourhood\nE01013335,A\nE0XXXXXXX,B\n",
     r"hoods.csv: line 3: field lsoa11cd: 'E0XXXXXXX' is not an English LSOA 2011 code"),
    ("lsoa11cd,neighbourhood\nE01013335,A\nE01000001,B\n",
     r"hoods.csv: line 3: field lsoa11cd: E01000001 is in City of London, not in York"),
    ("lsoa11cd,neighbourhood\nE01013335,A\nE01013335,B\n",
     r"hoods.csv: line 3: field lsoa11cd: E01013335 is already in neighbourhood 'A' \(line 2\)"),
    ("lsoa11cd,name\nE01013335,A\n", r"hoods.csv: line 1: field neighbourhood: missing"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_neighbourhoods_exit_2_and_write_nothing(tmp_path, text, message):
    hoods = tmp_path / "hoods.csv"
    hoods.write_text(text)
    out = tmp_path / "out"
    with pytest.raises(CommandError, match=message) as caught:
        call_command("places", "profile", "--la", "E06000014", "--neighbourhoods", str(hoods),
                     "--out", str(out))  # fmt: skip
    assert caught.value.returncode == 2
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["hoods.csv"]


def test_geojson_neighbourhoods_with_a_feature_missing_its_codes(tmp_path):
    hoods = tmp_path / "hoods.geojson"
    hoods.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": {"name": "North"}}]}))  # fmt: skip
    with pytest.raises(CommandError, match=r"feature 1 \(North\): field lsoa_codes: missing"):
        call_command("places", "profile", "--la", "E06000014", "--neighbourhoods", str(hoods),
                     "--out", str(tmp_path / "out"))  # fmt: skip
    assert not (tmp_path / "out").exists()


def test_a_bad_indicator_value_exits_2_and_writes_nothing(tmp_path):
    path = tmp_path / "falls.csv"
    path.write_text("lsoa11cd,admissions\nE01013335,3\nE01013336,n/a\n")
    with pytest.raises(
        CommandError, match=r"falls.csv: line 3: field admissions: 'n/a' is not a"
    ) as caught:
        call_command("places", "profile", "--la", "E06000014", "--indicators", str(path),
                     "--out", str(tmp_path / "out"))  # fmt: skip
    assert caught.value.returncode == 2 and not (tmp_path / "out").exists()
