"""Settings for the test suite: fast hashing, in-memory e-mail, same database rules as production."""

from motcua.config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Serve static files straight from the apps, with no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Each test sees its own figures at once (a ranking computed by an earlier test is never reused).
MOTCUA_REPORTING_STALE_SECONDS = 0
# Tests send many items from 127.0.0.1 within minutes; the tests of the limit set their own.
MOTCUA_FEEDBACK_RATE = "1000/min"
# Many tests log in from 127.0.0.1 with a wrong password on purpose, or through Client.login
# (no request, which django-axes refuses); the lockout tests turn it on with their own limit.
AXES_ENABLED = False

INSTALLED_APPS = [*INSTALLED_APPS, *DEV_APPS]  # noqa: F405
