"""Reads of feedback (phản ánh, kiến nghị): what an officer may see, an item for its sender, the
agencies a complaint escalates to."""

import secrets
import unicodedata
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import Agency, User
from motcua.accounts.selectors import officer_roles
from motcua.feedback.models import (
    Feedback,
)


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def feedback_agencies_of(*, user: User, at: datetime) -> list[int]:
    """Ids of the agencies where ``user`` holds any role today."""
    return [r.agency_id for r in officer_roles(user=user, on=timezone.localdate(at))]


def feedback_visible_to(*, user: User, at: datetime) -> QuerySet[Feedback]:
    """The items an officer may see: those of their agencies, or escalated to them."""
    if user.is_superuser:
        return Feedback.objects.all()
    ids = feedback_agencies_of(user=user, at=at)
    return Feedback.objects.filter(Q(agency_id__in=ids) | Q(escalated_to_id__in=ids))


def feedback_for_sender(*, code: str, access_key: str) -> Feedback | None:
    """The item if ``access_key`` is its key (constant-time), else ``None``."""
    feedback = Feedback.objects.select_related("agency").filter(code=_clean(code).upper()).first()
    if feedback is None or not access_key:
        return None
    if not secrets.compare_digest(
        feedback.access_key.encode(), _clean(access_key).upper().encode()
    ):
        return None
    return feedback


def escalation_chain(agency: Agency) -> list[Agency]:
    """The agency's parents, nearest first (bounded: a cycle in the data must not loop)."""
    chain: list[Agency] = []
    current = agency.parent
    while current is not None and len(chain) < 10 and current not in chain:
        chain.append(current)
        current = current.parent
    return chain
