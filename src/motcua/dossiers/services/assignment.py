"""Phân công xử lý: naming the specialist who handles a dossier's specialist steps.

Who may name whom is :func:`motcua.dossiers.permissions.check_may_assign` and
:func:`~motcua.dossiers.permissions.assignable_specialists`; this module writes it, with its
history and audit rows, and says when an assignment ends (the dossier leaves the specialist
steps). The assigned specialist finds the dossier first in the work queue; the other specialists of
the agency still see it, so nothing waits when the named one is away.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.actors import actor_audit
from motcua.accounts.models import Role, User
from motcua.catalog.models import ProcessStep
from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.dossiers.history import history_note
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import assignable_specialists, check_may_assign

ASSIGN = "assign"


def dossier_assign(*, dossier: Dossier, assignee: User, actor: User, at: datetime) -> Dossier:
    """Name ``assignee`` the specialist of ``dossier``; the answer is the dossier as written."""
    on = timezone.localdate(at)
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update()
            .select_related("competent_agency")
            .get(pk=dossier.pk)
        )
        check_may_assign(user=actor, dossier=locked, on=on)
        if not assignable_specialists(dossier=locked, on=on).filter(pk=assignee.pk).exists():
            raise ValidationFailed(
                _("Không phân công được."),
                problems=[
                    FieldProblem(
                        "assignee",
                        _("Hãy chọn một chuyên viên của %(agency)s trong danh sách.")
                        % {"agency": locked.competent_agency.name},
                    )
                ],
            )
        Dossier.objects.filter(pk=locked.pk).update(assignee=assignee)
        locked.assignee = assignee
        history_note(
            dossier=locked,
            action=ASSIGN,
            note=_("Phân công %(name)s xử lý hồ sơ.") % {"name": assignee},
            at=at,
            actor=actor,
            audit_actor=actor_audit(actor),
            audit_data={"assignee": assignee.pk},
        )
    return locked


def assignment_ends(*, step: ProcessStep | None, following: ProcessStep | None) -> bool:
    """Completing ``step`` ends the assignment when it leaves the specialist steps."""
    return (
        step is not None
        and step.role == Role.SPECIALIST
        and (following is None or following.role != Role.SPECIALIST)
    )
