"""Settings of the portal: one file, every knob from the environment (see README, "Configuration").

Production differs from a developer's machine only by environment variables. Unset
``DATABASE_URL`` means SQLite under ``var/``; unset ``REDIS_URL`` means an embedded Celery
transport (SQLite through SQLAlchemy), so a real worker and beat run without a broker server.
"""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# A test run owns its state: pytest (which sets PYTEST_VERSION) gets a run id, and with it its
# own folder for the SQLite test database and the embedded broker, its own PostgreSQL test
# database, its own Celery queue and its own cache keys — so `make test` never meets a running
# portal, nor another test run in the same checkout. The worker processes a test starts inherit
# the id.
if os.environ.get("PYTEST_VERSION") and not os.environ.get("PORTAL_TEST_RUN"):
    os.environ["PORTAL_TEST_RUN"] = str(os.getpid())
TEST_RUN = os.environ.get("PORTAL_TEST_RUN", "")
if TEST_RUN and os.environ.get("PYTEST_XDIST_WORKER"):
    # Each process of a parallel run (pytest-xdist's gw0, gw1, …) is a run of its own.
    TEST_RUN = f"{TEST_RUN}-{os.environ['PYTEST_XDIST_WORKER']}"
_default_var = BASE_DIR / "var" / "test-runs" / TEST_RUN if TEST_RUN else BASE_DIR / "var"
VAR_DIR = Path(env_str("VAR_DIR", str(_default_var))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", default=False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off.")
    # A developer's machine: one random key kept under var/, so sessions survive restarts.
    path = VAR_DIR / "dev_secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    # API tokens stored hashed, with an expiry (django-rest-knox; replaces DRF's authtoken).
    "knox",
    # Sign-in lockout per username and per address (django-axes; attempts in the database).
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    # Two-factor authentication: the verified session state and TOTP devices (accounts.two_factor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "accounts",
    "audit",
    "treaties",
    "cases",
    "documents",
    "requests_mla",
    "deadlines",
    "extradition",
    "teams",
    "statreports",
    "stats",
    "exchange",
    "operations",
    "library",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First after security: the policy goes on every response, static files' included.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PortalLanguageMiddleware",
    # A NUL in the query string is a 400 (PostgreSQL refuses it in a query: a 500 otherwise).
    "core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sessions end after SESSION_IDLE_SECONDS without activity and SESSION_ABSOLUTE_SECONDS after
    # sign-in, whatever the activity.
    "accounts.middleware.SessionLifetimeMiddleware",
    # Two-factor authentication: request.user.is_verified(), then the second step and the
    # enrollment that TWO_FACTOR_REQUIRED_ROLES demands before any other page.
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.middleware.TwoFactorMiddleware",
    "core.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a sign-in refused by the lockout into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

# Select boxes are written out in Python, the rest of the widgets from Django's templates.
FORM_RENDERER = "core.renderers.PortalFormRenderer"

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", default="")
# SQLite shared by the web process, the workers and beat: wait for the lock rather than fail,
# take it when a transaction starts (a read that turns into a write cannot wait: SQLite fails it
# at once with "database is locked"), and let readers read while one writes (WAL).
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASE_URL:
    DATABASES = {
        # A new PostgreSQL connection per request cost ~4x throughput here: keep them.
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # JIT off: the planner overestimates the portal's list queries at national scale and
        # PostgreSQL spent more time compiling them than running them. random_page_cost 1.1:
        # the tables live in memory or on SSD, not on spinning disks (PostgreSQL's default of 4
        # made it hash-join 300,000 participants rather than probe an index 1,000 times). No
        # parallel workers: with 20 clients on two cores, a worker's start-up is pure overhead.
        # Measured with bench/load.py (README, "Performance at national scale").
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = env_str(
            "DATABASE_SESSION_OPTIONS",
            "-c jit=off -c random_page_cost=1.1 -c max_parallel_workers_per_gather=0",
        )
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # A SQLite file named by URL (as the worker processes of the tests are given theirs)
        # is shared like the default one.
        given = DATABASES["default"].get("OPTIONS", {})
        DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **given}
    if TEST_RUN:
        DATABASES["default"]["TEST"] = {"NAME": f"test_portal_{TEST_RUN}"}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "portal.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
            # A file, not memory: tests start real worker processes that must see the data.
            "TEST": {"NAME": VAR_DIR / "test_portal.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and permissions -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in of a locked-out username or address before a password is
    # checked (the form, the API's token endpoint and the admin all go through authenticate()).
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, with the agency fetched along with the user (one query less per page).
    "accounts.backends.PortalBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Guardian's anonymous user is not needed: nothing is visible without signing in.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_GROUP = False
GUARDIAN_MONKEY_PATCH_USER = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Stored in UTC; shown in the user's zone (Asia/Bishkek or Asia/Almaty, see accounts.User).
TIME_ZONE = "UTC"

# --- Static files (front-end libraries come from npm at setup, never committed) ---------------
STATIC_URL = "/static/"
# Images collect static files at build time into their own folder (STATIC_ROOT in the Dockerfile),
# so a persistent VAR_DIR volume never serves a previous release's files.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # Charts of the statistics page (Chart.js 4: no injected styles, works under the strict CSP).
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
# Stored files (uploads, frozen documents) go through Django's storage API only: a folder under
# VAR_DIR on one machine, or an S3-compatible bucket (MinIO, AWS S3) shared by every web and
# worker node when STORAGE_S3_BUCKET is set (README, "Scaling out").
STORAGE_S3_BUCKET = env_str("STORAGE_S3_BUCKET", "")
if STORAGE_S3_BUCKET:
    _s3_endpoint = env_str("STORAGE_S3_ENDPOINT_URL", "") or None
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_S3_BUCKET,
            "endpoint_url": _s3_endpoint,
            # Unset keys: boto3's own chain (instance role, AWS_* variables, profile).
            "access_key": env_str("STORAGE_S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("STORAGE_S3_SECRET_KEY", "") or None,
            "region_name": env_str("STORAGE_S3_REGION", "") or None,
            # MinIO and most S3-compatible servers answer on one host name: path-style requests.
            "addressing_style": "path" if _s3_endpoint else None,
            # Private objects: no ACL is sent, the bucket's own (private) policy applies. Files
            # are handed out only by the portal's views, which check who may and audit the
            # download: no signed URL ever leaves the server (querystring_auth off — a stray
            # .url would be a dead link to a private bucket, not a bearer token).
            "default_acl": None,
            "querystring_auth": False,
            # A name is never reused: an existing object is never replaced (evidence).
            "file_overwrite": False,
            # Objects read back for a download or a hash check spill to disk above 2 MiB.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    }
STORAGES = {
    "default": _default_storage,
    # Not the manifest storage: hashed names would make tests and runserver depend on a prior
    # collectstatic. WhiteNoise still compresses and serves with short cache lifetimes.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# --- Security ---------------------------------------------------------------------------------
# Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER_ENABLED, SECURE_SSL_REDIRECT,
# SECURE_COOKIES and SECURE_HSTS_SECONDS (README, "Production").
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

# --- Request body limits ------------------------------------------------------------------------
# Deep, huge or over-long bodies answer 400 with a message, never 500: a JSON body nests at most
# API_JSON_MAX_DEPTH arrays/objects (the portal's own bodies nest a few; Python's decoder
# recurses once per level), a form has at most DATA_UPLOAD_MAX_NUMBER_FIELDS fields and a
# multipart body DATA_UPLOAD_MAX_NUMBER_FILES files; fields other than files are read up to
# DATA_UPLOAD_MAX_MEMORY_SIZE bytes (files are limited per kind when they are checked).
API_JSON_MAX_DEPTH = env_int("API_JSON_MAX_DEPTH", 32)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000)
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", 100)

# --- Content Security Policy (django-csp) -------------------------------------------------------
# Enforced on every response: scripts and styles only from the portal's own static files (no
# inline <script>, style= or on…= handlers anywhere; htmx injects no indicator styles), no
# framing, forms posting only to the portal. data: images are Bootstrap's and Swagger UI's
# icons (SVG in their stylesheets) and QR codes. Downloads of stored files set a stricter policy
# of their own (core.downloads), which the middleware leaves in place.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Redis, cache and Celery -------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A test run keeps its keys apart from a running portal's (and from another run's).
            "KEY_PREFIX": f"portal-test-{TEST_RUN}" if TEST_RUN else "portal",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Longer than the longest task, so an acks_late task is not redelivered while it runs.
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_DIR = VAR_DIR / "celery"
    CELERY_DIR.mkdir(parents=True, exist_ok=True)
    # Four slashes: an absolute path. The transport polls; see config/celery.py.
    CELERY_BROKER_URL = f"sqla+sqlite:///{CELERY_DIR / 'broker.sqlite3'}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
# A test run publishes to a queue of its own (see TEST_RUN), never to a running portal's.
CELERY_TASK_DEFAULT_QUEUE = f"portal-test-{TEST_RUN}" if TEST_RUN else "celery"
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"

# Lists count their rows up to this many and then say "more than" (core.pagination): an exact
# count of 100,000 visible cases costs a scan of all of them for a figure nobody pages to.
LIST_COUNT_CAP = env_int("LIST_COUNT_CAP", 10_000)

# The same person across spellings (matching.compare): the score from which two records are
# "the same person"; and how many cross-border checks one officer may run (API and page alike).
try:
    PERSON_MATCH_THRESHOLD = float(env_str("PERSON_MATCH_THRESHOLD", "0.85"))
except ValueError as exc:
    raise ImproperlyConfigured("PERSON_MATCH_THRESHOLD must be a number between 0 and 1.") from exc
PERSON_CHECK_RATE = env_str("PERSON_CHECK_RATE", "20/hour")

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: an unauthenticated call then answers 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Keyset pages (a cursor after the last row's order values): as fast on page 2,000 as on 1.
    "DEFAULT_PAGINATION_CLASS": "core.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    # drf-spectacular's, with every operation's error answers documented (core.api).
    "DEFAULT_SCHEMA_CLASS": "core.api.PortalAutoSchema",
    "DEFAULT_THROTTLE_RATES": {"auth": env_str("API_AUTH_THROTTLE_RATE", "20/min")},
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Request body limits: JSON nested at most API_JSON_MAX_DEPTH levels (core.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KR–KZ trafficking case-coordination portal API",
    "DESCRIPTION": "Cases, MLA requests, extradition files, joint teams and the treaty registry.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "accounts.choices.Country",
        "WorldCountryEnum": "cases.choices.WORLD_COUNTRIES",
        "CaseStatusEnum": "cases.choices.CaseStatus",
        "PartyStatusEnum": "treaties.choices.PartyStatus",
        "LinkStatusEnum": "cases.choices.LinkStatus",
        "RequestStatusEnum": "requests_mla.choices.RequestStatus",
        "ConfidenceEnum": "core.models.Confidence",
        "TriggerEventEnum": "treaties.choices.TriggerEvent",
        "LibraryLanguageEnum": "library.models.Language",
        "OperationStatusEnum": "operations.choices.OperationStatus",
        "AccessRequestStatusEnum": "cases.models.access.AccessRequestStatus",
        "MessageCategoryEnum": "exchange.choices.Category",
        "LibraryDocumentKindEnum": "library.models.DocumentKind",
        "RequestLanguageEnum": "requests_mla.choices.RequestLanguage",
        "StatReportStatusEnum": "statreports.choices.ReportStatus",
        "StatReportPeriodKindEnum": "statreports.choices.PeriodKind",
    },
}

# --- Two-factor authentication (django-otp; README, "Security") -------------------------------
# Roles (accounts.choices.Role values, comma-separated) whose officers must use a second factor:
# they are sent to enrollment before any other page, and the API's token endpoint asks them for
# a code. Unset: every role that decides or oversees (prosecutor, coordinator, registry_admin,
# auditor), unless DEBUG is on or the tests run; an empty value (`make run`'s demo) requires it
# of nobody. Every officer may enroll on their own.
TWO_FACTOR_REQUIRED_ROLES = env_list(
    "TWO_FACTOR_REQUIRED_ROLES",
    [] if DEBUG or TEST_RUN else ["prosecutor", "coordinator", "registry_admin", "auditor"],
)
# The issuer shown in authenticator apps beside the username.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "JIT portal KR-KZ")
# Wrong codes wait 1, 2, 4, 8 … seconds (times this factor) before the next one is checked.
OTP_TOTP_THROTTLE_FACTOR = OTP_STATIC_THROTTLE_FACTOR = env_int("TWO_FACTOR_THROTTLE_FACTOR", 1)
# The admin (where a lost authenticator is removed) never shows a device's secret or QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Sign-in lockout, sessions and API tokens (README, "Security") -----------------------------
# After LOGIN_FAILURE_LIMIT failed sign-ins for one username (from any address), or from one
# address (for any usernames), sign-in is refused for LOGIN_LOCKOUT_MINUTES — on the sign-in
# page, the API's token endpoint and the admin alike. Attempts refused during the lockout do not
# count, so it ends when announced (a retrying officer does not extend it). Attempts live in the
# database (axes' AccessAttempt).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The sign-in page answers a lockout itself (the form's error, status 429); other sign-in forms
# (the admin's) get the lockout page.
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# The client's address as the audit trail records it (TRUSTED_PROXY_COUNT below).
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_address"
# The audit trail records every sign-in and sign-out; axes' own access log would repeat it.
AXES_DISABLE_ACCESS_LOG = True
# Masked in the request data axes keeps with each failed attempt (the password always is): a
# second factor's code or recovery code is a secret too.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp", "code"]
# Behind N proxies that each append to X-Forwarded-For (the compose stack's nginx: 1), the
# client's address is the N-th entry from the right; 0 (the default) trusts REMOTE_ADDR only.
# Entries further left come from the client and are never believed.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT  # the sign-in throttle counts per address
# A session ends after this long without a request from its user (htmx's polling of the bell
# does not count), and this long after sign-in whatever the activity.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", SESSION_COOKIE_AGE)
# API tokens (django-rest-knox): only a SHA-512 of each token is stored; a token expires
# API_TOKEN_TTL_HOURS after it is issued and may be revoked earlier (POST /api/auth/logout/, or
# the preferences page).
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(hours=env_int("API_TOKEN_TTL_HOURS", 10)),
    "AUTH_HEADER_PREFIX": "Token",
}

# --- Demo -------------------------------------------------------------------------------------
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo-portal-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every render at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes narrates every sign-in at INFO; failures and lockouts come at WARNING.
        "axes": {"level": "WARNING"},
    },
}

# Beat's own schedule; the deadline sweep adds its entry in the deadlines app's settings block.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "core.heartbeat",
        "schedule": float(env_int("HEARTBEAT_SECONDS", 60)),
    },
    "deadline-sweep": {
        "task": "deadlines.sweep",
        "schedule": float(env_int("DEADLINE_SWEEP_SECONDS", 60)),
    },
    "deadline-digest": {
        # Hourly: each run sends the digests of the users for whom it is 08:00 now.
        "task": "deadlines.digest",
        "schedule": float(env_int("DEADLINE_DIGEST_SECONDS", 3600)),
    },
}
# A notification e-mail claimed by a worker is retried by the sweep once this has passed
# without a confirmed send (the worker died); longer than any SMTP conversation.
NOTIFICATION_CLAIM_SECONDS = env_int("NOTIFICATION_CLAIM_SECONDS", 600)
# A notification whose delivery task was enqueued but never ran (a lost message) is enqueued again.
NOTIFICATION_REDISPATCH_SECONDS = env_int("NOTIFICATION_REDISPATCH_SECONDS", 900)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# --- Tamper-evident audit trail (hash chain; README, "Security") ------------------------------
# Beat re-checks the chain (manage.py verify_audit) once a night at this hour, UTC — 21:00 is
# 02:00 in Almaty and 03:00 in Bishkek — and alerts the auditors when it is broken.
AUDIT_VERIFY_HOUR_UTC = env_int("AUDIT_VERIFY_HOUR_UTC", 21)
CELERY_BEAT_SCHEDULE["audit-verify"] = {
    "task": "audit.verify_chain",
    "schedule": crontab(minute=0, hour=AUDIT_VERIFY_HOUR_UTC),
}

# --- Uploads: kinds of file, their types (detected from the content) and size limits ------------
# Every stored file (a case's attachment, a request's file, a team's material) is checked against
# these kinds: its type is read from its content by libmagic, never from its name or the browser.
# A form that asks for one kind (a team's signed agreement: a scan) accepts that kind only; the
# others accept any kind, and a file may be as large as the largest kind that accepts its type.
# HTML, SVG, XML, scripts and programs are never accepted, whatever is listed here.
# Each kind: UPLOAD_<KIND>_TYPES (comma-separated MIME types) and UPLOAD_<KIND>_MAX_BYTES.
UPLOAD_KINDS = {
    "pdf": {
        "types": env_list("UPLOAD_PDF_TYPES", ["application/pdf"]),
        "max_bytes": env_int("UPLOAD_PDF_MAX_BYTES", 25 * 1024 * 1024),
    },
    "image": {
        "types": env_list(
            "UPLOAD_IMAGE_TYPES",
            ["image/jpeg", "image/png", "image/tiff", "image/webp", "image/heic", "image/heif"],
        ),
        "max_bytes": env_int("UPLOAD_IMAGE_MAX_BYTES", 25 * 1024 * 1024),
    },
    "office": {
        "types": env_list(
            "UPLOAD_OFFICE_TYPES",
            [
                "application/msword",
                "application/vnd.ms-excel",
                "application/vnd.ms-powerpoint",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "application/vnd.oasis.opendocument.text",
                "application/vnd.oasis.opendocument.spreadsheet",
                "application/vnd.oasis.opendocument.presentation",
                "text/rtf",
                "text/plain",
                "text/csv",
            ],
        ),
        "max_bytes": env_int("UPLOAD_OFFICE_MAX_BYTES", 25 * 1024 * 1024),
    },
    "scan": {
        "types": env_list(
            "UPLOAD_SCAN_TYPES", ["application/pdf", "image/tiff", "image/jpeg", "image/png"]
        ),
        "max_bytes": env_int("UPLOAD_SCAN_MAX_BYTES", 50 * 1024 * 1024),
    },
    "media": {
        "types": env_list(
            "UPLOAD_MEDIA_TYPES",
            [
                "audio/mpeg",
                "audio/x-wav",
                "audio/wav",
                "audio/ogg",
                "video/ogg",
                "audio/x-m4a",
                "audio/mp4",
                "video/mp4",
                "video/3gpp",
                "video/quicktime",
                "video/webm",
                "audio/webm",
                "video/x-msvideo",
                "video/x-matroska",
            ],
        ),
        "max_bytes": env_int("UPLOAD_MEDIA_MAX_BYTES", 500 * 1024 * 1024),
    },
}
# Stored files on the local disk are readable by the portal's own user and group only (they hold
# victims' statements); Django's default would let every account of the host read them.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# --- Documents ----------------------------------------------------------------------------------
# The address printed in QR codes on paper documents (their verification page).
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
