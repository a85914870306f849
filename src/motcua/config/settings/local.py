"""Settings for ``make run``: the embedded SQLite default, debug pages on."""

from motcua.config.settings.base import *  # noqa: F403
from motcua.core.env import env_bool

DEBUG = env_bool(
    "MOTCUA_DEBUG", default=True, help="Show Django's debug pages. Never in production."
)

# Serve static files straight from the apps, with no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
