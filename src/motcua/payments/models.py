"""Fee policies' outcomes, payments, refunds and receipts; money is integer đồng."""

from django.db import models  # noqa: F401
