"""Settings shared by every environment. Each environment variable is read once, with a help text.

Django's own settings are here; the product's rules and the outside services it talks to are in
:mod:`motcua.config.settings.product`, read in at the place they have in ``motcua settings-help``.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from motcua.config.settings import paths
from motcua.core.env import env_bool, env_int, env_list, env_secret, env_str
from motcua.core.logcontext import logging_config

# Settings too (settings.VAR_DIR): assigned here, where the type checker's Django plugin reads them.
SRC_DIR = paths.SRC_DIR
PROJECT_DIR = paths.PROJECT_DIR
VAR_DIR = paths.VAR_DIR

SECRET_KEY = env_secret(
    "MOTCUA_SECRET_KEY",
    default="development-only-secret-key-change-me-in-production",
    help="Django's secret key. Required in production: a long random string.",
    setting="SECRET_KEY",
)
DEBUG = env_bool(
    "MOTCUA_DEBUG", default=False, help="Show Django's debug pages. Never in production."
)
ALLOWED_HOSTS = env_list(
    "MOTCUA_ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost"],
    help="Host names this instance answers to, comma-separated.",
)

DATABASES = {
    "default": dj_database_url.parse(
        env_str(
            "DATABASE_URL",
            default=f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}",
            shown_default="sqlite:///<MOTCUA_VAR_DIR>/motcua.sqlite3",
            help="Database URL. Default: the embedded SQLite file; production: postgres://user@host:5432/name.",
        ),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at BEGIN
    # so two writers queue instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
_prepare_after = env_int(
    "MOTCUA_DB_PREPARE_AFTER",
    default=2,
    help="PostgreSQL: prepare a statement from its Nth run on a connection; 0: never (a "
    "transaction-pooling PgBouncer older than 1.21 cannot carry prepared statements).",
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Values are bound by the server, and a statement a connection runs a second time is prepared:
    # PostgreSQL then plans each statement of a dossier action once per connection instead of at
    # every call (a third of the database's CPU per action in the bench).
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": _prepare_after or None,
    }
# Kept connections: opening a PostgreSQL connection costs more than a whole lookup, and the
# statements prepared on it (MOTCUA_DB_PREPARE_AFTER) die with it. A worker either keeps its
# connection (CONN_MAX_AGE, checked before reuse after an error or a restart of the server) or
# borrows one from a psycopg pool of its own; Django allows one or the other, not both.
_conn_max_age = env_int(
    "MOTCUA_DB_CONN_MAX_AGE",
    default=60,
    help="PostgreSQL: seconds a web or worker process keeps its database connection for the next "
    "request (checked before reuse); 0: a new connection per request.",
)
_pool_size = env_int(
    "MOTCUA_DB_POOL_SIZE",
    default=0,
    help="PostgreSQL: connections in a psycopg pool per process instead of kept connections "
    "(MOTCUA_DB_CONN_MAX_AGE is then ignored); 0: no pool.",
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    if _pool_size > 0:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": _pool_size}
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = _conn_max_age
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Django's backend, in either mode: timestamps read by the compiled loader, and a kept
    # connection's check made without a round trip when the socket shows nothing wrong (see the
    # module; a pooled connection is checked by the pool).
    DATABASES["default"]["ENGINE"] = "motcua.core.postgresql"
# A streaming replica of the primary for the reads that may lag (motcua.ops.replica).
_replica_url = env_str(
    "MOTCUA_REPLICA_DATABASE_URL",
    default="",
    help="PostgreSQL read replica (a streaming standby of DATABASE_URL) serving the public "
    "dashboards, the index and exports; empty: every read goes to the primary.",
)
if _replica_url:
    DATABASES["replica"] = dj_database_url.parse(_replica_url, conn_max_age=0)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 0)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"]["ENGINE"] = "motcua.core.postgresql"
    # A replica that does not answer in 2 s is taken as down, and its reads go to the primary.
    DATABASES["replica"]["OPTIONS"] = {
        **{k: v for k, v in DATABASES["default"].get("OPTIONS", {}).items() if k != "pool"},
        "connect_timeout": 2,
    }
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
MOTCUA_REPLICA_ALIAS = "replica" if _replica_url else ""
DATABASE_ROUTERS = ["motcua.ops.router.ReplicaRouter"]
MOTCUA_REPLICA_MAX_LAG_SECONDS = env_int(
    "MOTCUA_REPLICA_MAX_LAG_SECONDS",
    default=30,
    help="Seconds behind the primary past which the replica's reads go to the primary instead.",
)
MOTCUA_REPLICA_LAG_SHOWN_SECONDS = env_int(
    "MOTCUA_REPLICA_LAG_SHOWN_SECONDS",
    default=10,
    help="Lag of the replica, in seconds, from which a page read from it says how old its figures "
    'are ("Số liệu cập nhật đến HH:MM"); below MOTCUA_REPLICA_MAX_LAG_SECONDS to matter.',
)
MOTCUA_REPLICA_CHECK_SECONDS = env_int(
    "MOTCUA_REPLICA_CHECK_SECONDS",
    default=5,
    help="Seconds a web process trusts its last measure of the replica (up, lag) before asking again.",
)
# The views whose reads may come from the replica: public figures that are minutes old anyway.
MOTCUA_REPLICA_VIEWS = frozenset(
    {
        "portal:index_home",
        "portal:index_definitions",
        "portal:index_export",
        "portal:index_agency",
        "api:index",
        "api:index-agency",
    }
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "motcua.core",
    "motcua.accounts",
    "motcua.calendar",
    "motcua.catalog",
    "motcua.notifications",
    "motcua.registry",
    "motcua.signing",
    "motcua.payments",
    "motcua.delivery",
    "motcua.documents",
    "motcua.dossiers",
    "motcua.appointments",
    "motcua.reform",
    "motcua.feedback",
    "motcua.reporting",
    "motcua.portal",
    "motcua.backoffice",
    "motcua.api",
    "motcua.ops",
]
# What production never runs: the stand-ins for outside systems (the `*-sim` commands), the demo
# loader and the bench. Only the local and test settings add them; the product wheel leaves the
# motcua_dev package out, and production starts without it.
DEV_APPS = ["motcua_dev.simulators", "motcua_dev.demo", "motcua_dev.bench"]

# Django's database sessions, read with a statement compiled once (motcua.core.sessions).
SESSION_ENGINE = "motcua.core.sessions"

MIDDLEWARE = [
    # First: names, times and counts every request, whatever answers it.
    "motcua.ops.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A cached public page asked anonymously is answered here, before the session, language,
    # CSRF and authentication middlewares, with the headers they gave it (portal.page_cache).
    "motcua.portal.page_cache.CachedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's OTPMiddleware, reading the session's device with a statement compiled once.
    "motcua.backoffice.second_factor.DeviceMiddleware",
    "motcua.backoffice.second_factor.SecondFactorMiddleware",
    "motcua.core.middleware.NoStoreUnlessPublicMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside the sessions middleware, which saves what it notes: an officer's last action.
    "motcua.backoffice.acted.ActedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the policy built once (motcua.core.middleware).
    "motcua.core.middleware.KeptPolicyCSPMiddleware",
    "motcua.core.middleware.UnicodeNormalizationMiddleware",
    # Last, as django-axes asks: it turns a login refused for too many failures into its answer.
    "axes.middleware.AxesMiddleware",
]

# The only views whose answers shared caches may keep, when asked anonymously; every other answer
# is sent with Cache-Control: no-store (motcua.core.middleware.NoStoreUnlessPublicMiddleware).
MOTCUA_CACHEABLE_VIEWS = frozenset(
    {
        "portal:home",
        "portal:procedure_list",
        "portal:procedure_detail",
        "portal:feedback_published",
        "portal:index_home",
        "portal:index_definitions",
        "portal:index_export",
        "portal:index_agency",
        "api:procedure-list",
        "api:procedure-detail",
        "api:calendar-is-working-day",
        "api:calendar-add-working-days",
        "api:calendar-days",
        "api:index",
        "api:index-agency",
        "api:schema",
    }
)

# Content-Security-Policy on every answer: scripts, styles and fonts only from this origin, never
# inline; images also as data: URIs (QR codes, the empty favicon); no plugin, no framing.
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
    }
}

ROOT_URLCONF = "motcua.config.urls"
WSGI_APPLICATION = "motcua.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.ops.context_processors.replica_lag",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a password login while its account or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading a session's user with a statement compiled once. Sessions
    # record the backend's path: migration core 0008 moved those of ModelBackend's to this one.
    "motcua.accounts.backends.UserBackend",
]
# Brute-force protection of the password logins (back office, admin): failures are counted per
# account and, separately, per client address, in the default cache (shared by the web nodes in
# production: MOTCUA_CACHE_URL); each failure and lockout is audited.
AXES_HANDLER = "motcua.accounts.login_guard.AuditedCacheHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_int(
    "MOTCUA_LOGIN_FAILURE_LIMIT",
    default=10,
    help="Failed password logins (back office, admin) after which the account, and separately "
    "the client address, is locked out for MOTCUA_LOGIN_LOCKOUT_MINUTES.",
)
_lockout_minutes = env_int(
    "MOTCUA_LOGIN_LOCKOUT_MINUTES",
    default=15,
    help="Minutes a locked-out account or address waits before it may try to log in again.",
)
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "motcua.accounts.login_guard.client_ip"
AXES_LOCKOUT_TEMPLATE = "backoffice/login_locked_out.html"
AXES_VERBOSE = False
MOTCUA_OTP_REQUIRED = env_bool(
    "MOTCUA_OTP_REQUIRED",
    default=False,
    help="Officers and administrators must enrol an authenticator app (TOTP) and enter its code "
    "at every login to reach the back office and the admin site. Default: on in production, off "
    "in local and test settings.",
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:home"

# Vietnamese first; English second (Django i18n).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "motcua" / "locale"]
USE_I18N = True
# Stored in UTC, shown and reasoned about in Vietnam's time.
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded and produced files (hồ sơ, kết quả): a folder every node mounts (MOTCUA_VAR_DIR on
# shared storage), or an S3-compatible bucket through django-storages (MinIO, Ceph, a cloud's).
MOTCUA_STORAGE = env_str(
    "MOTCUA_STORAGE",
    default="filesystem",
    help="Where uploaded and produced files live: filesystem (<MOTCUA_VAR_DIR>/media, a folder "
    "every node mounts) or s3 (an S3-compatible bucket, MOTCUA_S3_*; needs motcua[s3]).",
)
_S3_BUCKET = env_str(
    "MOTCUA_S3_BUCKET", default="", help="With MOTCUA_STORAGE=s3: the bucket, e.g. motcua-files."
)
_S3_ENDPOINT_URL = env_str(
    "MOTCUA_S3_ENDPOINT_URL",
    default="",
    help="With MOTCUA_STORAGE=s3: the S3 endpoint, e.g. https://s3.tinh.gov.vn (MinIO, Ceph); "
    "empty: AWS.",
)
_S3_REGION = env_str(
    "MOTCUA_S3_REGION", default="", help="With MOTCUA_STORAGE=s3: the region, if it needs one."
)
_S3_ACCESS_KEY_ID = env_str(
    "MOTCUA_S3_ACCESS_KEY_ID", default="", help="With MOTCUA_STORAGE=s3: the access key id."
)
# Registered always (listed by settings-help, generated for the cluster), but a setting only with
# MOTCUA_STORAGE=s3: a deployment on a shared folder is not asked for an S3 secret.
_S3_SECRET_ACCESS_KEY = env_secret(
    "MOTCUA_S3_SECRET_ACCESS_KEY",
    default="development-only-s3-secret",
    help="With MOTCUA_STORAGE=s3: the secret access key.",
)
_S3_PREFIX = env_str(
    "MOTCUA_S3_PREFIX",
    default="",
    help="With MOTCUA_STORAGE=s3: a folder inside the bucket for every file, e.g. media.",
)
if MOTCUA_STORAGE == "filesystem":
    _DEFAULT_STORAGE: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MOTCUA_STORAGE == "s3":
    if not _S3_BUCKET:
        raise ImproperlyConfigured(
            "MOTCUA_STORAGE=s3 needs MOTCUA_S3_BUCKET (the bucket's name, e.g. motcua-files)"
        )
    MOTCUA_S3_SECRET_ACCESS_KEY = _S3_SECRET_ACCESS_KEY
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": _S3_ENDPOINT_URL or None,
            "region_name": _S3_REGION or None,
            "access_key": _S3_ACCESS_KEY_ID or None,
            "secret_key": MOTCUA_S3_SECRET_ACCESS_KEY,
            "location": _S3_PREFIX,
            # Dossiers' files are personal: private objects, read through short signed links.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            # As on a folder: a second file of the same name gets a new name, never replaces one
            # already referenced by a dossier or its audit trail.
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(
        f"MOTCUA_STORAGE must be filesystem or s3, got {MOTCUA_STORAGE!r} (e.g. MOTCUA_STORAGE=s3)"
    )
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "motcua.api.schema.ErrorDocumentingAutoSchema",
    "DEFAULT_PARSER_CLASSES": ["motcua.api.parsers.NormalizingJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "motcua.api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "motcua.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "Thủ tục hành chính một cửa trực tuyến: public catalogue, calendar and dossiers.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Applies the operations' notes (motcua.api.schema_notes) before reading the views.
    "DEFAULT_GENERATOR_CLASS": "motcua.api.schema.NotedSchemaGenerator",
}

from motcua.config.settings.product import *  # noqa: E402, F403

# The production web server (``motcua serve``, gunicorn with sync workers).
MOTCUA_WEB_BIND = env_str(
    "MOTCUA_WEB_BIND",
    default="127.0.0.1:8000",
    help="Address and port motcua serve listens on (host:port, or unix:/path/to.sock), behind the "
    "reverse proxy that terminates TLS.",
)
MOTCUA_WEB_WORKERS = env_int(
    "MOTCUA_WEB_WORKERS",
    default=0,
    help="Worker processes of motcua serve; 0: 2 per CPU available to it, plus 1.",
)
MOTCUA_WEB_TIMEOUT_SECONDS = env_int(
    "MOTCUA_WEB_TIMEOUT_SECONDS",
    default=30,
    help="Seconds a request may run before its worker is restarted; also the time a worker is "
    "given to finish its request on a graceful stop or reload (SIGHUP).",
)
MOTCUA_WEB_MAX_REQUESTS = env_int(
    "MOTCUA_WEB_MAX_REQUESTS",
    default=10000,
    help="Requests after which a worker is replaced by a fresh one (bounds slow memory growth); "
    "0: never.",
)

# Metrics (motcua.ops): Prometheus text at /metrics for the holder of the token.
MOTCUA_METRICS_TOKEN = env_secret(
    "MOTCUA_METRICS_TOKEN",
    default="development-only-metrics-token",
    help="Bearer token the Prometheus scraper sends to /metrics (Authorization: Bearer ...); "
    "anyone else gets 404.",
)
MOTCUA_METRICS_DIR = env_str(
    "MOTCUA_METRICS_DIR",
    default="",
    help="Folder where the workers of motcua serve keep their metrics between scrapes (emptied at "
    "start); empty: <MOTCUA_VAR_DIR>/metrics/<bind address>.",
)
MOTCUA_WORKER_METRICS_BIND = env_str(
    "MOTCUA_WORKER_METRICS_BIND",
    default="",
    help="host:port where motcua worker serves its own /metrics (handler outcomes and durations, "
    "signature and OCR durations), behind MOTCUA_METRICS_TOKEN; empty: none.",
)
MOTCUA_LOG_FORMAT = env_str(
    "MOTCUA_LOG_FORMAT",
    default="text",
    help="Console log format: json (one JSON object a line, with the request id; the default in "
    "production) or text.",
)

LOGGING = logging_config(
    log_format=MOTCUA_LOG_FORMAT,
    level=env_str("MOTCUA_LOG_LEVEL", default="INFO", help="Log level of the console log."),
)
