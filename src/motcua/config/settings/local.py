"""Settings for ``make run``: the embedded SQLite default, the project's own error pages.

Debug stays off unless asked for (``MOTCUA_DEBUG=1``), so the demo shows what a citizen would
see: the 404 and 500 pages of the design system, never Django's technical page with the URL list.
"""

from motcua.config.settings.base import *  # noqa: F403
from motcua.core.env import env_bool

DEBUG = env_bool(
    "MOTCUA_DEBUG",
    default=False,
    help="Show Django's debug pages (MOTCUA_DEBUG=1 while developing). Never in production.",
)

# Serve static files straight from the apps, with no collectstatic step; WhiteNoise does this
# whether debug is on or off (runserver's own static handler only serves with debug on).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

INSTALLED_APPS = [*INSTALLED_APPS, *DEV_APPS]  # noqa: F405
