from django.urls import path

from locality.governance.views import account

app_name = "governance"

urlpatterns = [
    path("login/", account.login_view, name="login"),
    path("logout/", account.logout_view, name="logout"),
    path("two-factor/", account.two_factor, name="two_factor"),
]
