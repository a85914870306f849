"""Aggregates maintained as the dossier history grows, for dashboards and the 766 index."""

from django.db import models  # noqa: F401
