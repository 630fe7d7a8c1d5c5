"""The person pages: record, break-glass and consent, each with its audit trail."""

import pytest
from django.urls import reverse

from locality.core.nhs_number import format_spaced
from locality.governance.models import AuditEvent, BreakGlass, ConsentRecord
from tests.factories import (
    BreakGlassFactory,
    ConsentRecordFactory,
    OrganisationFactory,
    PersonFactory,
    ReferralFactory,
)

BREAK_GLASS_REASON = "Found collapsed at home; paramedics ask about known conditions"


def detail_url(person_or_id):
    return reverse("people:detail", args=[getattr(person_or_id, "pseudo_id", person_or_id)])


def break_glass_url(person_or_id):
    return reverse("people:break_glass", args=[getattr(person_or_id, "pseudo_id", person_or_id)])


def consent_url(person):
    return reverse("people:consent", args=[person.pseudo_id])


def events(**filters):
    return AuditEvent.objects.filter(**filters)


# people:detail


def test_person_detail_shows_the_record_and_audits_the_read(login, coordinator, person_on_caseload):
    person = person_on_caseload
    response = login(coordinator).get(detail_url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert person.full_name in html
    assert format_spaced(person.nhs_number) in html
    assert "17 May 1950" in html
    assert person.postcode in html and person.lsoa_code in html
    assert person.household.pseudo_id in html
    assert "York North Neighbourhood Team" in html
    read = events(action="read", person=person.pseudo_id, actor=coordinator.email).get()
    assert read.outcome == "allowed"
    assert read.object_type == "people.person"
    assert read.detail == {"basis": "caseload"}
    assert read.request_id == response["X-Request-Id"]


def test_person_detail_shows_consents_and_referrals(
    login, coordinator, organisation, person_on_caseload
):
    person = person_on_caseload
    housing = OrganisationFactory(name="York Housing")
    ReferralFactory(
        person=person,
        from_organisation=organisation,
        to_organisation=housing,
        reason="Damp in the flat",
    )
    ConsentRecordFactory(
        person=person, purpose=ConsentRecord.Purpose.EVALUATION, status=ConsentRecord.Status.GIVEN
    )
    ConsentRecordFactory(
        person=person,
        purpose=ConsentRecord.Purpose.EVALUATION,
        status=ConsentRecord.Status.WITHDRAWN,
        note="Changed her mind",
    )
    html = login(coordinator).get(detail_url(person)).content.decode()
    assert "York Housing" in html and "Damp in the flat" in html
    assert "Use in evaluation of the programme" in html
    assert "Changed her mind" in html
    assert html.count("Use in evaluation of the programme") == 1  # only the latest statement


def test_person_detail_signed_out_redirects_to_login(client, person_on_caseload):
    response = client.get(detail_url(person_on_caseload))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert not events(person=person_on_caseload.pseudo_id).exists()


def test_person_detail_stranger_gets_404_offering_break_glass(login, stranger, person_on_caseload):
    person = person_on_caseload
    response = login(stranger).get(detail_url(person))
    assert response.status_code == 404
    html = response.content.decode()
    assert person.full_name not in html
    assert break_glass_url(person) in html
    refused = events(actor=stranger.email, person=person.pseudo_id).get()
    assert (refused.action, refused.outcome) == ("person.view", "refused")


def test_person_detail_unknown_person_looks_the_same_as_refused(login, stranger):
    response = login(stranger).get(detail_url("PNOSUCHPERSON"))
    assert response.status_code == 404
    assert break_glass_url("PNOSUCHPERSON") in response.content.decode()
    refused = events(actor=stranger.email, person="PNOSUCHPERSON").get()
    assert refused.outcome == "refused"
    assert refused.detail == {"found": False}


def test_person_detail_analyst_gets_404_even_with_caseload_on_team(
    login, analyst, person_on_caseload
):
    person = person_on_caseload
    response = login(analyst).get(detail_url(person))
    assert response.status_code == 404
    html = response.content.decode()
    assert person.full_name not in html
    assert break_glass_url(person) not in html  # the analyst's role may not break the glass
    assert events(actor=analyst.email, person=person.pseudo_id, outcome="refused").count() == 1
    assert not events(actor=analyst.email, outcome="allowed").exists()


def test_person_detail_ig_lead_gets_404_without_break_glass_offer(
    login, ig_lead, person_on_caseload
):
    response = login(ig_lead).get(detail_url(person_on_caseload))
    assert response.status_code == 404
    assert break_glass_url(person_on_caseload) not in response.content.decode()


# people:break_glass


def test_break_glass_page_warns_and_asks_for_a_reason(login, stranger, person):
    response = login(stranger).get(break_glass_url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This will be recorded and reviewed by your information governance lead" in html
    assert 'name="reason"' in html and 'for="id_reason"' in html
    assert person.full_name not in html  # nothing identifiable before the glass is broken
    assert not BreakGlass.objects.exists()


def test_break_glass_signed_out_redirects_to_login(client, person):
    for response in (
        client.get(break_glass_url(person)),
        client.post(break_glass_url(person), {"reason": BREAK_GLASS_REASON}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")
    assert not BreakGlass.objects.exists()


def test_break_glass_role_without_permission_gets_404_and_refused_event(login, analyst, person):
    client = login(analyst)
    assert client.get(break_glass_url(person)).status_code == 404
    response = client.post(break_glass_url(person), {"reason": BREAK_GLASS_REASON})
    assert response.status_code == 404
    assert not BreakGlass.objects.exists()
    refused = events(actor=analyst.email, person=person.pseudo_id)
    assert refused.count() == 2
    assert {(e.action, e.outcome) for e in refused} == {("breakglass.use", "refused")}


def test_break_glass_unknown_person_gets_404_and_refused_event(login, stranger):
    response = login(stranger).post(
        break_glass_url("PNOSUCHPERSON"), {"reason": BREAK_GLASS_REASON}
    )
    assert response.status_code == 404
    assert not BreakGlass.objects.exists()
    refused = events(actor=stranger.email, person="PNOSUCHPERSON").get()
    assert (refused.action, refused.outcome) == ("breakglass.use", "refused")


@pytest.mark.parametrize("reason", ["", "   "])
def test_break_glass_without_reason_shows_error_and_grants_nothing(login, stranger, person, reason):
    response = login(stranger).post(break_glass_url(person), {"reason": reason})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter the reason you need emergency access" in html
    assert not BreakGlass.objects.exists()
    assert not events(action="break_glass").exists()


def test_break_glass_too_short_reason_is_a_form_error(login, stranger, person):
    response = login(stranger).post(break_glass_url(person), {"reason": "urgent"})
    assert response.status_code == 200
    assert "Give a reason of at least 10 characters" in response.content.decode()
    assert not BreakGlass.objects.exists()


def test_break_glass_then_stranger_sees_the_record(login, stranger, person):
    client = login(stranger)
    assert client.get(detail_url(person)).status_code == 404
    response = client.post(break_glass_url(person), {"reason": BREAK_GLASS_REASON})
    assert response.status_code == 302
    assert response["Location"] == detail_url(person)
    grant = BreakGlass.objects.get(user=stranger, person=person)
    assert grant.reason == BREAK_GLASS_REASON and grant.is_active
    started = events(action="break_glass", actor=stranger.email).get()
    assert started.outcome == "allowed"
    assert started.person == person.pseudo_id
    assert started.object_type == "governance.breakglass"
    assert started.detail["reason"] == BREAK_GLASS_REASON

    response = client.get(detail_url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert person.full_name in html
    assert "break-glass access until" in html
    read = events(action="read", actor=stranger.email, person=person.pseudo_id).get()
    assert read.detail == {"basis": "break_glass"}


# people:consent


def test_consent_page_shows_the_form(login, coordinator, person_on_caseload):
    response = login(coordinator).get(consent_url(person_on_caseload))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Record consent" in html
    assert 'for="id_purpose"' in html and 'for="id_organisation"' in html
    assert "City of York Council" in html
    assert events(action="read", purpose="consent", actor=coordinator.email).count() == 1


def test_consent_signed_out_redirects_to_login(client, person_on_caseload):
    response = client.post(
        consent_url(person_on_caseload), {"purpose": "evaluation", "status": "given"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert not ConsentRecord.objects.exists()


def test_consent_stranger_gets_404_and_refused_event(login, stranger, person_on_caseload):
    person = person_on_caseload
    response = login(stranger).post(
        consent_url(person), {"purpose": "evaluation", "status": "withdrawn"}
    )
    assert response.status_code == 404
    assert not ConsentRecord.objects.exists()
    refused = events(actor=stranger.email, person=person.pseudo_id).get()
    assert refused.outcome == "refused"


def test_consent_recorded_and_audited(login, coordinator, person_on_caseload):
    person = person_on_caseload
    response = login(coordinator).post(
        consent_url(person),
        {"purpose": "evaluation", "status": "withdrawn", "note": "By phone"},
        follow=True,
    )
    assert response.redirect_chain == [(detail_url(person), 302)]
    assert "Consent recorded" in response.content.decode()
    record = ConsentRecord.objects.get(person=person)
    assert (record.purpose, record.status, record.note) == ("evaluation", "withdrawn", "By phone")
    assert record.organisation is None and record.recorded_by == coordinator
    change = events(action="change", person=person.pseudo_id).get()
    assert change.actor == coordinator.email
    assert change.object_type == "governance.consentrecord"
    assert change.detail == {"consent": "evaluation", "status": "withdrawn", "organisation": ""}


def test_consent_direct_care_needs_an_organisation(login, coordinator, person_on_caseload):
    response = login(coordinator).post(
        consent_url(person_on_caseload), {"purpose": "direct_care", "status": "given"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Choose the organisation the record is shared with" in html
    assert not ConsentRecord.objects.exists()
    assert not events(action="change").exists()


def test_consent_missing_choices_show_errors(login, coordinator, person_on_caseload):
    response = login(coordinator).post(consent_url(person_on_caseload), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select what the consent is for" in html
    assert 'href="#id_purpose"' in html
    assert not ConsentRecord.objects.exists()


def test_consent_withdrawn_from_own_organisation_ends_access_at_once(
    login, coordinator, organisation, person_on_caseload
):
    person = person_on_caseload
    client = login(coordinator)
    response = client.post(
        consent_url(person),
        {
            "purpose": "direct_care",
            "organisation": organisation.pk,
            "status": "withdrawn",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    record = ConsentRecord.objects.get(person=person)
    assert (record.organisation, record.status) == (organisation, "withdrawn")
    change = events(action="change", person=person.pseudo_id).get()
    assert change.detail["organisation"] == organisation.name

    response = client.get(detail_url(person))
    assert response.status_code == 404
    assert person.full_name not in response.content.decode()
    refused = events(actor=coordinator.email, person=person.pseudo_id, outcome="refused")
    assert refused.count() == 1


def test_consent_for_another_organisation_keeps_access(login, coordinator, person_on_caseload):
    person = person_on_caseload
    other = OrganisationFactory(name="Another Practice")
    response = login(coordinator).post(
        consent_url(person),
        {
            "purpose": "direct_care",
            "organisation": other.pk,
            "status": "withdrawn",
        },
    )
    assert response["Location"] == detail_url(person)


def test_break_glass_overrides_withdrawn_consent(login, stranger, person):
    ConsentRecordFactory(
        person=person,
        purpose=ConsentRecord.Purpose.DIRECT_CARE,
        organisation=stranger.organisation,
        status=ConsentRecord.Status.WITHDRAWN,
    )
    BreakGlassFactory(user=stranger, person=person)
    assert login(stranger).get(detail_url(person)).status_code == 200


def test_person_pages_do_not_show_other_people(login, coordinator, person_on_caseload):
    other = PersonFactory()
    client = login(coordinator)
    assert client.get(detail_url(other)).status_code == 404
    assert client.get(consent_url(other)).status_code == 404
