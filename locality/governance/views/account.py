from django.contrib.auth import authenticate, login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from locality.governance import totp
from locality.governance.forms import LoginForm, TotpForm
from locality.governance.middleware import SESSION_KEY, two_factor_needed
from locality.governance.models import User

LOGIN_FAILED = "Enter a correct email address and password. Accounts lock after repeated failures."


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, email=form.cleaned_data["email"], password=form.cleaned_data["password"]
        )
        if user is not None:
            login(request, user)
            request.session[SESSION_KEY] = False
            return redirect(_next_url(request))
        form.add_error(None, LOGIN_FAILED)
    return render(request, "governance/login.html", {"form": form, "next": _next_url(request)})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("governance:login")


@require_http_methods(["GET", "POST"])
def two_factor(request):
    if not request.user.is_authenticated:
        return redirect("governance:login")
    if not two_factor_needed(request):
        return redirect("home")
    user: User = request.user
    setting_up = not user.has_totp
    if setting_up and not user.totp_secret:
        totp.totp_begin(user)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp.totp_confirm(user, form.cleaned_data["code"]):
            request.session.cycle_key()
            request.session[SESSION_KEY] = True
            return redirect("home")
        form.add_error("code", "The security code is wrong or has expired")
    context = {"form": form, "setting_up": setting_up}
    if setting_up:
        context |= {"qr_svg": totp.qr_svg(user), "secret": user.totp_secret}
    return render(request, "governance/two_factor.html", context)
