"""Signed documents and their verification records."""

from django.db import models  # noqa: F401
