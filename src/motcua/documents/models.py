"""Scanned and uploaded documents, their text, type, retention and hash."""

from django.db import models  # noqa: F401
