"""Settings for production: PostgreSQL, secure cookies, HTTPS, no published secret."""

from django.core.exceptions import ImproperlyConfigured

from motcua.config.settings.base import *  # noqa: F403
from motcua.core.env import env_bool, env_str, secrets_on_default, secrets_on_default_message
from motcua.core.logcontext import logging_config

_on_default = secrets_on_default(lambda setting: globals().get(setting))
if _on_default:
    raise ImproperlyConfigured(secrets_on_default_message(_on_default))

DEBUG = False
MOTCUA_OTP_REQUIRED = env_bool(
    "MOTCUA_OTP_REQUIRED",
    default=True,
    help="Officers and administrators must enrol an authenticator app (TOTP) and enter its code "
    "at every login to reach the back office and the admin site. Default: on in production, off "
    "in local and test settings.",
)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool(
    "MOTCUA_SSL_REDIRECT",
    default=True,
    help="Redirect plain HTTP to HTTPS (off when a proxy in front terminates TLS and redirects).",
)
# The load balancer asks the nodes over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    **STORAGES,  # noqa: F405 (the default storage as MOTCUA_STORAGE chose)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

MOTCUA_LOG_FORMAT = env_str(
    "MOTCUA_LOG_FORMAT",
    default="json",
    help="Console log format: json (one JSON object a line, with the request id; the default in "
    "production) or text.",
)
LOGGING = logging_config(log_format=MOTCUA_LOG_FORMAT, level=LOGGING["root"]["level"])  # noqa: F405
