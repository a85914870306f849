"""Reads of the signing app."""

from datetime import datetime

from motcua.accounts.models import Agency, User
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


def seal_for(*, agency: Agency, at: datetime) -> SigningCredential | None:
    """The newest seal (organisation certificate) of ``agency`` valid at ``at``."""
    return (
        SigningCredential.objects.filter(
            agency=agency,
            user__isnull=True,
            not_before__lte=at,
            not_after__gt=at,
            revoked_at__isnull=True,
        )
        .order_by("-not_before", "-pk")
        .first()
    )
