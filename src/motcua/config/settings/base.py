"""Settings shared by every environment. Each environment variable is read once, with a help text."""

from pathlib import Path

import dj_database_url

from motcua.core.env import env_bool, env_int, env_list, env_str

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

SECRET_KEY = env_str(
    "MOTCUA_SECRET_KEY",
    default="development-only-secret-key-change-me-in-production",
    help="Django's secret key. Required in production: a long random string.",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
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
    "motcua.reform",
    "motcua.feedback",
    "motcua.reporting",
    "motcua.portal",
    "motcua.backoffice",
    "motcua.api",
    "motcua.demo",
    "motcua.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "motcua.core.middleware.UnicodeNormalizationMiddleware",
]

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
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
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
MOTCUA_SMS_GATEWAY_SECRET = env_str(
    "MOTCUA_SMS_GATEWAY_SECRET",
    default="development-only-sms-secret",
    help="Shared secret for the HMAC signature of SMS gateway requests.",
)
MOTCUA_OIDC_ISSUER = env_str(
    "MOTCUA_OIDC_ISSUER",
    default="http://127.0.0.1:8010",
    help="OpenID Connect issuer of the citizens' e-ID (VNeID; the local simulator in the demo).",
)
MOTCUA_OIDC_CLIENT_ID = env_str(
    "MOTCUA_OIDC_CLIENT_ID", default="motcua-portal", help="This portal's OpenID Connect client id."
)
MOTCUA_OIDC_CLIENT_SECRET = env_str(
    "MOTCUA_OIDC_CLIENT_SECRET",
    default="development-only-oidc-secret",
    help="This portal's OpenID Connect client secret.",
)
MOTCUA_SLA_DOSSIER_WARNING_HOURS = env_int(
    "MOTCUA_SLA_DOSSIER_WARNING_HOURS",
    default=8,
    help="Working hours before a dossier's due moment at which its holder is warned.",
)
MOTCUA_SLA_STEP_WARNING_HOURS = env_int(
    "MOTCUA_SLA_STEP_WARNING_HOURS",
    default=2,
    help="Working hours before a step's due moment at which its holder is warned.",
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_str("MOTCUA_LOG_LEVEL", default="INFO", help="Log level of the console log."),
    },
}
