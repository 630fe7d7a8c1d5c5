"""Places pages: the neighbourhoods of the loaded places, and a profile page per neighbourhood.

Any signed-in member of staff may see them, as with the gaps pages: the figures are published
small-area statistics (population, IMD 2019) aggregated to neighbourhoods, no personal data.
Pages never draw maps: each PNG is its own request (drawn once, then served from disk; see
``map_images``), its URL carries the place's version token so the browser may keep it.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from locality.places import map_images
from locality.places import presenters as p
from locality.places.models import Neighbourhood
from locality.places.place_data import current_place, local_authorities

IMMUTABLE = "private, max-age=31536000, immutable"  # the URL changes when the place does
REVALIDATE = "private, no-cache"


@login_required
@require_GET
def index(request):
    from locality.analytics.places.geography import PlacesError  # pandas, geopandas: lazily

    places, problems = [], []
    for la_code, la_name in local_authorities():
        try:
            place = current_place(la_code)
            rows = place.remembered("rows", lambda place=place: p.neighbourhood_rows(place))
            alt = place.remembered("alt", lambda place=place: p.neighbourhoods_alt(place))
            gap = p.gap_rows(place)
        except PlacesError as error:
            problems.append(f"{la_name} ({la_code}): {error}")
            continue
        places.append({"place": place, "rows": rows, "alt": alt, "gap": gap})
    return render(request, "places/index.html", {"places": places, "problems": problems})


@login_required
@require_GET
def neighbourhood(request, pk: int):
    from locality.analytics.places.geography import PlacesError

    hood = get_object_or_404(Neighbourhood, pk=pk)
    place = current_place(hood.la_code)
    try:
        figures = place.remembered(("page", hood.name), lambda: _neighbourhood_figures(place, hood))
    except PlacesError as error:
        figures = {"problems": [f"{hood.la_name} ({hood.la_code}): {error}"]}
    return render(request, "places/neighbourhood.html", {"hood": hood, "place": place, **figures})


def _neighbourhood_figures(place, hood) -> dict:
    has_lsoas = bool((place.assignment == hood.name).any())
    return {
        "headline": p.headline(place, hood.name),
        "themes": p.profile(place, hood.name) if has_lsoas else [],
        "lsoas": p.lsoa_table(place, hood.name) if has_lsoas else None,
        "maps": p.maps(place, hood.name) if has_lsoas else [],
        "legend": p.decile_legend(),
        "map": p.leaflet_data(
            place,
            hood.name,
            tiles=getattr(settings, "LOCALITY_MAP_TILES", ""),
            attribution=getattr(settings, "LOCALITY_MAP_ATTRIBUTION", ""),
        ),
    }


@login_required
@require_GET
def neighbourhoods_png(request, la_code: str):
    if la_code not in dict(local_authorities()):
        raise Http404("No neighbourhoods in that local authority")
    place = current_place(la_code)
    return _png(request, map_images.neighbourhoods_png(place), place.token)


@login_required
@require_GET
def neighbourhood_png(request, pk: int, kind: str):
    from locality.analytics.places.geography import PlacesError

    hood = get_object_or_404(Neighbourhood, pk=pk)
    if kind not in map_images.MAPPED_IDS:
        raise Http404("No such map")
    place = current_place(hood.la_code)
    if not (place.assignment == hood.name).any():
        raise Http404("This neighbourhood has no LSOAs")
    try:
        path = map_images.neighbourhood_png(place, hood.name, kind)
    except PlacesError as error:
        raise Http404(f"No map: {error}") from error
    return _png(request, path, place.token)


def _png(request, path, token: str) -> HttpResponse:
    response = HttpResponse(path.read_bytes(), content_type="image/png")
    response["Cache-Control"] = IMMUTABLE if request.GET.get("v") == token else REVALIDATE
    return response
