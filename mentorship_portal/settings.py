"""Settings for mentorship_portal, read from the environment.

Every value comes from an environment variable (or a `.env` file beside manage.py) through
django-environ, which raises on a malformed value instead of guessing. With nothing set the
portal runs in development mode on an SQLite file in the project folder.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from . import engines

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def env_bool(name, *, default):
    """A boolean variable; anything but true/false/1/0/yes/no/on/off is an error, not False."""
    raw = env.str(name, default="")
    if raw == "":
        return default
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {raw!r}.")


DEBUG = env_bool("DEBUG", default=False)
# Django's English technical 404/500 pages instead of the portal's (see middleware.py).
DEBUG_TECHNICAL_ERRORS = env_bool("DEBUG_TECHNICAL_ERRORS", default=False)

# A development key only when DEBUG is on; production must set its own.
_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, with a site that the portal's access policy opens (accounts/admin_site.py).
    "accounts.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "bootstrap",
    "axes",
    "csp",
    "organizations",
    "accounts",
    "roadmap",
    "obligations",
    "reports",
    "jobs",
    # The project package itself, for its operations commands (backup, restore).
    "mentorship_portal",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id and its time is measured.
    "mentorship_portal.observability.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mentorship_portal.middleware.PortalErrorPagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mentorship_portal.database_errors.DatabaseUnavailableMiddleware",
    # django-axes must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentorship_portal.urls"
WSGI_APPLICATION = "mentorship_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "obligations.context_processors.bell",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # PostgreSQL's JIT compiles a plan whose estimated cost is high — the annual report's
    # aggregates over hundreds of thousands of obligations — and spent 3 s compiling queries
    # that run in 0.3 s (EXPLAIN ANALYZE at 20 000 organizations, docs/performance.md).
    # A web portal's queries are short: JIT off for the portal's connections (env: DB_JIT=on).
    server_settings = [] if env.bool("DB_JIT", default=False) else ["-c jit=off"]
    # The planner's default cost of a random page read (4) is a spinning disk's: on SSD it
    # scanned every obligation of the country for one district's 11 000 (0.13 s instead of
    # 0.01 s at 100 000 organizations). 1.1 is PostgreSQL's advice for SSD; env:
    # DB_RANDOM_PAGE_COST (empty: the server's own setting).
    if page_cost := env.str("DB_RANDOM_PAGE_COST", default="1.1"):
        server_settings.append(f"-c random_page_cost={float(page_cost)}")
    if server_settings:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(server_settings)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PortalModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The client address: X-Forwarded-For is believed only from these proxies (addresses or
# networks, comma-separated), e.g. TRUSTED_PROXIES=127.0.0.1 behind a local nginx.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# Login throttling: a username + real client address pair is locked for a fixed cool-off
# (attempts during the lock do not extend it), not forever.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)

# Password-reset e-mails: at most this many per address and per e-mail in the window.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=10)
PASSWORD_RESET_LIMIT_PER_ACCOUNT = env.int("PASSWORD_RESET_LIMIT_PER_ACCOUNT", default=3)
PASSWORD_RESET_WINDOW_MINUTES = env.int("PASSWORD_RESET_WINDOW_MINUTES", default=60)
# How long a link to set a password (an invitation, or a reset sent by staff) stays valid.
SET_PASSWORD_LINK_DAYS = env.int("SET_PASSWORD_LINK_DAYS", default=7)

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Asia/Tomsk"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
# Links typed without a scheme are https (Django 6's default, chosen now).
FORMS_URLFIELD_ASSUME_HTTPS = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Evidence and job files are private: under MEDIA_ROOT or in a private S3 bucket, served
    # only by a view that checks access, never from a public URL.
    "default": engines.default_storage(
        bucket=env.str("AWS_STORAGE_BUCKET_NAME", default=""),
        endpoint_url=env.str("AWS_S3_ENDPOINT_URL", default=""),
        region=env.str("AWS_S3_REGION_NAME", default=""),
        access_key=env.str("AWS_ACCESS_KEY_ID", default=""),
        secret_key=env.str("AWS_SECRET_ACCESS_KEY", default=""),
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# The one limit on uploaded files (evidence and roadmap files alike), in megabytes.
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=20)
# Roadmap import: what a file may unpack to and hold (roadmap/importers/limits.py).
ROADMAP_IMPORT_MAX_UNCOMPRESSED_MB = env.int("ROADMAP_IMPORT_MAX_UNCOMPRESSED_MB", default=20)
ROADMAP_IMPORT_MAX_MEMBERS = env.int("ROADMAP_IMPORT_MAX_MEMBERS", default=500)
ROADMAP_IMPORT_MAX_ROWS = env.int("ROADMAP_IMPORT_MAX_ROWS", default=3000)
# A confirmed import of more deadline rows than this is saved as a background job.
ROADMAP_IMPORT_BACKGROUND_ROWS = env.int("ROADMAP_IMPORT_BACKGROUND_ROWS", default=300)
ROADMAP_IMPORT_MAX_COLUMNS = env.int("ROADMAP_IMPORT_MAX_COLUMNS", default=30)
ROADMAP_IMPORT_MAX_CELL_CHARS = env.int("ROADMAP_IMPORT_MAX_CELL_CHARS", default=10_000)
# Activation refuses a roadmap that would give one organization more obligations than this.
ROADMAP_MAX_OBLIGATIONS_PER_ORGANIZATION = env.int(
    "ROADMAP_MAX_OBLIGATIONS_PER_ORGANIZATION", default=2000
)
# Not limits: how much of a request Django keeps in memory before spooling it to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "mentorship_portal.upload_handlers.MemoryFileUploadHandler",
    "mentorship_portal.upload_handlers.TemporaryFileUploadHandler",
]
# Optional antivirus: clamd's Unix socket (e.g. /run/clamav/clamd.ctl); empty = no scanning.
CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="")
CLAMD_TIMEOUT_SECONDS = env.int("CLAMD_TIMEOUT_SECONDS", default=30)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: one EMAIL_URL (e.g. smtp+tls://user:pass@mail:587) spelled out into Django's names.
_EMAIL = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _EMAIL["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _EMAIL["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _EMAIL["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _EMAIL.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _EMAIL.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mail point here. Production must say where the portal lives: a silent
# localhost default would send every head a link that leads nowhere.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
if not PORTAL_BASE_URL:
    raise ImproperlyConfigured("PORTAL_BASE_URL must be set when DEBUG is off (links in e-mail).")

# Cache and sessions: Redis when REDIS_URL is set, the database otherwise (engines.py).
REDIS_URL = env.str("REDIS_URL", default="")
# Several portals (or test runs) may share one Redis: each keeps to its own key prefix.
CACHES = engines.cache_settings(REDIS_URL, key_prefix=env.str("CACHE_KEY_PREFIX", default="portal"))
SESSION_ENGINE = engines.session_engine(REDIS_URL)
# The head's list rendered once per change (obligations/head_list.py): worth it with Redis; with
# the database cache a hit would cost the queries it saves.
HEAD_LIST_CACHE = env_bool("HEAD_LIST_CACHE", default=bool(REDIS_URL))

# Background jobs: Celery workers when CELERY_BROKER_URL is set, inline otherwise.
vars().update(
    engines.celery_settings(
        env.str("CELERY_BROKER_URL", default=""),
        time_zone=TIME_ZONE,
        queue=env.str("CELERY_QUEUE", default="portal"),
    )
)
JOBS_KEEP_DAYS = env.int("JOBS_KEEP_DAYS", default=7)

# /metrics: staff and administrators signed in, or a scraper sending this bearer token.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Behind a TLS-terminating proxy set SECURE_SSL_REDIRECT=False and
# SECURE_PROXY_SSL_HEADER_NAME=HTTP_X_FORWARDED_PROTO.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env.str("SECURE_PROXY_SSL_HEADER_NAME", default=""):
    SECURE_PROXY_SSL_HEADER = (env.str("SECURE_PROXY_SSL_HEADER_NAME"), "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# One JSON object a line in production (for a log collector), readable text in development;
# both carry the request id.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "mentorship_portal.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "mentorship_portal.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "werkzeug": {"level": "WARNING"},  # moto's S3 server in the tests
    },
}

AXES_VERBOSE = False
