"""Writes of agencies, units, officers, roles and applicants. Each is atomic and audited.

This package is the public face of the app's writes: other apps import from here, never from its
modules. ``actor`` is the audit label of whoever acts (``user:<id>``, ``system``, ``cli``); see
:func:`motcua.accounts.actors.actor_audit`. ``at`` is the moment of the action, passed in by the
caller.

* :mod:`.units`: administrative units, the official list and CSV imports;
* :mod:`.agencies`: agencies, one-stop units, counters;
* :mod:`.people`: officers, their roles, applicants;
* :mod:`.security`: failed logins and lockouts, the second factor;
* :mod:`.checks`: the checks the writes share.
"""

from motcua.accounts.services.agencies import agency_create, counter_create, one_stop_unit_create
from motcua.accounts.services.people import (
    applicant_create,
    officer_create,
    preferred_language_default,
    role_assign,
    role_assignment_end,
)
from motcua.accounts.services.security import (
    LOGIN_CHAIN,
    login_failure_record,
    totp_device_confirm,
    totp_device_start,
)
from motcua.accounts.services.units import (
    OFFICIAL_UNITS_VALID_FROM,
    UNIT_CSV_COLUMNS,
    UnitsImportResult,
    UnitsLoadResult,
    administrative_units_import,
    administrative_units_load_official,
)

__all__ = [
    "LOGIN_CHAIN",
    "OFFICIAL_UNITS_VALID_FROM",
    "UNIT_CSV_COLUMNS",
    "UnitsImportResult",
    "UnitsLoadResult",
    "administrative_units_import",
    "administrative_units_load_official",
    "agency_create",
    "applicant_create",
    "counter_create",
    "login_failure_record",
    "officer_create",
    "one_stop_unit_create",
    "preferred_language_default",
    "role_assign",
    "role_assignment_end",
    "totp_device_confirm",
    "totp_device_start",
]
