"""Reads of the signing app."""

from datetime import datetime

from django.db.models import Q

from motcua.accounts.models import Agency, RoleAssignment, User
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


def slip_issuers() -> list[Agency]:
    """The agencies that issue slips: those hosting a one-stop unit (receipts, supplement
    requests, refusals) and those where officers settle dossiers (apologies, stop notices)."""
    staffed = RoleAssignment.objects.filter(valid_to__isnull=True).values("agency_id")
    return list(
        Agency.objects.filter(Q(one_stop_units__isnull=False) | Q(pk__in=staffed))
        .distinct()
        .order_by("code")
    )
