"""Stewardship pages: my services, the public suggestion form, moderation and duplicates.

Each page calls the services and reads in `locality.directory.stewardship`. A refusal (the
queues need `directory.edit`) or an unknown id is a 404, as everywhere.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from locality.directory import stewardship as st
from locality.directory.forms_stewardship import DuplicateForm, ModerationForm, SuggestionForm
from locality.governance.exceptions import AccessDenied, GovernanceError

PAGE_SIZE = 50
REFUSED = (AccessDenied, st.StewardshipNotFound)


def _not_found(request):
    return render(request, "directory/stewardship_not_found.html", status=404)


def _sentence(exc: Exception) -> str:
    return str(exc)[:1].upper() + str(exc)[1:]


@login_required
@require_GET
def my_services(request):
    context = {
        "owned": st.services_list_owned(request.user),
        "unverified": st.services_list_unverified(request.user),
        "stale_days": st.STALE_DAYS,
    }
    return render(request, "directory/stewardship_my_services.html", context)


@login_required
@require_POST
def assure(request, service_id: str):
    try:
        service = st.service_assure(by=request.user, service=st.service_get(service_id))
    except REFUSED:
        return _not_found(request)
    messages.success(request, f"You confirmed that {service.name} is still right")
    return redirect("directory:my_services")


@require_http_methods(["GET", "POST"])
def suggest(request):
    """Public: residents suggest an asset. No sign-in."""
    form = SuggestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            return redirect("directory:suggest_thanks")  # look the same to a robot
        try:
            st.suggestion_submit(**form.suggestion())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("directory:suggest_thanks")
    return render(request, "directory/stewardship_suggest.html", {"form": form})


@require_GET
def suggest_thanks(request):
    return render(request, "directory/stewardship_suggest_thanks.html")


@login_required
@require_GET
def moderation(request):
    try:
        suggestions = st.suggestions_list_pending(request.user)
    except AccessDenied:
        return _not_found(request)
    page = Paginator(suggestions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/stewardship_moderation.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def moderation_review(request, pk: int):
    try:
        suggestion = st.suggestion_get_for_review(request.user, pk)
    except REFUSED:
        return _not_found(request)
    form = ModerationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message = _moderate(request.user, suggestion, form.cleaned_data)
        except AccessDenied:
            return _not_found(request)
        except GovernanceError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, message)
            return redirect("directory:moderation")
    context = {"suggestion": suggestion, "form": form}
    return render(request, "directory/stewardship_moderation_review.html", context)


def _moderate(user, suggestion, data) -> str:
    if data["decision"] == "reject":
        st.suggestion_reject(by=user, suggestion=suggestion, note=data["note"])
        return f"{suggestion.name} was not added"
    service = st.suggestion_accept(
        by=user,
        suggestion=suggestion,
        organization_name=data["organization_name"],
        is_asset=data["kind"] != "service",
        note=data["note"],
    )
    return f"{service.name} was added to the directory. It is in your services to keep right."


@login_required
@require_GET
def duplicates(request):
    try:
        candidates = st.duplicates_list_open(request.user)
    except AccessDenied:
        return _not_found(request)
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/stewardship_duplicates.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def duplicate_review(request, pk: int):
    try:
        candidate = st.duplicate_get_for_review(request.user, pk)
    except REFUSED:
        return _not_found(request)
    form = DuplicateForm(request.POST if request.method == "POST" else None, candidate=candidate)
    if request.method == "POST" and form.is_valid():
        try:
            message = _resolve(request.user, candidate, form.cleaned_data["decision"])
        except AccessDenied:
            return _not_found(request)
        except GovernanceError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, message)
            return redirect("directory:duplicates")
    rows = st.duplicate_comparison(candidate)
    context = {"candidate": candidate, "form": form, "rows": rows}
    return render(request, "directory/stewardship_duplicate_review.html", context)


def _resolve(user, candidate, decision: str) -> str:
    if decision == "distinct":
        st.duplicate_dismiss(by=user, candidate=candidate)
        return "Marked as not duplicates. This pair will not be suggested again."
    keep = candidate.first if decision == "first" else candidate.second
    st.duplicate_merge(by=user, candidate=candidate, keep=keep)
    return f"Merged into {keep.name}. The other record is now marked defunct."
