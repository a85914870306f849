"""Feedback and petitions, their routing and answers, and dossier ratings."""

from django.db import models  # noqa: F401
