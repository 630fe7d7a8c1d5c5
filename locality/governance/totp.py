"""Time-based one-time passwords (RFC 6238) for staff sign-in."""

import pyotp
import segno
from django.db import transaction
from django.utils import timezone

from locality.governance.models import User

ISSUER = "Locality"


def totp_begin(user: User) -> str:
    """Give the user a new, unconfirmed secret and return it."""
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = None
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(user: User) -> str:
    return segno.make(provisioning_uri(user)).svg_inline(scale=5, title="Sign-in QR code")


def totp_verify(user: User, code: str) -> bool:
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not user.totp_secret or len(code) != 6:
        return False
    return pyotp.TOTP(user.totp_secret).verify(code, valid_window=1)


@transaction.atomic
def totp_confirm(user: User, code: str) -> bool:
    if not totp_verify(user, code):
        return False
    if user.totp_confirmed_at is None:
        user.totp_confirmed_at = timezone.now()
        user.save(update_fields=["totp_confirmed_at"])
    return True
