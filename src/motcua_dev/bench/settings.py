"""Production settings with the bench's own URLconf, which adds the bare ceiling view of
``motcua bench http`` to the product's URLs (the product itself never serves it), in a process
that imports only what a production install has (:mod:`motcua_dev.bench.product_imports`)."""

from motcua_dev.bench.product_imports import refuse_imports_outside_the_product

refuse_imports_outside_the_product()

from motcua.config.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "motcua_dev.bench.urls"
