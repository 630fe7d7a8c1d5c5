import pyotp
import pytest

from tests.factories import PASSWORD


@pytest.fixture
def totp_required(settings):
    settings.LOCALITY_REQUIRE_TOTP = True


def sign_in(client, user):
    return client.post("/account/login/", {"email": user.email, "password": PASSWORD})


def test_two_factor_setup_then_sign_in(client, coordinator, totp_required):
    sign_in(client, coordinator)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/account/two-factor/"
    page = client.get("/account/two-factor/")
    assert b"Set up two-factor sign-in" in page.content and b"<svg" in page.content
    coordinator.refresh_from_db()
    wrong = client.post("/account/two-factor/", {"code": "000000"})
    assert b"The security code is wrong" in wrong.content
    code = pyotp.TOTP(coordinator.totp_secret).now()
    assert client.post("/account/two-factor/", {"code": code})["Location"] == "/"
    assert client.get("/").status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.has_totp


def test_two_factor_blocks_pages_until_verified(
    client, coordinator, person_on_caseload, totp_required
):
    sign_in(client, coordinator)
    response = client.get(f"/people/{person_on_caseload.pseudo_id}/")
    assert response.status_code == 302 and response["Location"] == "/account/two-factor/"


def test_two_factor_second_sign_in_asks_for_code_only(client, coordinator, totp_required):
    sign_in(client, coordinator)
    client.get("/account/two-factor/")
    coordinator.refresh_from_db()
    client.post("/account/two-factor/", {"code": pyotp.TOTP(coordinator.totp_secret).now()})
    client.post("/account/logout/")
    sign_in(client, coordinator)
    page = client.get("/account/two-factor/")
    assert b"Enter your security code" in page.content and b"<svg" not in page.content


def test_two_factor_used_in_demo_when_user_has_set_it_up(client, coordinator, settings):
    settings.LOCALITY_REQUIRE_TOTP = False
    coordinator.totp_secret = pyotp.random_base32()
    from django.utils import timezone

    coordinator.totp_confirmed_at = timezone.now()
    coordinator.save()
    sign_in(client, coordinator)
    assert client.get("/")["Location"] == "/account/two-factor/"


def test_two_factor_not_needed_when_optional(client, coordinator, settings):
    settings.LOCALITY_REQUIRE_TOTP = False
    sign_in(client, coordinator)
    assert client.get("/").status_code == 200


def test_login_with_wrong_password_shows_error(client, coordinator):
    response = client.post("/account/login/", {"email": coordinator.email, "password": "nope"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content


def test_login_next_url_must_be_local(client, coordinator):
    response = client.post(
        "/account/login/?next=https://evil.example/",
        {"email": coordinator.email, "password": PASSWORD},
    )
    assert response["Location"] == "/"


def test_session_expires_after_idle_time(settings):
    from locality.config import settings as product

    assert product.SESSION_COOKIE_AGE == 30 * 60
    assert product.SESSION_SAVE_EVERY_REQUEST and product.SESSION_EXPIRE_AT_BROWSER_CLOSE
