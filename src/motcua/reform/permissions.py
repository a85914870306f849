"""Which reform objects an officer may see and act on: the one home of the reform workspace's rule.

A reform team (tổ công tác) works for the agencies where its members hold the reform-team role,
and for the agencies under them (a provincial People's Committee's team oversees its
departments; a ward's team, the ward's bodies). Every reform page and action starts from
:func:`reform_scope`: lists are filtered by it, and a single object is fetched through
:func:`reform_object_get`, so another agency's task, plan or finding answers 404 like a missing
one, and the attempt is written to the audit log.

Objects that name their agency by key (tasks) are scoped by key; the register names an agency by
its electronic identifier code; plans and findings name procedures (``internal:<code>``) and
agencies by name, as the register and the catalogue spell them.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from motcua.accounts.actors import actor_audit
from motcua.accounts.models import Agency, Role, User
from motcua.accounts.permissions import agencies_under_role
from motcua.core.errors import NotFound
from motcua.core.services import audit_append
from motcua.reform.models import InternalProcedure, OverlapFinding, ReformTask, SimplificationPlan

INTERNAL = "internal:"

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class ReformScope:
    """The agencies a reform officer acts for on one day; ``agency_ids`` None means every agency."""

    agency_ids: frozenset[int] | None

    @classmethod
    def everything(cls) -> "ReformScope":
        """Every agency: the administrator, and reports built outside a request (the CLI)."""
        return cls(agency_ids=None)

    @property
    def unlimited(self) -> bool:
        return self.agency_ids is None

    @cached_property
    def _agencies(self) -> list[tuple[str, str]]:
        return list(Agency.objects.filter(pk__in=self.agency_ids or ()).values_list("code", "name"))

    @property
    def agency_codes(self) -> frozenset[str]:
        return frozenset(code for code, _name in self._agencies)

    @property
    def agency_names(self) -> frozenset[str]:
        return frozenset(name for _code, name in self._agencies)

    def agencies(self) -> QuerySet[Agency]:
        if self.agency_ids is None:
            return Agency.objects.all()
        return Agency.objects.filter(pk__in=self.agency_ids)

    def tasks(self) -> QuerySet[ReformTask]:
        if self.agency_ids is None:
            return ReformTask.objects.all()
        return ReformTask.objects.filter(agency_id__in=self.agency_ids)

    def internal_procedures(self) -> QuerySet[InternalProcedure]:
        if self.agency_ids is None:
            return InternalProcedure.objects.all()
        return InternalProcedure.objects.filter(agency_code__in=self.agency_codes)

    def _refs(self) -> list[str]:
        return [
            f"{INTERNAL}{code}"
            for code in self.internal_procedures().values_list("code", flat=True)
        ]

    def plans(self) -> QuerySet[SimplificationPlan]:
        if self.agency_ids is None:
            return SimplificationPlan.objects.all()
        names = self.agency_names
        return SimplificationPlan.objects.filter(
            Q(ref__in=self._refs()) | Q(subject_agency__in=names) | Q(responsible_agency__in=names)
        )

    def dossiers(self) -> Q:
        """The dossiers whose history the team may mine: received or decided in its scope."""
        if self.agency_ids is None:
            return Q()
        return Q(competent_agency_id__in=self.agency_ids) | Q(
            receiving_agency_id__in=self.agency_ids
        )

    def findings(self) -> QuerySet[OverlapFinding]:
        if self.agency_ids is None:
            return OverlapFinding.objects.all()
        refs, names = self._refs(), self.agency_names
        return OverlapFinding.objects.filter(
            Q(left_ref__in=refs)
            | Q(right_ref__in=refs)
            | Q(left_agency__in=names)
            | Q(right_agency__in=names)
        )


def reform_scope(*, user: User | AnonymousUser, on: date) -> ReformScope:
    """The scope of ``user``'s reform work on ``on``: empty for anyone without the role."""
    agencies = agencies_under_role(user=user, role=Role.REFORM_TEAM, on=on)
    if agencies is None:
        return ReformScope.everything()
    return ReformScope(agency_ids=frozenset(agencies.values_list("pk", flat=True)))


def reform_object_get(
    *, objects: QuerySet[M], pk: int, user: User | AnonymousUser, at: datetime
) -> M:
    """The object ``pk`` of the scoped ``objects``, or :class:`NotFound` with the refusal audited.

    The refusal goes on the reader's own chain, as for dossiers: guessing keys creates no chain
    per object that does not exist.
    """
    found = objects.filter(pk=pk).first()
    if found is None:
        reader = actor_audit(user) if isinstance(user, User) else "anonymous"
        kind = objects.model._meta.model_name or "object"
        audit_append(
            actor=reader,
            action=f"reform.{kind}.denied",
            object_type=f"reform.{kind}",
            object_id=str(pk),
            at=at,
            chain=f"reads:{reader}",
        )
        raise NotFound(_("Không tìm thấy đối tượng này trong phạm vi của tổ công tác."))
    return found
