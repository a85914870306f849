"""Internal procedures, overlap findings, simplification plans, norms and reform tasks."""

from django.db import models  # noqa: F401
