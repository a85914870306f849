"""Reads of the signing app."""

from datetime import datetime

from motcua.accounts.models import User
from motcua.signing.models import SigningCredential


def credential_for(*, user: User, at: datetime) -> SigningCredential | None:
    """The newest credential of ``user`` valid at ``at`` (not revoked, within its period)."""
    return (
        SigningCredential.objects.filter(
            user=user, not_before__lte=at, not_after__gt=at, revoked_at__isnull=True
        )
        .order_by("-not_before", "-pk")
        .first()
    )
