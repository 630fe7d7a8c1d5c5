"""Gaps pages: services for a need within reach of each neighbourhood, as a table, map, CSV, PNG.

Any signed-in member of staff may see them (analysts too): the figures are aggregate directory
data, with confidential services left out. The reads are in `locality.directory.gaps`.
"""

import math
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from locality.directory import gaps as g

DISTANCES = [
    (800, "800 metres (about a 10-minute walk)"),
    (1600, "1,600 metres, a mile (about a 20-minute walk)"),
    (3200, "3,200 metres, 2 miles (about a 40-minute walk)"),
    (4800, "4,800 metres, 3 miles (about an hour's walk)"),
]


class GapsForm(forms.Form):
    la = forms.ChoiceField(
        label="Local authority",
        error_messages={"invalid_choice": "Select a local authority from the list"},
    )
    need = forms.ChoiceField(
        label="Need",
        error_messages={
            "required": "Select a need",
            "invalid_choice": "Select a need from the list",
        },
    )
    within = forms.TypedChoiceField(
        label="Distance from where people live",
        coerce=int,
        choices=DISTANCES,
        help_text="Along streets and paths: the straight line times 1.3",
        error_messages={"invalid_choice": "Select a distance from the list"},
    )

    def __init__(self, data, *, areas, needs, need_required=True):
        need_choices = [(n.code, n.name) for n in needs]
        if not need_required:
            need_choices.insert(0, ("", "All needs"))
        defaults = {
            "la": areas[0][0] if areas else "",
            "need": need_choices[0][0] if need_choices else "",
            "within": str(int(g.DEFAULT_WITHIN_M)),
        }
        super().__init__({**defaults, **data.dict()})  # always bound: the defaults show gaps
        self.ready = bool(areas and needs)  # anything to choose from yet
        self.fields["la"].choices = areas
        self.fields["need"].choices = need_choices
        self.fields["need"].required = need_required


def _form(request, *, need_required=True) -> GapsForm:
    return GapsForm(
        request.GET, areas=g.gap_areas(), needs=g.need_categories(), need_required=need_required
    )


def _query(form: GapsForm) -> dict:
    data = form.cleaned_data
    return {"la_code": data["la"], "need": data["need"] or None, "within_m": data["within"]}


@login_required
@require_GET
def gaps(request):
    form = _form(request)
    need_gaps = g.gaps_for_need(**_query(form)) if form.ready and form.is_valid() else None
    context = {"form": form, "gaps": need_gaps, "rows": [], "map": None}
    if need_gaps is not None:
        context |= {"rows": [_row(r) for r in need_gaps.rows], "map": _map(need_gaps)}
        context |= {"bands": g.reach_bands(x.services_reachable for x in need_gaps.lsoas)}
        context["query"] = urlencode({k: form.cleaned_data[k] for k in ("la", "need", "within")})
    return render(request, "directory/gaps.html", context)


@login_required
@require_GET
def gaps_csv(request):
    form = _form(request, need_required=False)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose a need and distance from the gaps page")
    query = _query(form)
    name = f"gaps-{query['la_code']}-{query['need'] or 'all-needs'}-{query['within_m']}m.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    g.gaps_csv(query["la_code"], query["within_m"], need=query["need"], out=response)
    return response


@login_required
@require_GET
def gaps_png(request):
    form = _form(request)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose a need and distance from the gaps page")
    return HttpResponse(g.gaps_png(g.gaps_for_need(**_query(form))), content_type="image/png")


def _row(row: g.GapRow) -> dict:
    share = row.share_covered
    return {
        "neighbourhood": row.neighbourhood,
        "services": row.services_reachable,
        "residents": row.residents,
        "per_service": g.residents_per_service_text(row.residents_per_service),
        "lsoas_with_none": row.lsoas_with_none,
        "residents_with_none": row.residents_with_none,
        "share": "no residents" if math.isnan(share) else f"{share:.0%}",
    }


def _map(need_gaps: g.NeedGaps) -> dict:
    return {
        "geojson": g.gaps_geojson(need_gaps),
        "tiles": getattr(settings, "LOCALITY_MAP_TILES", ""),
        "attribution": getattr(settings, "LOCALITY_MAP_ATTRIBUTION", ""),
        "boundaries": g.BOUNDARY_ATTRIBUTION,
        "none": g.NONE,
    }
