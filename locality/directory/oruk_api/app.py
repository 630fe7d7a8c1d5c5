"""The ORUK NinjaAPI: every URL open to any origin (CORS), and 400s that name the parameter."""

import functools

from django.http import HttpResponse
from django.urls import URLPattern
from ninja import NinjaAPI
from ninja.errors import ValidationError

ORUK_VERSION = "3.0"
ORUK_PROFILE_URL = "https://openreferraluk.org/developers/specifications"
CORS_PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type",
    "Access-Control-Max-Age": "86400",
    "Allow": "GET, OPTIONS",
}


def with_cors(view):
    """Any origin may read; an OPTIONS preflight is answered here, without the view."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            for header, value in CORS_PREFLIGHT_HEADERS.items():
                response[header] = value
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


class OrukApi(NinjaAPI):
    """A NinjaAPI whose every URL, the OpenAPI document and docs included, is `with_cors`."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        wrapped = [
            URLPattern(p.pattern, with_cors(p.callback), p.default_args, p.name)
            if isinstance(p, URLPattern)
            else p
            for p in patterns
        ]
        return wrapped, app_name, namespace


oruk_api = OrukApi(
    title="Open Referral UK API (Locality)",
    version=ORUK_VERSION,
    description="The open directory as Open Referral UK v3. Public: no sign-in. "
    "Confidential services and locations are never published.",
    urls_namespace="oruk",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@oruk_api.exception_handler(ValidationError)
def bad_parameter(request, exc: ValidationError):
    problems = [f"{_parameter(e['loc'])}: {e['msg']}" for e in exc.errors]
    detail = "Invalid query parameter " + "; ".join(problems)
    return oruk_api.create_response(request, {"detail": detail}, status=400)


def _parameter(loc) -> str:
    return str(loc[-1]) if loc else "request"
