"""Postal consignments and their tracking events."""

from django.db import models  # noqa: F401
