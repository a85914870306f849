"""Whose queue a dossier is in (hồ sơ đang ở hàng đợi của ai), and who hears when nobody holds it.

"Reaching somebody" means: the dossier waits at a step (``current_role``) in an agency
(``current_agency``), and some user holds that role in that agency on the day. :func:`holds_q` is
the one answer to "whose queue": the work queue filters by it and :func:`queue_holders` reads the
same pairs the other way round. A dossier accepted where nobody holds its queue still stays in
that agency's queue, and :func:`unreached_alert` tells the agency's administrators at submission.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import Q, QuerySet

from motcua.accounts.models import Agency, AgencyKind, OneStopUnit, Role, RoleAssignment, User
from motcua.accounts.selectors import officer_role_keys
from motcua.core.errors import ValidationFailed
from motcua.core.periods import in_force
from motcua.core.services import audit_append
from motcua.dossiers.models import Dossier
from motcua.notifications.services import notification_enqueue


def work_queue_holds(*, held: Iterable[tuple[int, str]]) -> list[Q]:
    """The branches of a work queue (with ``status__in=OPEN_STATUSES``): for each (agency, role)
    held, the dossiers waiting at a step of that role in that agency, one range of
    ``dossier_work_queue_incl_idx`` each.
    """
    return [Q(current_agency_id=agency, current_role=role) for agency, role in sorted(set(held))]


def holds_q(held: Iterable[tuple[int, str]]) -> Q:
    """Dossiers in the queues of these (agency id, role) pairs; no pair, no dossier."""
    holds = Q(pk__in=[])
    for branch in work_queue_holds(held=held):
        holds |= branch
    return holds


def queue_holders(*, dossier: Dossier, on: date) -> QuerySet[User]:
    """The active users in whose work queue ``dossier`` is on ``on`` (none when it waits at no
    step)."""
    if dossier.current_agency_id is None or not dossier.current_role:
        return User.objects.none()
    held = RoleAssignment.objects.filter(
        in_force(on),
        agency_id=dossier.current_agency_id,
        role=dossier.current_role,
    )
    return User.objects.filter(is_active=True, pk__in=held.values("user_id")).order_by("pk")


def online_receiving_unit(*, competent: Agency, on: date) -> OneStopUnit | None:
    """The one-stop unit that receives an online dossier for ``competent`` (Decree 61/2018 Art. 7):
    the agency's own, else the Public Administration Service Centre of its administrative unit
    (the province's for a department, the commune's for a commune agency)."""
    units = OneStopUnit.objects.filter(in_force(on), in_force(on, "agency__")).select_related(
        "agency"
    )
    own = units.filter(agency=competent).order_by("pk").first()
    if own is not None:
        return own
    return (
        units.filter(
            agency__kind=AgencyKind.PUBLIC_ADMINISTRATION_SERVICE_CENTRE,
            agency__administrative_unit_id=competent.administrative_unit_id,
        )
        .order_by("agency__code", "pk")
        .first()
    )


def agency_administrators(*, agency: Agency, on: date) -> list[User]:
    """Administrators of ``agency``, else of the nearest agency above it, else of the agencies
    of its province (where a commune agency has no administrator of its own)."""
    admins = RoleAssignment.objects.filter(in_force(on), role=Role.ADMINISTRATOR)
    current: Agency | None = agency
    seen: set[int] = set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        users = list(
            User.objects.filter(
                is_active=True, pk__in=admins.filter(agency=current).values("user_id")
            ).order_by("pk")
        )
        if users:
            return users
        current = current.parent
    unit = agency.administrative_unit
    area = [unit.pk] + ([unit.parent_id] if unit.parent_id else [])
    return list(
        User.objects.filter(
            is_active=True,
            pk__in=admins.filter(agency__administrative_unit_id__in=area).values("user_id"),
        ).order_by("pk")
    )


def _holds_queue(user: User | None, dossier: Dossier, on: date) -> bool:
    """Whether ``user`` is one of :func:`queue_holders` (an officer receiving at the counter
    usually is), told from their own roles: one short read instead of a search of the agency's
    officers."""
    if user is None or not user.is_active:
        return False
    keys = officer_role_keys(user=user, on=on)
    return (dossier.current_agency_id, dossier.current_role) in keys


def unreached_alert(
    *, dossier: Dossier, at: datetime, on: date, actor: User | None = None
) -> list[User]:
    """If nobody holds ``dossier``'s queue, an audit row and an e-mail to the administrators of
    the holding agency (in the caller's transaction); the administrators alerted. ``actor``: who
    put the dossier there, checked first."""
    if dossier.current_agency_id is None or _holds_queue(actor, dossier, on):
        return []
    if queue_holders(dossier=dossier, on=on).exists():
        return []
    agency = Agency.objects.select_related("administrative_unit", "parent").get(
        pk=dossier.current_agency_id
    )
    administrators = agency_administrators(agency=agency, on=on)
    role = str(Role(dossier.current_role).label)
    audit_append(
        actor="system",
        action="dossier.unreached",
        object_type="dossier",
        object_id=dossier.code,
        at=at,
        data={
            "agency": agency.code,
            "role": dossier.current_role,
            "administrators": [u.pk for u in administrators],
        },
    )
    for user in administrators:
        if not user.email:
            continue
        try:
            notification_enqueue(
                channel="email",
                recipient=user.email,
                template="agency_without_receiver",
                context={
                    "name": user.full_name or user.username,
                    "code": dossier.code,
                    "procedure": dossier.procedure_version.name,
                    "agency": agency.name,
                    "role": role,
                },
                dossier_code=dossier.code,
                key=f"dossier.unreached:{dossier.code}:{user.pk}",
                at=at,
            )
        except ValidationFailed:
            continue
    return administrators
