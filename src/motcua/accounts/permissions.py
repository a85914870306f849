"""Who may act as what: the one place that maps a principal to its rights.

A principal is an officer when they hold a role in force in an agency in force (or are a
superuser, the administrator of the whole installation); anyone else logged in is a citizen or a
business acting for themself. Querysets that scope objects by agency (``dossiers_visible_to``,
the reform workspace's scope) start from the agencies named here.
"""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from motcua.accounts.models import Agency, OneStopUnit, Role, RoleAssignment, User
from motcua.accounts.selectors import officer_role_keys
from motcua.core.periods import in_force


def is_officer(*, user: User | AnonymousUser, on: date) -> bool:
    """Whether ``user`` works in the back-office on ``on`` (cán bộ, or the administrator)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or bool(officer_role_keys(user=user, on=on))


def may_receive_at(*, user: User | AnonymousUser, unit: OneStopUnit, on: date) -> bool:
    """Whether ``user`` may record a reception at the counter of ``unit`` or from the post there.

    Only a one-stop officer of the unit's agency receives paper: a citizen files online, and the
    channel of their dossier is the portal's, whatever a client says.
    """
    return filer_rights(user=user, unit=unit, on=on)[1]


def filer_rights(
    *, user: User | AnonymousUser, unit: OneStopUnit | None, on: date
) -> tuple[bool, bool]:
    """:func:`is_officer` and :func:`may_receive_at` (False without a unit) of one filer, from
    one read of their roles: a submission asks both."""
    if not isinstance(user, User) or not user.is_active:
        return False, False
    keys = officer_role_keys(user=user, on=on)
    receives = unit is not None and (unit.agency_id, Role.ONE_STOP_OFFICER) in keys
    return user.is_superuser or bool(keys), receives


def agencies_under_role(
    *, user: User | AnonymousUser, role: str, on: date
) -> QuerySet[Agency] | None:
    """The agencies where ``user`` holds ``role`` on ``on``, with the agencies under them.

    A provincial People's Committee's reform team oversees its departments; a ward's team its
    ward's bodies. ``None`` means every agency (the administrator); an empty queryset, none.
    """
    if not isinstance(user, User) or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return None
    held = list(
        RoleAssignment.objects.filter(
            in_force(on), in_force(on, "agency__"), user=user, role=role
        ).values_list("agency_id", flat=True)
    )
    scope = set(held)
    frontier = set(held)
    # The hierarchy is a few levels deep (ministry, department; province, department; ward, body).
    while frontier:
        children = set(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = children - scope
        scope |= frontier
    return Agency.objects.filter(pk__in=scope)
