"""One settings module, read from the environment (see docs/configuration.md)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from kunskapsnod.env import env_addresses, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(env_str("KUNSKAPSNOD_DATA_DIR", str(BASE_DIR / "data")))
VAR_DIR = Path(env_str("KUNSKAPSNOD_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("KUNSKAPSNOD_DEBUG", False)
# HTTPS decides the cookie and transport hardening; the local demo serves plain http.
HTTPS = env_bool("KUNSKAPSNOD_HTTPS", True)

SECRET_KEY = env_str("KUNSKAPSNOD_SECRET_KEY", "")
_DEMO_SECRET = VAR_DIR / "secret_key"  # written by `make demo`, so the CLI works beside it
if not SECRET_KEY and _DEMO_SECRET.is_file():
    SECRET_KEY = _DEMO_SECRET.read_text("utf-8").strip()
if not SECRET_KEY:
    if not DEBUG and HTTPS:
        raise ImproperlyConfigured(
            "KUNSKAPSNOD_SECRET_KEY is not set. Production needs a long random secret; "
            "`make demo` generates one for local use."
        )
    SECRET_KEY = "insecure-local-only-key-never-used-in-production-" + "x" * 20

ALLOWED_HOSTS = env_list("KUNSKAPSNOD_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("KUNSKAPSNOD_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # django-ninja's own static files: the API docs (/api/docs) load Swagger UI and its
    # initialisation script from here instead of a CDN, so the strict CSP holds.
    "ninja",
    "template_partials",
    "axes",
    "csp",
    "auditlog",
    "kunskapsnod.accounts",
    "kunskapsnod.regions",
    "kunskapsnod.indicators",
    "kunskapsnod.mapping",
    "kunskapsnod.workshops",
    "kunskapsnod.knowledge",
    "kunskapsnod.youth",
    "kunskapsnod.operations",
    "kunskapsnod.search",
    "kunskapsnod.surveys",
    "kunskapsnod.followup",
]

MIDDLEWARE = [
    # First, so every log line of the request carries its id and every answer is counted.
    "kunskapsnod.operations.logs.request_id_middleware",
    "kunskapsnod.operations.metrics.metrics_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kunskapsnod.middleware.ChosenLanguageMiddleware",
    # Before anything reads request.POST: uploads keep the file names as sent, so the
    # knowledge bank refuses "../../etc/passwd.pdf" instead of storing "passwd.pdf".
    "kunskapsnod.knowledge.uploads.RawFileNameMiddleware",
    "django.middleware.common.CommonMiddleware",
    # No control characters in any GET or POST value, whatever reads it (kunskapsnod/text.py).
    "kunskapsnod.middleware.CleanTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kunskapsnod.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes must come last: it inspects the response of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kunskapsnod.urls"
WSGI_APPLICATION = "kunskapsnod.wsgi.application"

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
                "django.template.context_processors.i18n",
                "kunskapsnod.context_processors.navigation",
                "kunskapsnod.operations.logs.request_id",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------
DEFAULT_SQLITE = VAR_DIR / "kunskapsnod.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}")
try:
    # Persistent connections with a health check: opening a PostgreSQL connection per
    # request dominated the workshop load benchmark.
    _db = dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("KUNSKAPSNOD_DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
except Exception as exc:  # dj-database-url raises bare ValueErrors and KeyErrors
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL we understand: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Concurrent writers (live workshops) wait for the lock instead of failing at once.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    _db["TEST"] = {"NAME": env_str("KUNSKAPSNOD_TEST_SQLITE", "") or None}
    _db["ENGINE"] = "kunskapsnod.sqlite"  # Django's, with one process's writers queued (see there)
# Under ASGI (asgi.py sets KUNSKAPSNOD_ASGI) each request runs in a thread of its own, so
# a persistent connection per thread would be left open by every request (Django's advice:
# no persistent connections under ASGI). PostgreSQL takes its connections from a pool of
# KUNSKAPSNOD_DB_POOL_SIZE instead; SQLite opens its file per request (cheap).
SERVED_BY_ASGI = env_bool("KUNSKAPSNOD_ASGI", False)
if SERVED_BY_ASGI:
    _db["CONN_MAX_AGE"] = 0
    if _db["ENGINE"] == "django.db.backends.postgresql":
        _pool_size = env_int("KUNSKAPSNOD_DB_POOL_SIZE", 8)
        _db.setdefault("OPTIONS", {})["pool"] = {"min_size": 2, "max_size": _pool_size, "timeout": 30}
        _db["CONN_HEALTH_CHECKS"] = False  # the pool checks its connections itself
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ---------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AXES_FAILURE_LIMIT = env_int("KUNSKAPSNOD_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Password-reset mails per address, and requests per client IP, in one hour (accounts/throttle.py).
PASSWORD_RESET_PER_ADDRESS = env_int("KUNSKAPSNOD_PASSWORD_RESET_PER_ADDRESS", 3)
PASSWORD_RESET_PER_CLIENT = env_int("KUNSKAPSNOD_PASSWORD_RESET_PER_CLIENT", 10)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and env_bool("KUNSKAPSNOD_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("KUNSKAPSNOD_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Strict CSP: no inline script or style anywhere; every asset is served by us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Attachments (knowledge bank) -----------------------------------------------------
# Uploaded files live under MEDIA_ROOT, outside the static root, under generated names,
# and are served only by a view that checks read access (there is no MEDIA_URL).
MEDIA_ROOT = Path(env_str("KUNSKAPSNOD_MEDIA_ROOT", str(VAR_DIR / "media")))
KUNSKAPSNOD_ATTACHMENT_MAX_BYTES = env_int("KUNSKAPSNOD_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)

# --- Public statistics -------------------------------------------------------------
# Kolada's figures are public data: with this on, the statistics pages, their downloads and
# the statistics API answer without login (mapping, workshops, meetings, people and groups
# never do). Off by default: an installation publishes when it decides to (own indicators
# may hold figures shared with the node, not yet for publication); the demo turns it on.
KUNSKAPSNOD_PUBLIC_STATISTICS = env_bool("KUNSKAPSNOD_PUBLIC_STATISTICS", False)
# Survey results are shown for a group of respondents only if at least this many answered.
KUNSKAPSNOD_SURVEY_MIN_GROUP = env_int("KUNSKAPSNOD_SURVEY_MIN_GROUP", 5)

# --- Imports -------------------------------------------------------------------------
# What one uploaded file may cost: its size, and the rows one import writes (bounds how
# long an import holds the database; SQLite has one writer at a time).
IMPORT_MAX_BYTES = env_int("KUNSKAPSNOD_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("KUNSKAPSNOD_IMPORT_MAX_ROWS", 10_000)

# Live workshop boards (server-sent events, workshops/live.py). Open streams per process:
# per client (a participant or signed-in user: a few tabs), per address (a hall of phones
# may share one address behind its Wi-Fi's NAT, so generous) and in all; beyond a limit the
# stream answers 429 and the page polls instead. A stream ends after max_seconds and the
# browser reconnects (the access check runs again).
KUNSKAPSNOD_LIVE_STREAMS = {
    "per_client": env_int("KUNSKAPSNOD_STREAMS_PER_CLIENT", 6),
    "per_address": env_int("KUNSKAPSNOD_STREAMS_PER_ADDRESS", 1500),
    "per_process": env_int("KUNSKAPSNOD_STREAMS_PER_PROCESS", 3000),
    "max_seconds": env_int("KUNSKAPSNOD_STREAM_MAX_SECONDS", 1800),
}

# --- Youth follow-up (personal data; docs/youth.md) ------------------------------------
# Off unless an installation turns it on after setting its keys: off, its pages and API
# answer 404 and the menu leaves it out. It is never open to visitors.
KUNSKAPSNOD_YOUTH = env_bool("KUNSKAPSNOD_YOUTH", False)
KUNSKAPSNOD_YOUTH_FERNET_KEYS = env_list("KUNSKAPSNOD_YOUTH_FERNET_KEYS", [])
KUNSKAPSNOD_YOUTH_HMAC_KEY = env_str("KUNSKAPSNOD_YOUTH_HMAC_KEY", "")
_DEMO_YOUTH_KEYS = VAR_DIR / "youth_keys"  # written by `make demo`: Fernet key, then HMAC key
if KUNSKAPSNOD_YOUTH and not KUNSKAPSNOD_YOUTH_FERNET_KEYS and _DEMO_YOUTH_KEYS.is_file():
    _demo_fernet_key, KUNSKAPSNOD_YOUTH_HMAC_KEY = _DEMO_YOUTH_KEYS.read_text("utf-8").split()[:2]
    KUNSKAPSNOD_YOUTH_FERNET_KEYS = [_demo_fernet_key]
# Minutes a TOTP verification opens the module for, before the code is asked again.
KUNSKAPSNOD_YOUTH_OTP_MINUTES = env_int("KUNSKAPSNOD_YOUTH_OTP_MINUTES", 30)
# Aggregates published to other apps and to the node suppress groups smaller than this.
KUNSKAPSNOD_YOUTH_MIN_GROUP = env_int("KUNSKAPSNOD_YOUTH_MIN_GROUP", 5)
KUNSKAPSNOD_YOUTH_EXPORT_DIR = Path(env_str("KUNSKAPSNOD_YOUTH_EXPORT_DIR", str(VAR_DIR / "youth-exports")))
# Days a record is kept after it closed, per record type (youth_retention enforces them).
KUNSKAPSNOD_YOUTH_RETENTION_DAYS = {
    "person": env_int("KUNSKAPSNOD_YOUTH_RETAIN_PERSON_DAYS", 3 * 365),
    "absence": env_int("KUNSKAPSNOD_YOUTH_RETAIN_ABSENCE_DAYS", 365),
    "sensitive": env_int("KUNSKAPSNOD_YOUTH_RETAIN_SENSITIVE_DAYS", 180),
    "access_log": env_int("KUNSKAPSNOD_YOUTH_RETAIN_LOG_DAYS", 5 * 365),
}

# --- Follow-up: event participants (followup) -------------------------------------------
# Days after an event that participants' names and e-mail addresses are kept; then
# `purge_participant_names` (run daily) blanks them. Organisation, municipality, actor
# group and role stay, so every count and coverage figure survives the purge.
KUNSKAPSNOD_PARTICIPANT_NAME_RETENTION_DAYS = env_int("KUNSKAPSNOD_PARTICIPANT_NAME_RETENTION_DAYS", 365)

# --- Audit trail -------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False

# --- Internationalisation ------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
# Dates read 2026-12-01 (and 2026-12-01 14:05) on every page, whatever the language.
FORMAT_MODULE_PATH = ["kunskapsnod.formats"]
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "KUNSKAPSNOD_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Without collected files (tests, development) whitenoise serves straight from the finders.
WHITENOISE_USE_FINDERS = env_bool("KUNSKAPSNOD_STATIC_FROM_FINDERS", DEBUG)
# Source maps (11 MB of the API docs' bundles) are for a developer's tools, fetched rarely:
# compressing them made every collectstatic minutes slower for nothing a user downloads.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Uploaded files on local disk (MEDIA_ROOT, the default) or, with a bucket named, in an
# S3-compatible object store through django-storages (AWS, MinIO, Ceph, a Swedish cloud's
# S3). Objects stay private: the attachment view checks read access and streams the file.
# Without keys, boto3's own chain applies (environment, instance role).
S3_BUCKET = env_str("KUNSKAPSNOD_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("KUNSKAPSNOD_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("KUNSKAPSNOD_S3_REGION", "") or None,
            "access_key": env_str("KUNSKAPSNOD_S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("KUNSKAPSNOD_S3_SECRET_KEY", "") or None,
            "location": env_str("KUNSKAPSNOD_S3_PREFIX", ""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# --- E-mail ------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("KUNSKAPSNOD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("KUNSKAPSNOD_FROM_EMAIL", "kunskapsnod@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Kunskapsnod] "
# Who hears about failed scheduled jobs (kunskapsnod/operations/notify.py); nobody when empty.
# Request errors are not mailed to them (see LOGGING): a request may carry personal data.
ADMINS = env_addresses("KUNSKAPSNOD_ADMINS")
# Who gets the nightly Kolada refresh's summary: the administrators unless set (set and
# empty: nobody, while failures still reach the administrators).
KOLADA_SUMMARY_TO = env_addresses("KUNSKAPSNOD_KOLADA_SUMMARY_TO", default=ADMINS)
# The site's address as people reach it, for links in e-mails sent outside a request.
# A trusted origin may be a pattern (https://*.kommun.se): no address to link to.
_FIRST_HOST = next((h.lstrip(".") for h in ALLOWED_HOSTS if h.lstrip(".") not in ("", "*")), "localhost")
_FIRST_ORIGIN = next(
    (o for o in CSRF_TRUSTED_ORIGINS if "*" not in o), f"{'https' if HTTPS else 'http'}://{_FIRST_HOST}"
)
SITE_URL = env_str("KUNSKAPSNOD_SITE_URL", _FIRST_ORIGIN).rstrip("/")

# --- Who runs the site ---------------------------------------------------------------------
# Named in the accessibility statement and the personal-data notice (/tillganglighet/,
# /personuppgifter/): the organisation responsible, and where to report problems or ask
# about personal data.
OPERATOR = env_str("KUNSKAPSNOD_OPERATOR", "Kunskapsnoden för fullföljda studier")
CONTACT_EMAIL = env_str("KUNSKAPSNOD_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

# The Prometheus scraper's bearer token for /metrics; without one /metrics answers 404.
METRICS_TOKEN = env_str("KUNSKAPSNOD_METRICS_TOKEN", "")

# Where `kunskapsnod backup` writes its archives unless given --output (docs/deployment.md).
KUNSKAPSNOD_BACKUP_DIR = Path(env_str("KUNSKAPSNOD_BACKUP_DIR", str(VAR_DIR / "backups")))
# The nightly backup job keeps this many archives in KUNSKAPSNOD_BACKUP_DIR (the newest).
KUNSKAPSNOD_BACKUP_KEEP = env_int("KUNSKAPSNOD_BACKUP_KEEP", 14)

# One JSON object a line (python-json-logger), each with the request id that nginx's log and
# the error page show too; KUNSKAPSNOD_LOG_FORMAT=text for a developer's terminal.
LOG_FORMAT = env_str("KUNSKAPSNOD_LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kunskapsnod.operations.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text" if LOG_FORMAT == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("KUNSKAPSNOD_LOG_LEVEL", "WARNING")},
    # Refused requests (403/404) are answers, not incidents: keep tracebacks for errors.
    # Django's own "django" logger would also mail errors to ADMINS with the request's
    # data (a youth coordinator's form): no handlers of its own, so it only propagates here.
    "loggers": {"django.request": {"level": "ERROR"}, "django": {"handlers": [], "level": "INFO"}},
}
