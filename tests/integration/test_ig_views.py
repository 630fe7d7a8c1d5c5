"""The information governance pages: audit log, who looked at a person, break-glass review."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from locality.governance import audit
from locality.governance.models import AuditEvent, BreakGlass
from tests.factories import BreakGlassFactory, PersonFactory, UserFactory

AUDIT_URL = reverse("ig:audit")
VERIFY_URL = reverse("ig:verify")
BREAK_GLASS_LIST_URL = reverse("ig:break_glass_list")


def person_access_url(pseudo_id):
    return reverse("ig:person_access", args=[pseudo_id])


def review_url(grant):
    return reverse("ig:break_glass_review", args=[grant.pk])


def page_views(user, view):
    """The `read` events written for `user` viewing the IG page `view`."""
    return AuditEvent.objects.filter(actor=user.email, action="read", detail__view=view)


@pytest.fixture
def grant(stranger, person):
    return BreakGlassFactory(user=stranger, person=person)


@pytest.fixture
def every_ig_url(grant, person):
    return [
        AUDIT_URL,
        VERIFY_URL,
        person_access_url(person.pseudo_id),
        BREAK_GLASS_LIST_URL,
        review_url(grant),
    ]


# Every page: signed out and the wrong role


def test_ig_pages_signed_out_redirect_to_login(client, every_ig_url, grant):
    for url in every_ig_url:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/login/"), url
    response = client.post(review_url(grant), {"outcome": "appropriate"})
    assert response["Location"].startswith("/account/login/")
    grant.refresh_from_db()
    assert grant.reviewed_at is None
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role_user", ["coordinator", "stranger", "analyst"])
def test_ig_pages_non_ig_user_gets_404_and_refused_event(
    request, login, every_ig_url, person, role_user
):
    user = request.getfixturevalue(role_user)
    client = login(user)
    for url in every_ig_url:
        before = AuditEvent.objects.filter(actor=user.email, outcome="refused").count()
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode()
        refused = AuditEvent.objects.filter(actor=user.email, outcome="refused")
        assert refused.count() == before + 1, url
        assert refused.order_by("-seq").first().action in {"audit.view", "breakglass.review"}
    assert not AuditEvent.objects.filter(actor=user.email, outcome="allowed").exists()


def test_break_glass_review_post_by_non_ig_user_gets_404(login, coordinator, grant):
    response = login(coordinator).post(review_url(grant), {"outcome": "appropriate"})
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.reviewed_at is None
    refused = AuditEvent.objects.get(actor=coordinator.email)
    assert (refused.action, refused.outcome) == ("breakglass.review", "refused")


# ig:audit


def test_audit_log_lists_events_newest_first_and_audits_the_view(
    login, ig_lead, coordinator, person_on_caseload
):
    audit.record(
        actor=coordinator,
        action="read",
        person=person_on_caseload,
        obj=person_on_caseload,
        purpose="direct care",
    )
    response = login(ig_lead).get(AUDIT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "coordinator@example.org" in html
    assert person_access_url(person_on_caseload.pseudo_id) in html
    seqs = [e.seq for e in response.context["page"].object_list]
    assert seqs == sorted(seqs, reverse=True)
    viewed = page_views(ig_lead, "audit").get()
    assert viewed.object_type == "" and viewed.person == ""
    assert viewed.purpose == "audit review"
    assert viewed.outcome == "allowed"
    assert viewed.detail == {"view": "audit", "filters": {}}


def test_audit_log_filters_and_records_them(login, ig_lead, coordinator, stranger):
    person, other = PersonFactory(), PersonFactory()
    audit.record(actor=coordinator, action="read", person=person, obj=person)
    audit.record(actor=stranger, action="person.view", outcome="refused", person=person)
    audit.record(actor=coordinator, action="read", person=other, obj=other)
    response = login(ig_lead).get(
        AUDIT_URL, {"person": person.pseudo_id.lower(), "outcome": "refused"}
    )
    shown = list(response.context["page"].object_list)
    assert [(e.actor, e.person) for e in shown] == [(stranger.email, person.pseudo_id)]
    viewed = page_views(ig_lead, "audit").get()
    assert viewed.detail["filters"] == {"person": person.pseudo_id, "outcome": "refused"}


def test_audit_log_filters_by_staff_action_and_dates(login, ig_lead, coordinator, stranger):
    person = PersonFactory()
    audit.record(actor=coordinator, action="read", person=person, obj=person)
    audit.record(actor=coordinator, action="change", person=person, obj=person)
    audit.record(actor=stranger, action="read", person=person, obj=person)
    today = timezone.localdate()
    client = login(ig_lead)
    response = client.get(
        AUDIT_URL,
        {
            "actor": "COORDINATOR@",
            "action": "read",
            "date_from": today.strftime("%d/%m/%Y"),
            "date_to": today.isoformat(),
        },
    )
    shown = list(response.context["page"].object_list)
    assert [(e.actor, e.action) for e in shown] == [(coordinator.email, "read")]
    tomorrow = today + datetime.timedelta(days=1)
    response = client.get(AUDIT_URL, {"date_from": tomorrow.isoformat()})
    assert list(response.context["page"].object_list) == []
    assert "No events match your search" in response.content.decode()


def test_audit_log_invalid_search_shows_error_summary(login, ig_lead):
    response = login(ig_lead).get(
        AUDIT_URL, {"date_from": "31/12/2025", "date_to": "1/1/2025", "outcome": "maybe"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The to date must be the same as or after the from date" in html
    assert response.context["page"] is None
    assert page_views(ig_lead, "audit").count() == 1


def test_audit_log_is_paginated_fifty_a_page_keeping_filters(login, ig_lead, coordinator):
    person = PersonFactory()
    audit.record_many(
        audit.event_fields(actor=coordinator, action="read", person=person) for _ in range(60)
    )
    client = login(ig_lead)
    first = client.get(AUDIT_URL, {"person": person.pseudo_id})
    assert len(first.context["page"].object_list) == 50
    assert f"person={person.pseudo_id}&amp;page=2" in first.content.decode()
    second = client.get(AUDIT_URL, {"person": person.pseudo_id, "page": 2})
    assert len(second.context["page"].object_list) == 10


# ig:person_access


def test_person_access_shows_who_looked_with_counts(
    login, ig_lead, coordinator, stranger, person_on_caseload
):
    person = person_on_caseload
    login(coordinator).get(reverse("people:detail", args=[person.pseudo_id]))
    login(coordinator).get(reverse("people:detail", args=[person.pseudo_id]))
    login(stranger).get(reverse("people:detail", args=[person.pseudo_id]))
    other = PersonFactory()
    audit.record(actor=stranger, action="read", person=other, obj=other)

    response = login(ig_lead).get(person_access_url(person.pseudo_id))
    assert response.status_code == 200
    counts = {row["actor"]: row["events"] for row in response.context["by_staff"]}
    assert counts == {coordinator.email: 2, stranger.email: 1}
    shown = list(response.context["page"].object_list)
    assert len(shown) == 3 and {e.person for e in shown} == {person.pseudo_id}
    assert {e.outcome for e in shown if e.actor == stranger.email} == {"refused"}
    html = response.content.decode()
    assert "Who has looked at this person" in html
    assert person.full_name not in html
    viewed = page_views(ig_lead, "person_access").get()
    assert viewed.detail == {"view": "person_access", "filters": {"person": person.pseudo_id}}
    assert viewed.purpose == "audit review" and viewed.object_type == ""


def test_person_access_with_no_events(login, ig_lead):
    response = login(ig_lead).get(person_access_url("PNOBODYLOOKED"))
    assert response.status_code == 200
    assert "Nobody has looked at" in response.content.decode()


# ig:verify


def test_verify_reports_an_intact_log(login, ig_lead, coordinator, person):
    audit.record(actor=coordinator, action="read", person=person, obj=person)
    response = login(ig_lead).get(VERIFY_URL)
    assert response.status_code == 200
    assert "The audit log is intact" in response.content.decode()
    assert response.context["result"].checked == AuditEvent.objects.count() - 1
    viewed = page_views(ig_lead, "verify").get()
    assert viewed.detail["ok"] is True


def test_verify_reports_a_changed_event(login, ig_lead, coordinator, person):
    event = audit.record(actor=coordinator, action="read", person=person, obj=person)
    audit.record(actor=coordinator, action="read", person=person, obj=person)
    AuditEvent.objects.filter(pk=event.pk).update(actor="someone.else@example.org")
    response = login(ig_lead).get(VERIFY_URL)
    html = response.content.decode()
    assert "The audit log has been tampered with" in html
    assert f"event {event.seq} was changed" in html
    assert page_views(ig_lead, "verify").get().detail["ok"] is False


# ig:break_glass_list and ig:break_glass_review


def test_break_glass_list_shows_unreviewed_first(login, ig_lead, stranger, person):
    now = timezone.now()
    reviewed = BreakGlassFactory(
        user=stranger,
        person=person,
        reviewed_by=ig_lead,
        reviewed_at=now,
        review_outcome="appropriate",
        started_at=now - datetime.timedelta(minutes=5),
    )
    old = BreakGlassFactory(
        user=stranger,
        person=person,
        started_at=now - datetime.timedelta(days=2),
        expires_at=now - datetime.timedelta(days=2, minutes=-60),
    )
    active = BreakGlassFactory(
        user=stranger, person=person, started_at=now - datetime.timedelta(minutes=10)
    )
    response = login(ig_lead).get(BREAK_GLASS_LIST_URL)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [active, old, reviewed]
    html = response.content.decode()
    assert "Active" in html and "Expired" in html
    assert review_url(active) in html and person.pseudo_id in html
    assert person.full_name not in html
    viewed = page_views(ig_lead, "break_glass_list").get()
    assert viewed.purpose == "break-glass review"


def test_break_glass_review_page_shows_the_use(login, ig_lead, grant, person):
    response = login(ig_lead).get(review_url(grant))
    assert response.status_code == 200
    html = response.content.decode()
    assert grant.reason in html and grant.user.email in html
    assert 'for="id_outcome"' in html
    viewed = page_views(ig_lead, "break_glass_review").get()
    assert viewed.person == person.pseudo_id
    assert viewed.detail == {"view": "break_glass_review", "break_glass": grant.pk}


def test_break_glass_review_records_the_outcome(login, ig_lead, grant):
    response = login(ig_lead).post(
        review_url(grant),
        {"outcome": "inappropriate", "note": "No emergency: spoken to"},
        follow=True,
    )
    assert response.redirect_chain == [(BREAK_GLASS_LIST_URL, 302)]
    assert "Review recorded" in response.content.decode()
    grant.refresh_from_db()
    assert (grant.reviewed_by, grant.review_outcome) == (ig_lead, "inappropriate")
    assert grant.review_note == "No emergency: spoken to"
    change = AuditEvent.objects.get(actor=ig_lead.email, action="change")
    assert change.object_type == "governance.breakglass"
    assert change.person == grant.person.pseudo_id
    assert change.detail == {"outcome": "inappropriate"}


def test_break_glass_review_without_outcome_shows_error(login, ig_lead, grant):
    response = login(ig_lead).post(review_url(grant), {"note": "Looked fine"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select whether this use was appropriate" in html
    assert 'href="#id_outcome"' in html
    grant.refresh_from_db()
    assert grant.reviewed_at is None
    assert not AuditEvent.objects.filter(action="change").exists()


def test_break_glass_review_twice_is_refused(login, ig_lead, grant):
    client = login(ig_lead)
    client.post(review_url(grant), {"outcome": "appropriate"})
    page = client.get(review_url(grant)).content.decode()
    assert "Record review" not in page and "Appropriate" in page
    response = client.post(review_url(grant), {"outcome": "inappropriate"})
    assert "This break-glass use has already been reviewed" in response.content.decode()
    grant.refresh_from_db()
    assert grant.review_outcome == "appropriate"
    assert AuditEvent.objects.filter(action="change").count() == 1


def test_break_glass_review_unknown_use_is_404(login, ig_lead):
    response = login(ig_lead).get(reverse("ig:break_glass_review", args=[999999]))
    assert response.status_code == 404


def test_break_glass_from_person_page_reaches_the_review_list(login, ig_lead, stranger, person):
    login(stranger).post(
        reverse("people:break_glass", args=[person.pseudo_id]),
        {"reason": "Neighbour reports resident fell, paramedics on scene"},
    )
    grant = BreakGlass.objects.get()
    response = login(ig_lead).get(BREAK_GLASS_LIST_URL)
    assert list(response.context["page"].object_list) == [grant]


def test_directory_editor_cannot_see_ig_pages(login, organisation):
    editor = UserFactory(role="directory_editor", organisation=organisation)
    assert login(editor).get(AUDIT_URL).status_code == 404
