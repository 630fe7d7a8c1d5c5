"""Information governance pages: the audit log, who looked at a person, break-glass review.

Each page asks a selector in `locality.governance.selectors`, which checks the
permission and audits the page view. A refusal is a 404, as everywhere.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from locality.governance import services
from locality.governance.exceptions import AccessDenied, GovernanceError
from locality.governance.forms_ig import AuditSearchForm, BreakGlassReviewForm
from locality.governance.selectors import (
    BreakGlassNotFound,
    audit_chain_verify,
    audit_event_search,
    audit_person_access,
    break_glass_get_for_review,
    break_glass_list_for_review,
)

PAGE_SIZE = 50


def _not_found(request):
    return render(request, "governance/ig_not_found.html", status=404)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
@require_GET
def audit_log(request):
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    try:
        events = audit_event_search(request.user, **filters)
    except AccessDenied:
        return _not_found(request)
    page = None if form.errors else _page(request, events)
    return render(request, "governance/ig_audit.html", {"form": form, "page": page})


@login_required
@require_GET
def person_access(request, pseudo_id: str):
    try:
        access = audit_person_access(request.user, pseudo_id)
    except AccessDenied:
        return _not_found(request)
    context = {
        "pseudo_id": pseudo_id,
        "by_staff": access.by_staff,
        "page": _page(request, access.events),
    }
    return render(request, "governance/ig_person_access.html", context)


@login_required
@require_GET
def verify(request):
    try:
        result = audit_chain_verify(request.user)
    except AccessDenied:
        return _not_found(request)
    return render(request, "governance/ig_verify.html", {"result": result})


@login_required
@require_GET
def break_glass_list(request):
    try:
        grants = break_glass_list_for_review(request.user)
    except AccessDenied:
        return _not_found(request)
    return render(request, "governance/ig_break_glass_list.html", {"page": _page(request, grants)})


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_review(request, pk: int):
    try:
        grant = break_glass_get_for_review(request.user, pk)
    except (AccessDenied, BreakGlassNotFound):
        return _not_found(request)
    form = BreakGlassReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_review(by=request.user, grant=grant, **form.cleaned_data)
        except AccessDenied:
            return _not_found(request)
        except GovernanceError as exc:
            form.add_error("outcome", str(exc)[:1].upper() + str(exc)[1:])
        else:
            messages.success(request, "Review recorded")
            return redirect("ig:break_glass_list")
    return render(request, "governance/ig_break_glass_review.html", {"grant": grant, "form": form})
