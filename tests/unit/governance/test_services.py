import pytest
from django.conf import settings

from locality.governance import services
from locality.governance.exceptions import AccessDenied, GovernanceError
from locality.governance.models import AuditEvent, ConsentRecord
from locality.people import services as people_services
from locality.referrals.services import referral_open
from tests.factories import OrganisationFactory, UserFactory


def test_consent_record_is_append_only(coordinator, person_on_caseload):
    record = services.consent_record(
        by=coordinator, person=person_on_caseload, purpose="evaluation", status="given"
    )
    with pytest.raises(TypeError):
        record.save()
    with pytest.raises(TypeError):
        record.delete()


def test_consent_for_direct_care_must_name_organisation(coordinator, person_on_caseload):
    with pytest.raises(GovernanceError, match="name the organisation"):
        services.consent_record(
            by=coordinator, person=person_on_caseload, purpose="direct_care", status="given"
        )
    assert not ConsentRecord.objects.exists()


def test_consent_record_refused_without_relationship(stranger, person):
    with pytest.raises(AccessDenied):
        services.consent_record(by=stranger, person=person, purpose="evaluation", status="given")
    assert AuditEvent.objects.get().outcome == "refused"


def test_referral_refused_when_consent_to_referral_withdrawn(coordinator, person_on_caseload):
    services.consent_record(
        by=coordinator, person=person_on_caseload, purpose="referral", status="withdrawn"
    )
    with pytest.raises(GovernanceError, match="withdrawn consent"):
        referral_open(
            by=coordinator, person=person_on_caseload, to_organisation=OrganisationFactory()
        )


def test_referral_gives_receiving_organisation_access(coordinator, person_on_caseload, stranger):
    from locality.governance.access import can

    referral_open(by=coordinator, person=person_on_caseload, to_organisation=stranger.organisation)
    assert can(stranger, "person.view", person_on_caseload)


def test_break_glass_review_once_by_ig_lead(stranger, person, ig_lead, coordinator):
    grant = services.break_glass_start(
        by=stranger, person=person, reason="Resident found unwell, no next of kin known"
    )
    with pytest.raises(AccessDenied):
        services.break_glass_review(by=coordinator, grant=grant, outcome="appropriate")
    services.break_glass_review(by=ig_lead, grant=grant, outcome="appropriate", note="ok")
    with pytest.raises(GovernanceError, match="already"):
        services.break_glass_review(by=ig_lead, grant=grant, outcome="inappropriate")
    assert AuditEvent.objects.filter(actor=ig_lead.email, purpose="break-glass review").count() == 1


def test_token_create_and_lookup(coordinator):
    token = services.token_create(by=coordinator, user=coordinator)
    assert services.token_user(token) == coordinator
    assert services.token_user(token + "x") is None
    coordinator.is_active = False
    coordinator.save()
    assert services.token_user(token) is None


def test_token_is_stored_only_as_digest(coordinator):
    token = services.token_create(by=coordinator, user=coordinator)
    stored = coordinator.tokens.get()
    assert token not in (stored.digest, stored.prefix) and stored.digest != token


def test_user_ensure_rejects_unknown_role(organisation, coordinator):
    with pytest.raises(ValueError, match="unknown role"):
        services.user_ensure(
            by=coordinator,
            email="x@example.org",
            full_name="X",
            organisation=organisation,
            role="wizard",
            password="a" * 12,
        )


def test_people_register_is_all_or_nothing(coordinator, team):
    good = {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "date_of_birth": "1950-01-01",
        "nhs_number": "9434765919",
    }
    bad = {
        "given_name": "Bad",
        "family_name": "Number",
        "date_of_birth": "1950-01-01",
        "nhs_number": "9434765918",
    }
    with pytest.raises(GovernanceError, match="person 2: nhs_number"):
        people_services.people_register(by=coordinator, people=[good, bad], caseload_team=team)
    from locality.people.models import Person

    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="create").exists()


def test_people_register_puts_people_on_registering_team_caseload(coordinator, team):
    from locality.governance.access import can

    person = people_services.person_create(
        by=coordinator,
        caseload_team=team,
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth="1950-01-01",
    )
    assert can(coordinator, "person.view", person)
    assert AuditEvent.objects.filter(action="create", person=person.pseudo_id).count() == 2


def test_person_register_into_another_team_refused(coordinator, stranger):
    with pytest.raises(GovernanceError, match="not a member"):
        people_services.person_create(
            by=coordinator,
            caseload_team=stranger.team,
            given_name="A",
            family_name="B",
            date_of_birth="1950-01-01",
        )


def test_person_update_audits_changed_fields(coordinator, person_on_caseload):
    people_services.person_update(by=coordinator, person=person_on_caseload, postcode="YO10 5DD")
    event = AuditEvent.objects.get(action="change")
    assert event.detail == {"fields": ["postcode"]}


def test_person_update_refused_for_stranger(stranger, person):
    with pytest.raises(AccessDenied):
        people_services.person_update(by=stranger, person=person, postcode="YO10 5DD")


def test_product_settings_hash_passwords_with_argon2():
    from locality.config import settings as product

    assert product.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "governance.User"


def test_lockout_after_repeated_failures(client, coordinator):
    from tests.factories import PASSWORD

    for _ in range(settings.LOCALITY_LOCKOUT_FAILURES):
        client.post("/account/login/", {"email": coordinator.email, "password": "wrong"})
    response = client.post("/account/login/", {"email": coordinator.email, "password": PASSWORD})
    assert response.status_code == 200  # the right password no longer works while locked
    coordinator.refresh_from_db()
    assert coordinator.is_locked


def test_unlocked_user_logs_in(client, coordinator):
    from tests.factories import PASSWORD

    response = client.post("/account/login/", {"email": coordinator.email, "password": PASSWORD})
    assert response.status_code == 302


def test_staff_user_of_other_org_cannot_register_into_team(db):
    user = UserFactory(role="practitioner")
    with pytest.raises(AccessDenied):
        people_services.person_create(
            by=UserFactory(role="analyst"),
            given_name="A",
            family_name="B",
            date_of_birth="1950-01-01",
        )
    assert user.pk
