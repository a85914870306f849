"""Plain data for the back-office pages."""

from dataclasses import dataclass
from datetime import date

from motcua.accounts.models import RoleAssignment


@dataclass(frozen=True)
class OfficerRole:
    """One role an officer holds in one agency (phân công vai trò), as the home page lists it."""

    role_label: str
    agency_code: str
    agency_name: str
    one_stop_unit: str
    valid_from: date


def officer_role(assignment: RoleAssignment) -> OfficerRole:
    return OfficerRole(
        role_label=assignment.get_role_display(),
        agency_code=assignment.agency.code,
        agency_name=assignment.agency.name,
        one_stop_unit=assignment.one_stop_unit.name if assignment.one_stop_unit else "",
        valid_from=assignment.valid_from,
    )
