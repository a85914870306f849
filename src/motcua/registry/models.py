"""Evidence of registry reads, the personal e-data store, consent and the access log."""

from django.db import models  # noqa: F401
