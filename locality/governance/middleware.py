"""Send a signed-in user to the two-factor step until they have passed it."""

from django.conf import settings
from django.shortcuts import redirect

SESSION_KEY = "locality_totp_verified"
OPEN_PREFIXES = ("/account/", "/static/", "/healthz", "/api/", "/oruk/")


def two_factor_needed(request) -> bool:
    user = request.user
    if not user.is_authenticated or request.session.get(SESSION_KEY):
        return False
    return settings.LOCALITY_REQUIRE_TOTP or user.has_totp


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(OPEN_PREFIXES) and two_factor_needed(request):
            return redirect("governance:two_factor")
        return self.get_response(request)
