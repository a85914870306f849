"""Production settings with the bench's own URLconf, which adds the bare ceiling view of
``motcua bench http`` to the product's URLs (the product itself never serves it)."""

from motcua.config.settings.production import *  # noqa: F403

ROOT_URLCONF = "motcua_dev.bench.urls"
