"""Settings shared by every environment. Each environment variable is read once, with a help text."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from motcua.core.env import env_bool, env_int, env_list, env_secret, env_str
from motcua.core.logcontext import logging_config

SRC_DIR = Path(__file__).resolve().parents[3]
PROJECT_DIR = SRC_DIR.parent
VAR_DIR = Path(
    env_str(
        "MOTCUA_VAR_DIR",
        default=str(PROJECT_DIR / "var"),
        help="Folder for the embedded database, uploaded files and collected static files.",
        shown_default="<project>/var",
    )
)

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

MIDDLEWARE = [
    # First: names, times and counts every request, whatever answers it.
    "motcua.ops.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "motcua.backoffice.second_factor.SecondFactorMiddleware",
    "motcua.core.middleware.NoStoreUnlessPublicMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
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
    "django.contrib.auth.backends.ModelBackend",
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
        "rest_framework.authentication.TokenAuthentication",
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
}

# Decree 61/2018 Art. 18: a paper dossier received after this local time counts from the next
# working day.
MOTCUA_PAPER_CUTOFF = env_str(
    "MOTCUA_PAPER_CUTOFF",
    default="15:00",
    help="Local time (HH:MM) after which a paper dossier counts as received the next working day.",
)
MOTCUA_DEFAULT_WORKING_HOURS = env_str(
    "MOTCUA_DEFAULT_WORKING_HOURS",
    default="07:30-11:30,13:00-17:00",
    help="Default working hours of an agency, comma-separated HH:MM-HH:MM periods.",
)
MOTCUA_MAX_UPLOAD_BYTES = env_int(
    "MOTCUA_MAX_UPLOAD_BYTES",
    default=10 * 1024 * 1024,
    help="Largest file accepted in a dossier, in bytes.",
)
MOTCUA_MAX_IMAGE_PIXELS = env_int(
    "MOTCUA_MAX_IMAGE_PIXELS",
    default=80_000_000,
    help="Largest image accepted, in pixels (an A3 page scanned at 600 dpi has about 70 million); "
    "a larger one is refused as a decompression bomb.",
)
MOTCUA_MAX_PAGE_AREA_CM2 = env_int(
    "MOTCUA_MAX_PAGE_AREA_CM2",
    default=10_000,
    help="Largest PDF page accepted, in square centimetres (10000: one square metre, an A0 sheet); "
    "OCR renders a page at most MOTCUA_MAX_IMAGE_PIXELS pixels.",
)
MOTCUA_CLAMD_ADDRESS = env_str(
    "MOTCUA_CLAMD_ADDRESS",
    default="",
    help="ClamAV clamd host:port scanning every upload (INSTREAM); empty: no malware scan.",
)
MOTCUA_CLAMD_TIMEOUT_SECONDS = env_int(
    "MOTCUA_CLAMD_TIMEOUT_SECONDS",
    default=30,
    help="Seconds to wait for clamd; no answer refuses the upload.",
)
MOTCUA_OCR_LANGUAGE = env_str(
    "MOTCUA_OCR_LANGUAGE",
    default="vie",
    help="Tesseract language(s) for digitizing paper at the counter, e.g. vie or vie+eng.",
)
MOTCUA_OCR_TIMEOUT_SECONDS = env_int(
    "MOTCUA_OCR_TIMEOUT_SECONDS",
    default=300,
    help="Longest time one OCR run (rasterising and Tesseract) may take, in seconds.",
)
MOTCUA_PUBLIC_BASE_URL = env_str(
    "MOTCUA_PUBLIC_BASE_URL",
    default="http://127.0.0.1:8000",
    help="Absolute address of the public portal, used in QR codes and links sent to applicants.",
)
MOTCUA_BROKER_URL = env_str(
    "MOTCUA_BROKER_URL",
    default="",
    help="Message broker for background work (amqp://... or redis://...); empty: the embedded "
    "default, where the worker polls the database.",
)
MOTCUA_BROKER_QUEUE = env_str(
    "MOTCUA_BROKER_QUEUE",
    default="motcua.outbox",
    help="Queue of the background worker on the broker.",
)
MOTCUA_PDF_FONT_DIR = env_str(
    "MOTCUA_PDF_FONT_DIR",
    default="",
    help="Folder with a TTF font that has Vietnamese glyphs (NotoSans or DejaVuSans) for PDF forms; "
    "empty: the usual system font folders.",
)
EMAIL_HOST = env_str("MOTCUA_SMTP_HOST", default="127.0.0.1", help="SMTP server for e-mail.")
EMAIL_PORT = env_int("MOTCUA_SMTP_PORT", default=8025, help="Port of the SMTP server.")
DEFAULT_FROM_EMAIL = env_str(
    "MOTCUA_SMTP_FROM",
    default="Dich vu cong <no-reply@motcua.local>",
    help="Sender address of the e-mails motcua sends.",
)
MOTCUA_SMS_GATEWAY_URL = env_str(
    "MOTCUA_SMS_GATEWAY_URL",
    default="http://127.0.0.1:8026/sms",
    help="Address of the SMS gateway (the simulator in the demo).",
)
MOTCUA_SMS_GATEWAY_SECRET = env_secret(
    "MOTCUA_SMS_GATEWAY_SECRET",
    default="development-only-sms-secret",
    help="Shared secret for the HMAC signature of SMS gateway requests.",
)
MOTCUA_REGISTRY_URL = env_str(
    "MOTCUA_REGISTRY_URL",
    default="http://127.0.0.1:8027",
    help="Base address of the national registries (population, business; the simulator in the demo).",
)
MOTCUA_REGISTRY_PUBLIC_KEY_FILE = env_str(
    "MOTCUA_REGISTRY_PUBLIC_KEY_FILE",
    default=str(VAR_DIR / "registry-sim-key.pub.pem"),
    shown_default="<MOTCUA_VAR_DIR>/registry-sim-key.pub.pem",
    help="PEM file with the Ed25519 public key that signs the registries' answers.",
)
MOTCUA_REGISTRY_TIMEOUT_SECONDS = env_int(
    "MOTCUA_REGISTRY_TIMEOUT_SECONDS",
    default=3,
    help="Seconds to wait for a registry on each try (three tries with backoff).",
)
MOTCUA_REGISTRY_BREAKER_SECONDS = env_int(
    "MOTCUA_REGISTRY_BREAKER_SECONDS",
    default=60,
    help="Seconds a registry is left alone after three failed calls in a row (circuit breaker).",
)
MOTCUA_REGISTRY_DRAFT_RETENTION_HOURS = env_int(
    "MOTCUA_REGISTRY_DRAFT_RETENTION_HOURS",
    default=24,
    help="Hours data fetched for a draft is kept when the draft is never submitted; then purged.",
)
MOTCUA_OIDC_ISSUER = env_str(
    "MOTCUA_OIDC_ISSUER",
    default="http://127.0.0.1:8010",
    help="OpenID Connect issuer of the citizens' e-ID (VNeID; the local simulator in the demo).",
)
MOTCUA_OIDC_CLIENT_ID = env_str(
    "MOTCUA_OIDC_CLIENT_ID", default="motcua-portal", help="This portal's OpenID Connect client id."
)
MOTCUA_OIDC_CLIENT_SECRET = env_secret(
    "MOTCUA_OIDC_CLIENT_SECRET",
    default="development-only-oidc-secret",
    help="This portal's OpenID Connect client secret.",
)
MOTCUA_SLA_DOSSIER_WARNING_HOURS = env_int(
    "MOTCUA_SLA_DOSSIER_WARNING_HOURS",
    default=8,
    help="Working hours before a dossier's due moment at which its holder is warned (at most "
    "half its time limit, so a short one is not warned as soon as it is received).",
)
MOTCUA_SLA_STEP_WARNING_HOURS = env_int(
    "MOTCUA_SLA_STEP_WARNING_HOURS",
    default=2,
    help="Working hours before a step's due moment at which its holder is warned (at most half "
    "the step's norm, so a short step is not warned as soon as it starts).",
)
MOTCUA_SLA_APOLOGY_EXTENSION_DAYS = env_int(
    "MOTCUA_SLA_APOLOGY_EXTENSION_DAYS",
    default=3,
    help="Working days added to the due date in a drafted apology (form 04), before the leader "
    "approves it.",
)
MOTCUA_PUBLIC_PAGE_SIZE = env_int(
    "MOTCUA_PUBLIC_PAGE_SIZE", default=20, help="Procedures per page in the public catalogue."
)
MOTCUA_PUBLIC_PAGE_CACHE_SECONDS = env_int(
    "MOTCUA_PUBLIC_PAGE_CACHE_SECONDS",
    default=3600,
    help="Longest time the catalogue search, the procedure pages and the index page are answered "
    "from the cache for visitors not signed in (a catalogue change shows at once; an agency "
    "renamed within this time). The index page is kept at most MOTCUA_REPORTING_STALE_SECONDS. "
    "0: rendered on every request.",
)
# Payments: the VNPAY-type gateway (the local pay-sim in the demo) and the reconciliation job.
MOTCUA_PAY_GATEWAY_URL = env_str(
    "MOTCUA_PAY_GATEWAY_URL",
    default="http://127.0.0.1:8029",
    help="Base address of the payment gateway (the pay-sim simulator in the demo).",
)
MOTCUA_PAY_TMN_CODE = env_str(
    "MOTCUA_PAY_TMN_CODE", default="MOTCUA01", help="This agency's merchant code at the gateway."
)
MOTCUA_PAY_SECRET = env_secret(
    "MOTCUA_PAY_SECRET",
    default="development-only-pay-secret",
    help="Shared secret of the gateway's HMAC-SHA512 signatures.",
)
MOTCUA_PAY_QUERY_AFTER_MINUTES = env_int(
    "MOTCUA_PAY_QUERY_AFTER_MINUTES",
    default=15,
    help="Minutes after which a pending online payment with no notification is queried.",
)
MOTCUA_PAY_EXPIRE_MINUTES = env_int(
    "MOTCUA_PAY_EXPIRE_MINUTES",
    default=24 * 60,
    help="Minutes after which an online payment the gateway never saw is closed as failed.",
)
# Lifecycle: the shared cache (rate limits), the public lookup's limit, abandoned portal drafts.
_CACHE_URL = env_str(
    "MOTCUA_CACHE_URL",
    default="",
    help="Cache shared by the web nodes (rate limits): redis://host:6379/0 in production; empty: "
    "each process keeps its own in memory (enough for one web process).",
)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
        if _CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "motcua"}
    )
}
MOTCUA_LOOKUP_RATE = env_str(
    "MOTCUA_LOOKUP_RATE",
    default="30/min",
    help="Most lookups of a dossier by code (portal /tra-cuu/ and the API) per client address, "
    "as N/unit (30/min, 500/h); over it the answer is HTTP 429 with Retry-After.",
)
MOTCUA_TRUSTED_PROXY_HEADER = env_str(
    "MOTCUA_TRUSTED_PROXY_HEADER",
    default="",
    help="Header in which the reverse proxy in front passes the client address (X-Forwarded-For "
    "or X-Real-IP; its last entry is used). Empty: the connection's address. Set it only behind "
    "a proxy that sets it, since clients can send it too.",
)
MOTCUA_DRAFT_RETENTION_HOURS = env_int(
    "MOTCUA_DRAFT_RETENTION_HOURS",
    default=72,
    help="Hours after which the files of an online application left unsubmitted are deleted.",
)
# Signed results (signing app).
MOTCUA_PKI_DIR = env_str(
    "MOTCUA_PKI_DIR",
    default=str(VAR_DIR / "pki"),
    help="Folder of the local certificate authority (demo and tests): CA keys, CRLs, key files.",
    shown_default="<MOTCUA_VAR_DIR>/pki",
)
MOTCUA_TSA_URL = env_str(
    "MOTCUA_TSA_URL",
    default="http://127.0.0.1:8028/",
    help="RFC 3161 time-stamp authority used when signing results (the simulator in the demo).",
)
MOTCUA_SIGNER = env_str(
    "MOTCUA_SIGNER",
    default="keyfile",
    help="Where load-demo makes the officers' signing keys: keyfile (PEM files under "
    "MOTCUA_PKI_DIR) or pkcs11 (generated inside the PKCS#11 token). Each signature uses the "
    "plugin recorded with the officer's credential.",
)
MOTCUA_PKCS11_MODULE = env_str(
    "MOTCUA_PKCS11_MODULE",
    default="",
    help="PKCS#11 module of the signing token; empty: the SoftHSM2 module where Debian puts it.",
)
MOTCUA_PKCS11_TOKEN_LABEL = env_str(
    "MOTCUA_PKCS11_TOKEN_LABEL", default="motcua", help="Label of the PKCS#11 signing token."
)
MOTCUA_PKCS11_USER_PIN = env_secret(
    "MOTCUA_PKCS11_USER_PIN",
    default="development-only-pin",
    help="User PIN of the PKCS#11 signing token.",
)
MOTCUA_SOFTHSM2_CONF = env_str(
    "MOTCUA_SOFTHSM2_CONF",
    default=str(VAR_DIR / "softhsm" / "softhsm2.conf"),
    help="SoftHSM2 configuration of the project's own token (never the system one); used when "
    "SOFTHSM2_CONF is not set.",
    shown_default="<MOTCUA_VAR_DIR>/softhsm/softhsm2.conf",
)
# Return of results by post (delivery app).
MOTCUA_POST_PROVIDER = env_str(
    "MOTCUA_POST_PROVIDER",
    default="vnpost_style",
    help="Postal provider plugin that sends results by post.",
)
MOTCUA_POST_API_URL = env_str(
    "MOTCUA_POST_API_URL",
    default="http://127.0.0.1:8030",
    help="Base address of the public post's API (the simulator in the demo).",
)
MOTCUA_POST_SECRET = env_secret(
    "MOTCUA_POST_SECRET",
    default="development-only-post-secret",
    help="Shared secret for the HMAC signatures of requests to the post and of its tracking "
    "callbacks.",
)
MOTCUA_POST_WEBHOOK_URL = env_str(
    "MOTCUA_POST_WEBHOOK_URL",
    default="",
    help="Address the post calls back with tracking events; empty: "
    "<MOTCUA_PUBLIC_BASE_URL>/api/v1/delivery/post/tracking/.",
)
MOTCUA_POST_POLL_SECONDS = env_int(
    "MOTCUA_POST_POLL_SECONDS",
    default=900,
    help="Seconds between two tracking queries of the items still on their way (catches lost "
    "callbacks).",
)
# Feedback and petitions (phản ánh, kiến nghị) and the Decision 766 index.
MOTCUA_FEEDBACK_INTAKE_AGENCY = env_str(
    "MOTCUA_FEEDBACK_INTAKE_AGENCY",
    default="",
    help="Code of the agency that receives feedback not about a dossier; empty: the first "
    "provincial People's Committee without a parent agency.",
)
MOTCUA_FEEDBACK_FORWARD_DAYS = env_int(
    "MOTCUA_FEEDBACK_FORWARD_DAYS",
    default=5,
    help="Working days to forward feedback that is not ours (Decree 20/2008, Art. 9).",
)
MOTCUA_FEEDBACK_ANSWER_DAYS = env_int(
    "MOTCUA_FEEDBACK_ANSWER_DAYS",
    default=20,
    help="Working days to answer feedback (Decision 574/QĐ-TTg: 20 days).",
)
MOTCUA_FEEDBACK_REMINDER_DAYS = env_int(
    "MOTCUA_FEEDBACK_REMINDER_DAYS",
    default=2,
    help="Working days before the answer is due at which the agency is reminded.",
)
MOTCUA_FEEDBACK_ESCALATION_DAYS = env_int(
    "MOTCUA_FEEDBACK_ESCALATION_DAYS",
    default=2,
    help="Working days late after which a late answer goes one more level up the chain.",
)
MOTCUA_FEEDBACK_MAILDIR = env_str(
    "MOTCUA_FEEDBACK_MAILDIR",
    default="",
    help="Maildir of the monitored feedback mailbox read by the worker; empty: none.",
)
MOTCUA_FEEDBACK_IMAP_HOST = env_str(
    "MOTCUA_FEEDBACK_IMAP_HOST",
    default="",
    help="IMAP server of the feedback mailbox; empty: none.",
)
MOTCUA_FEEDBACK_IMAP_PORT = env_int(
    "MOTCUA_FEEDBACK_IMAP_PORT", default=993, help="Port of the IMAP server (TLS)."
)
MOTCUA_FEEDBACK_IMAP_USER = env_str(
    "MOTCUA_FEEDBACK_IMAP_USER", default="", help="Login of the feedback mailbox."
)
MOTCUA_FEEDBACK_IMAP_PASSWORD = env_str(
    "MOTCUA_FEEDBACK_IMAP_PASSWORD", default="", help="Password of the feedback mailbox."
)
MOTCUA_REFORM_REMINDER_DAYS = env_int(
    "MOTCUA_REFORM_REMINDER_DAYS",
    default=3,
    help="Days before a reform task's deadline when its agency's reform team is reminded.",
)
MOTCUA_REFORM_TARGET_PROCEDURES_PERCENT = env_int(
    "MOTCUA_REFORM_TARGET_PROCEDURES_PERCENT",
    default=20,
    help="Target cut in the number of internal procedures, % (Decision 1085/QĐ-TTg).",
)
MOTCUA_REFORM_TARGET_COST_PERCENT = env_int(
    "MOTCUA_REFORM_TARGET_COST_PERCENT",
    default=20,
    help="Target cut in the compliance cost of internal procedures, % (Decision 1085/QĐ-TTg).",
)
MOTCUA_REPORTING_MIN_COUNT = env_int(
    "MOTCUA_REPORTING_MIN_COUNT",
    default=5,
    help=(
        "Fewest dossiers (or feedback items) that make a figure: public dashboards hide smaller "
        "counts (and their rates); an indicator with fewer in its denominator earns no points "
        "(chưa đủ dữ liệu), and an agency that received fewer in the period is not ranked."
    ),
)
MOTCUA_REPORTING_DEFINITIONS = env_str(
    "MOTCUA_REPORTING_DEFINITIONS",
    default="",
    help="JSON file overriding the Decision 766 indicators (points, numerator, denominator).",
)
MOTCUA_REPORTING_CACHE_SECONDS = env_int(
    "MOTCUA_REPORTING_CACHE_SECONDS",
    default=300,
    help="Longest time a web process reuses a computed ranking of the Decision 766 index (a "
    "change of the catalogue shows within this time). 0: computed on every request.",
)
MOTCUA_REPORTING_STALE_SECONDS = env_int(
    "MOTCUA_REPORTING_STALE_SECONDS",
    default=30,
    help="How long a computed ranking is still shown after its tallies changed; 0: recomputed at "
    "the first request after any change.",
)
MOTCUA_FEEDBACK_RATE = env_str(
    "MOTCUA_FEEDBACK_RATE",
    default="10/h",
    help="Most feedback items (phản ánh, kiến nghị) sent from the portal form or the public API per "
    "client address, as N/unit; over it the answer is HTTP 429 with Retry-After.",
)

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
