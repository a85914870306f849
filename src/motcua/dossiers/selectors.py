"""Reads of dossiers. Authorization lives here: every read of a dossier starts from
:func:`dossiers_visible_to`; nothing is fetched by a bare id.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import RoleAssignment, User
from motcua.core.errors import NotFound
from motcua.dossiers.codes import dossier_code_canonical
from motcua.dossiers.models import Dossier, DossierApology, DossierConsultation, DossierStatus
from motcua.dossiers.routing import holds_q

#: Statuses in which someone in an agency has work to do.
OPEN_STATUSES = (DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.RESULT_READY)


def _assignments_on(user: User, on: date) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on), user=user, valid_from__lte=on
    )


def dossiers_visible_to(*, user: User | AnonymousUser, on: date | None = None) -> QuerySet[Dossier]:
    """The dossiers ``user`` may see on ``on`` (default: today, local time).

    A superuser sees all; an officer those of every agency where they hold a role in force, as the
    competent, the receiving or a consulted agency (liên thông); an applicant their own. Anyone
    else sees none.
    """
    dossiers = Dossier.objects.select_related(
        "procedure_version__procedure",
        "receiving_agency",
        "receiving_unit",
        "competent_agency",
        "applicant",
    )
    if not isinstance(user, User) or not user.is_active:
        return dossiers.none()
    if user.is_superuser:
        return dossiers
    day = on or timezone.localdate()
    agencies = _assignments_on(user, day).values("agency_id")
    return dossiers.filter(
        Q(applicant__user=user)
        | Q(competent_agency_id__in=agencies)
        | Q(receiving_agency_id__in=agencies)
        | Exists(
            DossierConsultation.objects.filter(dossier_id=OuterRef("pk"), agency_id__in=agencies)
        )
    )


def dossier_get_for(*, user: User | AnonymousUser, code: str, on: date | None = None) -> Dossier:
    """The dossier ``code`` if ``user`` may see it; otherwise :class:`NotFound` (the same answer)."""
    dossier = dossiers_visible_to(user=user, on=on).filter(code=code.strip()).first()
    if dossier is None:
        raise NotFound(_("Không tìm thấy hồ sơ %(code)s.") % {"code": code})
    return dossier


@dataclass(frozen=True)
class PublicStatus:
    """What anyone may learn from a dossier code (tra cứu): no personal data."""

    code: str
    status: str
    status_label: str
    procedure_code: str
    procedure_name: str
    receiving_agency: str
    receiving_unit: str
    competent_agency: str
    received_at: datetime
    due_at: datetime | None
    closed_at: datetime | None


def dossier_public_status(*, code: str) -> PublicStatus:
    # One row by its unique code: no ORDER BY, and only the columns the answer shows.
    rows = (
        Dossier.objects.select_related(
            "procedure_version__procedure", "receiving_agency", "receiving_unit", "competent_agency"
        )
        .only(
            "code",
            "status",
            "received_at",
            "due_at",
            "closed_at",
            "procedure_version__name",
            "procedure_version__procedure__national_code",
            "procedure_version__procedure__local_suffix",
            "receiving_agency__name",
            "receiving_unit__name",
            "competent_agency__name",
        )
        .filter(code=dossier_code_canonical(code))[:1]
    )
    dossier = next(iter(rows), None)
    if dossier is None:
        raise NotFound(_("Không tìm thấy hồ sơ %(code)s.") % {"code": code})
    return PublicStatus(
        code=dossier.code,
        status=dossier.status,
        status_label=str(DossierStatus(dossier.status).label),
        procedure_code=dossier.procedure_version.procedure.code,
        procedure_name=dossier.procedure_version.name,
        receiving_agency=dossier.receiving_agency.name,
        receiving_unit=dossier.receiving_unit.name if dossier.receiving_unit else "",
        competent_agency=dossier.competent_agency.name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        closed_at=dossier.closed_at,
    )


def work_queue(*, user: User, on: datetime) -> QuerySet[Dossier]:
    """Open dossiers waiting at a step whose role ``user`` holds in that step's agency.

    The step's role and agency are stored on the dossier (``current_role``, ``current_agency``),
    so the first page is one scan of ``dossier_work_queue_idx``. Reception and return wait in the
    receiving agency's queue (a one-stop officer of the competent agency may still act on them
    from the dossier's page, but they are not in that agency's queue).

    Marked late by the SLA sweep first, then the soonest due. ``late`` (annotated) also says
    whether the dossier's or the step's due moment has passed at ``on``.
    """
    day = timezone.localdate(on)
    dossiers = Dossier.objects.select_related(
        "procedure_version__procedure",
        "receiving_agency",
        "receiving_unit",
        "competent_agency",
        "applicant",
    ).filter(status__in=OPEN_STATUSES)
    if not user.is_active:
        return dossiers.none()
    if not user.is_superuser:
        held = set(_assignments_on(user, day).values_list("agency_id", "role"))
        if not held:
            return dossiers.none()
        dossiers = dossiers.filter(holds_q(held))
    return dossiers.annotate(
        late=Case(
            When(Q(marked_late=True) | Q(due_at__lt=on) | Q(step_due_at__lt=on), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("-marked_late", "due_at", "code")


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def dossier_receipt_payload(*, dossier: Dossier) -> dict[str, Any]:
    """The answer to a submission (the data of the receipt, form 01), as plain JSON data."""
    return {
        "code": dossier.code,
        "status": dossier.status,
        "status_label": str(DossierStatus(dossier.status).label),
        "procedure_code": dossier.procedure_version.procedure.code,
        "procedure_version": dossier.procedure_version.number,
        "channel": dossier.channel,
        "receiving_agency": dossier.receiving_agency.code,
        "receiving_unit": dossier.receiving_unit_id,
        "competent_agency": dossier.competent_agency.code,
        "received_at": _moment(dossier.received_at),
        "effective_received_on": dossier.effective_received_on.isoformat(),
        "due_at": _moment(dossier.due_at),
        "current_step": dossier.current_step,
        "step_due_at": _moment(dossier.step_due_at),
        "documents": [
            {
                "component": document.component_code,
                "name": document.original_name,
                "size": document.size,
                "content_type": document.content_type,
                "sha256": document.sha256,
                # the file as sent: an image is kept without its metadata, so its hash differs
                "original_sha256": document.original_sha256 or document.sha256,
            }
            for document in dossier.documents.order_by("pk")
        ],
    }


def dossier_apologies(*, dossier: Dossier) -> QuerySet[DossierApology]:
    """The apology letters (form 04) of ``dossier``, drafted or approved, oldest first."""
    return DossierApology.objects.filter(dossier=dossier).order_by("drafted_at", "pk")


def dossier_consultations(*, dossier: Dossier) -> QuerySet[DossierConsultation]:
    """The consultations of other agencies on ``dossier``, soonest due first."""
    return (
        DossierConsultation.objects.filter(dossier=dossier)
        .select_related("agency")
        .order_by("due_at", "pk")
    )


def in_force(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )
