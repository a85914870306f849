"""motcua's own deployment checks, run by ``motcua check --deploy`` beside Django's.

Django's deployment checks are warnings; these are errors, so that ``check --deploy`` fails on a
configuration that must not reach production: a published development secret, debug pages, no
host names, cookies sent over plain HTTP, no HSTS covering sub-domains, no Content-Security-Policy.
"""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from motcua.core.env import secrets_on_default, secrets_on_default_message

#: One year: what browsers' HSTS preload lists and the national guidance ask for.
MIN_HSTS_SECONDS = 31536000
#: django-csp's middleware, or the product's, which builds the same header once.
CSP_MIDDLEWARES = frozenset(
    {"csp.middleware.CSPMiddleware", "motcua.core.middleware.KeptPolicyCSPMiddleware"}
)


def _setting(name: str) -> object:
    return getattr(settings, name, None)


@register(Tags.security, deploy=True)
def check_secrets(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    names = secrets_on_default(_setting)
    if not names:
        return []
    return [
        Error(
            secrets_on_default_message(names),
            hint="Generate each with: python -c 'import secrets; print(secrets.token_urlsafe(48))'",
            id="motcua.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_debug_and_hosts(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if settings.DEBUG:
        errors.append(
            Error(
                "DEBUG is on: error pages show settings, queries and code to anyone.",
                hint="Unset MOTCUA_DEBUG and use motcua.config.settings.production.",
                id="motcua.E002",
            )
        )
    hosts = list(settings.ALLOWED_HOSTS)
    if not hosts or "*" in hosts:
        errors.append(
            Error(
                f"ALLOWED_HOSTS is {hosts!r}: name the hosts this instance answers to.",
                hint="Set MOTCUA_ALLOWED_HOSTS, e.g. dichvucong.example.gov.vn.",
                id="motcua.E003",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def check_tls(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    plain_cookies = [
        name for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE") if not _setting(name)
    ]
    if plain_cookies:
        messages.append(
            Error(
                f"{', '.join(plain_cookies)} off: the session and CSRF cookies would travel over "
                "plain HTTP.",
                id="motcua.E004",
            )
        )
    seconds = int(str(_setting("SECURE_HSTS_SECONDS") or 0))
    if seconds < MIN_HSTS_SECONDS or not _setting("SECURE_HSTS_INCLUDE_SUBDOMAINS"):
        messages.append(
            Error(
                f"HSTS must last at least {MIN_HSTS_SECONDS} seconds and include sub-domains "
                f"(SECURE_HSTS_SECONDS={seconds}, "
                f"SECURE_HSTS_INCLUDE_SUBDOMAINS={_setting('SECURE_HSTS_INCLUDE_SUBDOMAINS')}).",
                id="motcua.E005",
            )
        )
    if not _setting("SECURE_SSL_REDIRECT"):
        messages.append(
            Warning(
                "SECURE_SSL_REDIRECT is off: plain HTTP requests are answered, not redirected.",
                hint="Leave it on (MOTCUA_SSL_REDIRECT) unless the proxy in front redirects.",
                id="motcua.W006",
            )
        )
    return messages


@register(Tags.security, deploy=True)
def check_csp(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    policy = _setting("CONTENT_SECURITY_POLICY")
    directives = policy.get("DIRECTIVES", {}) if isinstance(policy, dict) else {}
    script_sources = list(directives.get("script-src") or directives.get("default-src") or [])
    if not CSP_MIDDLEWARES.intersection(settings.MIDDLEWARE) or not script_sources:
        return [
            Error(
                "No Content-Security-Policy: the CSP middleware or its script-src is missing.",
                id="motcua.E007",
            )
        ]
    unsafe = [s for s in script_sources if s in {"'unsafe-inline'", "'unsafe-eval'", "*"}]
    if unsafe:
        return [
            Error(
                f"The Content-Security-Policy lets scripts run from {', '.join(unsafe)}.",
                id="motcua.E007",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_shared_cache(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    # Login lockouts and rate limits count in the default cache: a per-process cache lets an
    # attacker spread attempts over the web processes and nodes.
    backend = str(settings.CACHES.get("default", {}).get("BACKEND", ""))
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Error(
                "The default cache is kept in each process: login lockouts and rate limits "
                "would not be shared by the web processes and nodes.",
                hint="Set MOTCUA_CACHE_URL, e.g. redis://cache.internal:6379/0.",
                id="motcua.E008",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_second_factor(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    if getattr(settings, "MOTCUA_OTP_REQUIRED", False):
        return []
    return [
        Error(
            "MOTCUA_OTP_REQUIRED is off: officers and administrators reach the back office and "
            "the admin site with a password alone.",
            hint="Unset MOTCUA_OTP_REQUIRED (production turns it on) or set it to true.",
            id="motcua.E009",
        )
    ]
