from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone

from locality.core.classification import OPERATIONAL
from locality.governance.roles import ROLES, role_for


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A member of staff. Residents are `people.Person`, never users."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="staff"
    )
    team = models.ForeignKey(
        "governance.Team", on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    role = models.CharField(max_length=30, choices=[(k, r.label) for k, r in ROLES.items()])
    is_active = models.BooleanField(default=True)
    totp_secret = models.CharField(max_length=64, blank=True, default="")
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    failed_logins = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "password": OPERATIONAL,
        "last_login": OPERATIONAL,
        "email": OPERATIONAL,
        "full_name": OPERATIONAL,
        "organisation": OPERATIONAL,
        "team": OPERATIONAL,
        "role": OPERATIONAL,
        "is_active": OPERATIONAL,
        "totp_secret": OPERATIONAL,
        "totp_confirmed_at": OPERATIONAL,
        "failed_logins": OPERATIONAL,
        "locked_until": OPERATIONAL,
        "date_joined": OPERATIONAL,
    }

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def role_class(self):
        return role_for(self.role)

    def has_permission(self, permission: str) -> bool:
        return self.is_active and permission in self.role_class.permissions

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()

    @property
    def has_totp(self) -> bool:
        return bool(self.totp_secret) and self.totp_confirmed_at is not None
