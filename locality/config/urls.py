from django.urls import include, path

from locality.api import api
from locality.core import views as core_views
from locality.directory.oruk_api import oruk_api

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("account/", include("locality.governance.urls_account")),
    path("governance/", include("locality.governance.urls")),
    path("people/", include("locality.people.urls")),
    path("directory/", include("locality.directory.urls")),
    path("population/", include("locality.population.urls")),
    path("places/", include("locality.places.urls")),
    path("api/", api.urls),
    path("oruk/", oruk_api.urls),
]
