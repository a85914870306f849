"""Demo data for ``make run``, created through this app's services. Idempotent."""

from datetime import datetime


def load(*, at: datetime) -> None:
    """Create this app's demo data as of ``at``; running it again changes nothing."""
