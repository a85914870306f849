"""Settings for production: PostgreSQL, secure cookies, HTTPS."""

from motcua.config.settings.base import *  # noqa: F403
from motcua.config.settings.base import SECRET_KEY
from motcua.core.env import env_bool

if SECRET_KEY.startswith("development-only"):
    message = "MOTCUA_SECRET_KEY must be set in production"
    raise RuntimeError(message)

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool(
    "MOTCUA_SSL_REDIRECT",
    default=True,
    help="Redirect plain HTTP to HTTPS (off when a proxy in front terminates TLS and redirects).",
)
SECURE_HSTS_SECONDS = 31536000
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
