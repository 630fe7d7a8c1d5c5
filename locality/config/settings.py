"""Locality settings: one file, driven by the environment.

Environment:
    DATABASE_URL       default sqlite:///<LOCALITY_DATA_DIR>/locality.sqlite3 (WAL)
    SECRET_KEY         required unless LOCALITY_DEMO=1
    LOCALITY_DEMO      1 for the embedded demo: generated secret key, TOTP optional
    LOCALITY_DATA_DIR  where the product writes files, default ./var
    LOCALITY_DEBUG     1 for Django debug pages (never in production)
    LOCALITY_ALLOWED_HOSTS  comma-separated, default localhost,127.0.0.1
    LOCALITY_MAP_TILES  Leaflet tile URL template, default OpenStreetMap; empty for none
    LOCALITY_PSEUDONYM_KEY  keys analytics pseudonyms; required unless LOCALITY_DEMO=1 (0009)
"""

import os
from pathlib import Path

import dj_database_url

from locality.core.env_utils import data_dir, env_bool, env_int, secret_key
from locality.population.key_utils import pseudonym_key

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent
DATA_DIR = data_dir()

LOCALITY_DEMO = env_bool("LOCALITY_DEMO", False)
DEBUG = env_bool("LOCALITY_DEBUG", False)
SECRET_KEY = secret_key(DATA_DIR, demo=LOCALITY_DEMO or DEBUG)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("LOCALITY_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "govuk_frontend_django",
    "django_tasks",
    "django_tasks_db",
    "locality.core",
    "locality.governance",
    "locality.people",
    "locality.plans",
    "locality.referrals",
    "locality.places",
    "locality.directory",
    "locality.population",
    "locality.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "locality.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "locality.governance.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "locality.config.urls"
WSGI_APPLICATION = "locality.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "locality.core.context_processors.locality",
            ],
        },
    },
]


def _database() -> dict:
    default_url = f"sqlite:///{DATA_DIR / 'locality.sqlite3'}"
    # persistent connections: a new one per request costs ~5 ms on PostgreSQL
    config = dj_database_url.parse(
        os.environ.get("DATABASE_URL", default_url),
        conn_max_age=env_int("LOCALITY_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
        test_name = os.environ.get("LOCALITY_TEST_SQLITE")
        if test_name:
            config["TEST"] = {"NAME": test_name}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks: a queue in the database, run by `locality worker` (decision 0008).
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

AUTH_USER_MODEL = "governance.User"
AUTHENTICATION_BACKENDS = ["locality.governance.auth_backend.LockoutEmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "governance:login"
LOGIN_REDIRECT_URL = "home"

# Sessions end after 30 minutes idle and always when the browser closes.
SESSION_COOKIE_AGE = env_int("LOCALITY_SESSION_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("LOCALITY_SECURE_COOKIES", not (LOCALITY_DEMO or DEBUG))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Governance policy (see docs/decisions/0002-access-model.md).
LOCALITY_REQUIRE_TOTP = env_bool("LOCALITY_REQUIRE_TOTP", not LOCALITY_DEMO)
LOCALITY_LOCKOUT_FAILURES = env_int("LOCALITY_LOCKOUT_FAILURES", 5)
LOCALITY_LOCKOUT_MINUTES = env_int("LOCALITY_LOCKOUT_MINUTES", 15)
LOCALITY_BREAK_GLASS_MINUTES = env_int("LOCALITY_BREAK_GLASS_MINUTES", 60)
# Keyed pseudonyms for analytics (decision 0009); "" outside the demo when not set.
LOCALITY_PSEUDONYM_KEY = pseudonym_key(SECRET_KEY, demo=LOCALITY_DEMO or DEBUG)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing root on every request
NODE_MODULES = Path(os.environ.get("LOCALITY_NODE_MODULES", REPO_DIR / "node_modules"))
STATICFILES_DIRS = [
    ("govuk-frontend", NODE_MODULES / "govuk-frontend"),
    ("leaflet", NODE_MODULES / "leaflet" / "dist"),
]
# The directory's maps: a tile URL template for Leaflet (empty: no tiles, our own LSOA
# outlines are the base layer; the tests run so, with no network).
LOCALITY_MAP_TILES = os.environ.get(
    "LOCALITY_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
LOCALITY_MAP_ATTRIBUTION = os.environ.get(
    "LOCALITY_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOCALITY_LOG_LEVEL", "WARNING")},
}
