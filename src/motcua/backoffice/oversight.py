"""Who sees the oversight pages (the data-reuse rate, the payment reconciliation) and the links
to them on the officer's home page.

The reconciliation report covers every online payment of the instance against the gateway's
ledger, not one agency's dossiers, so it is for those answerable for the takings as a whole: the
leaders of an agency hosting a one-stop unit (the centre that receives and collects), the reform
team and administrators; not specialists, one-stop officers or other agencies' leaders.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.accounts.models import OneStopUnit, Role, RoleAssignment, User
from motcua.core.periods import in_force

REFUSED_RECONCILIATION = gettext_noop(
    "Chỉ lãnh đạo cơ quan có bộ phận một cửa, tổ công tác cải cách hoặc quản trị mới xem được "
    "đối soát thanh toán."
)


@dataclass(frozen=True)
class OversightLink:
    url: str
    title: str
    description: str


def may_see_reuse_rate(*, assignments: list[RoleAssignment]) -> bool:
    return any(a.role == Role.REFORM_TEAM for a in assignments)


def may_reconcile(*, user: User, assignments: list[RoleAssignment], on: date) -> bool:
    """Đối soát thanh toán: reform team, administrators, or a leader of a one-stop unit's agency."""
    if user.is_superuser or any(
        a.role in (Role.REFORM_TEAM, Role.ADMINISTRATOR) for a in assignments
    ):
        return True
    leading = [a.agency_id for a in assignments if a.role == Role.LEADER]
    return bool(leading) and (
        OneStopUnit.objects.filter(in_force(on), agency_id__in=leading).exists()
    )


def oversight_links(
    *, user: User, assignments: list[RoleAssignment], on: date
) -> list[OversightLink]:
    """The oversight pages this officer may open, for the home page."""
    links = []
    if may_see_reuse_rate(assignments=assignments):
        links.append(
            OversightLink(
                reverse("backoffice:reuse_rate"),
                _("Tỷ lệ tái sử dụng dữ liệu"),
                _("Tỷ lệ thông tin lấy từ dữ liệu nhà nước đã có, theo từng thủ tục."),
            )
        )
    if may_reconcile(user=user, assignments=assignments, on=on):
        links.append(
            OversightLink(
                reverse("backoffice:reconciliation"),
                _("Đối soát thanh toán trực tuyến"),
                _("Các khoản thanh toán trực tuyến từng ngày so với sổ của cổng thanh toán."),
            )
        )
    return links
