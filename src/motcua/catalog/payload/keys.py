"""The keys a catalogue file may hold at each level, and the limits of a published term."""

from motcua.catalog.models import TimeUnit

MINUTES_PER_HOUR = 60

VERSION_KEYS = (
    "name",
    "decision_number",
    "levels",
    "procedure_type",
    "field",
    "implementing_agency",
    "competent_agency_kind",
    "agencies",
    "processing_time",
    "service_norm",
    "online_level",
    "payment_stage",
    "applicant_types",
    "conditions",
    "channels",
    "results",
    "note",
    "legal_basis",
    "fees",
    "components",
    "steps",
    "agency_roles",
    "dossier_sets",
    "fee_text",
    "source_url",
    "name_en",
    "description_en",
)
PERIOD_KEYS = ("number", "status", "valid_from", "valid_to")
TIME_KEYS = ("value", "unit", "text", "terms")
TERM_KEYS = ("value", "unit", "condition", "channel", "level", "agency")
LEGAL_BASIS_KEYS = ("number", "title", "issued_on", "article", "clause")
COMPONENT_KEYS = (
    "code",
    "name",
    "kind",
    "schema",
    "template",
    "required",
    "originals",
    "copies",
    "reusable_from",
)
STEP_KEYS = (
    "name",
    "role",
    "unit_description",
    "minutes",
    "citizen_facing",
    "signs_result",
    "decides",
)
RESULT_KEYS = ("kind", "name", "template", "validity", "document")
AGENCY_ROLE_KEYS = ("name", "role", "agency", "kind", "time", "time_text")
#: Longest time a published term may state; longer is a typing error (a year of working days).
MAX_TERM: dict[str, int] = {
    TimeUnit.WORKING_DAYS: 365,
    TimeUnit.CALENDAR_DAYS: 730,
    TimeUnit.WORKING_HOURS: 8 * 365,
}
