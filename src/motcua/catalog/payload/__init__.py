"""One plain shape for a procedure version, shared by the services, the import and the export.

A version travels as a JSON-ready dict (the shape of ``catalog export``). Every write validates
that dict first with :func:`validate_version` (collecting every problem with its path), then
writes it with :func:`write_version`. Keeping one shape means the admin, the import and the demo
cannot disagree on what a valid version is.

The package's modules: ``keys`` (what a file may hold), ``checker`` (reading untrusted JSON),
``version`` and ``catalog_file`` (validation), ``codes`` (national code and aliases), ``shape``
(the export dict) and ``write``.
"""

from motcua.catalog.payload.catalog_file import POLICY_KEYS, validate_catalog
from motcua.catalog.payload.codes import (
    FULL_CODE,
    PROCEDURE_KEYS,
    ProcedureCodes,
    alias_kind,
    national_code_problem,
    procedure_codes,
)
from motcua.catalog.payload.keys import (
    AGENCY_ROLE_KEYS,
    COMPONENT_KEYS,
    LEGAL_BASIS_KEYS,
    MAX_TERM,
    MINUTES_PER_HOUR,
    PERIOD_KEYS,
    RESULT_KEYS,
    STEP_KEYS,
    TERM_KEYS,
    TIME_KEYS,
    VERSION_KEYS,
)
from motcua.catalog.payload.shape import (
    search_name_for,
    search_text_for,
    time_payload,
    version_payload,
)
from motcua.catalog.payload.version import validate_form_schema, validate_version
from motcua.catalog.payload.write import NewVersion, write_version, write_versions

__all__ = [
    "AGENCY_ROLE_KEYS",
    "COMPONENT_KEYS",
    "FULL_CODE",
    "LEGAL_BASIS_KEYS",
    "MAX_TERM",
    "MINUTES_PER_HOUR",
    "PERIOD_KEYS",
    "POLICY_KEYS",
    "PROCEDURE_KEYS",
    "RESULT_KEYS",
    "STEP_KEYS",
    "TERM_KEYS",
    "TIME_KEYS",
    "VERSION_KEYS",
    "NewVersion",
    "ProcedureCodes",
    "alias_kind",
    "national_code_problem",
    "procedure_codes",
    "search_name_for",
    "search_text_for",
    "time_payload",
    "validate_catalog",
    "validate_form_schema",
    "validate_version",
    "version_payload",
    "write_version",
    "write_versions",
]
