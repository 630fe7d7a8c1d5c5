"""The JSON API: django-ninja at /api/, OpenAPI at /api/docs."""

from ninja import NinjaAPI
from ninja.security import HttpBearer

from locality import __version__
from locality.governance.services import token_user


class StaffBearer(HttpBearer):
    def authenticate(self, request, token):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Locality API",
    version=__version__,
    description="Staff API. Every call is access-checked and audited.",
    auth=StaffBearer(),
    docs_url="/docs",
    urls_namespace="api",
)

api.add_router("/people", "locality.people.api.router")
api.add_router("/population", "locality.population.api.router")
api.add_router("/", "locality.governance.api.router")
