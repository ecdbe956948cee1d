"""Settings for the Morocco Industrial Zones Registry.

Everything that differs between machines comes from the environment (12-factor).
``REGISTRY_ENV=production`` switches to production mode, which refuses to start
without a real ``SECRET_KEY`` and turns on every HTTPS hardening Django offers.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


REGISTRY_ENV = os.environ.get("REGISTRY_ENV", "development").strip().lower()
PRODUCTION = REGISTRY_ENV == "production"

# The development key only ever signs cookies of a server bound to loopback.
DEVELOPMENT_SECRET_KEY = "development-only-not-secret-3c1f5b0e"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "REGISTRY_ENV=production needs a SECRET_KEY of at least 50 random characters."
    )

DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "REGISTRY_ENV=production needs ALLOWED_HOSTS (comma-separated host names)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "axes",
    "registry",
]

MIDDLEWARE = [
    # Outermost, so the one log line per request sees every response and its duration.
    "registry.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.routers.ReplicaReadMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

# django-axes counts failed admin logins per user name and per client address and locks
# both out for AXES_COOLOFF_MINUTES after AXES_FAILURE_LIMIT failures.
AUTHENTICATION_BACKENDS = [
    "registry.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not kept: they are personal data
AXES_CLIENT_IP_CALLABLE = "registry.lockout.client_ip"
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1" if PRODUCTION else "0"))

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASE_URL selects PostgreSQL (production); without it, an embedded SQLite file.
# On PostgreSQL, each process keeps a psycopg 3 connection pool (on by default in production,
# DATABASE_POOL=0 turns it off for CONN_MAX_AGE persistent connections instead).
# DATABASE_REPLICA_URLS lists read replicas; config.routers sends public API reads to them.
VAR_DIR = Path(os.environ.get("REGISTRY_VAR_DIR", BASE_DIR / "var"))
DATABASE_POOL = env_bool("DATABASE_POOL", PRODUCTION)


def database_settings(url):
    config = dj_database_url.parse(
        url,
        conn_max_age=0 if DATABASE_POOL else int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Fail fast when the server is unreachable, so requests get a 503 within seconds.
        options.setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")))
        if DATABASE_POOL:
            # With CONN_HEALTH_CHECKS, the pool checks each connection before handing it out,
            # so the dead connections left by a database restart are replaced, not used.
            options["pool"] = {
                "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "2")),
                "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "4")),
                # With max_size equal to the worker's threads, a thread never waits for a
                # connection unless none can be made: the database is down, so fail fast.
                "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "1")),
            }
    return config


DATABASES = {
    "default": database_settings(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'registry.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME")}
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    DATABASE_REPLICAS.append(f"replica_{number}")
    DATABASES[f"replica_{number}"] = {**database_settings(url), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["config.routers.PrimaryReplicaRouter"]
# Requests whose path matches this read from a replica (safe methods only).
REPLICA_READ_PATHS = os.environ.get("REPLICA_READ_PATHS", r"^/api/")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}

# Public API: seconds a response may be cached (Cache-Control: public, max-age), and the
# anonymous rate limit per client address ("120/minute"; empty disables it). The count
# lives in the default cache, shared by all workers only when REDIS_URL is set.
REGISTRY_API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "60"))
REGISTRY_API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/minute") or None

SPECTACULAR_SETTINGS = {
    "TITLE": "Morocco Industrial Zones Registry API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DESCRIPTION": (
        "Read-only public API of the registry. Every record carries its citations: the "
        "source, the exact quote and the field it supports. No account is needed."
    ),
    "ENUM_NAME_OVERRIDES": {
        "ZoneKindEnum": "registry.choices.ZoneKind",
        "ZoneStatusEnum": "registry.choices.ZoneStatus",
        "ZoneRoleEnum": "registry.choices.ZoneRole",
        "AgreementKindEnum": "registry.choices.AgreementKind",
        "AgreementStatusEnum": "registry.choices.AgreementStatus",
        "FundingKindEnum": "registry.choices.FundingKind",
        "ConfidenceEnum": "registry.choices.Confidence",
        "OrganisationKindEnum": "registry.choices.OrganisationKind",
        "ProvinceKindEnum": "registry.choices.ProvinceKind",
        "LanguageEnum": "registry.choices.Language",
        "QualifierEnum": "registry.choices.Qualifier",
        "JobKindEnum": "registry.choices.JobKind",
        "JobBasisEnum": "registry.choices.JobBasis",
        "ZoneEventKindEnum": "registry.choices.ZoneEventKind",
    },
}

CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain HTTP; the health checks must not be redirected.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    USE_X_FORWARDED_HOST = False

# One JSON object per line on stderr: a line per request from registry.logging, and
# errors (with their traceback and the request id) from Django's loggers.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "registry.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "registry.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "registry.request": {
            "level": "INFO" if env_bool("REQUEST_LOG", True) else "WARNING",
            "handlers": ["console"],
            "propagate": False,
        },
        # 4xx responses are already in the request line; keep this logger for 5xx tracebacks.
        "django.request": {"level": "ERROR"},
        # runserver's own access line would duplicate the request line.
        "django.server": {"level": "WARNING"},
    },
}

# Spreadsheet import and export (registry/importing). Admins need the model permissions
# import_<model> / export_<model>, as django-import-export names them.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_MAX_UPLOAD_SIZE = int(os.environ.get("IMPORT_MAX_UPLOAD_SIZE", str(20 * 1024 * 1024)))
IMPORT_PREVIEW_MAX_AGE = int(os.environ.get("IMPORT_PREVIEW_MAX_AGE", str(24 * 60 * 60)))
