"""Email and password login with lock-out after repeated failures."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.hashers import make_password
from django.db.models import F
from django.utils import timezone

from locality.governance.models import User


class LockoutEmailBackend(BaseBackend):
    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        email = (email or username or "").strip().lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            make_password(password)  # same work as a real check, so timing tells nothing
            return None
        if user.is_locked or not user.is_active:
            return None
        if user.check_password(password):
            if user.failed_logins:
                User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
            return user
        record_failure(user)
        return None

    def get_user(self, user_id):
        user = User.objects.select_related("organisation", "team").filter(pk=user_id).first()
        return user if user is not None and user.is_active else None


def record_failure(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins"])
    if user.failed_logins >= settings.LOCALITY_LOCKOUT_FAILURES:
        until = timezone.now() + timedelta(minutes=settings.LOCALITY_LOCKOUT_MINUTES)
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=until)
