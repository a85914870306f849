"""A million dossiers in a few seconds, for the query plans of the officers' lists.

Rows are made by ``INSERT … SELECT generate_series`` in SQL, spread over the agencies of a test
world the way a province's are: most dossiers closed long ago, a few percent open, received at the
centre or at the competent agency, a few consultations and apology drafts, about five dossiers per
applicant. The secondary indexes are dropped for the fill and built again after it (a sorted build
is many times faster than a million insertions into each), then the tables are analysed so that
the planner sees the real sizes. Everything happens inside the test's transaction and is rolled
back with it.
"""

from django.db import connection

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import AgencyFactory
from motcua.dossiers.tests.factories import World

DOSSIERS = 1_000_000
APPLICANTS = 200_000


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = %s AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname
            )
            """,
            [table],
        )
        return [(name, definition) for name, definition in cursor.fetchall()]


def fill(world: World, *, dossiers: int = DOSSIERS, applicants: int = APPLICANTS) -> None:
    """``dossiers`` rows in ``dossiers_dossier`` over ``world``'s agencies and 30 more."""
    agencies = [world.competent.pk, world.centre.pk]
    agencies += [AgencyFactory.create(administrative_unit=world.commune).pk for _ in range(31)]
    indexes = _secondary_indexes("dossiers_dossier")
    open_role = {
        "received": Role.ONE_STOP_OFFICER,
        "processing": Role.SPECIALIST,
        "result_ready": Role.ONE_STOP_OFFICER,
    }
    with connection.cursor() as cursor:
        # The foreign keys are checked at commit, which never comes: queued for a million rows they
        # would cost more than the fill. Every value below is a row that exists.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            """
            INSERT INTO accounts_applicant
                (kind, name, personal_id, tax_code, sex, phone, email, address)
            SELECT 'citizen', 'Người nộp ' || g, '', '', '', '', '', ''
            FROM generate_series(1, %s) AS g
            """,
            [applicants],
        )
        cursor.execute("SELECT min(id) FROM accounts_applicant WHERE name LIKE %s", ["Người nộp %"])
        (first_applicant,) = cursor.fetchone()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(
            """
            WITH rows AS (
                SELECT g,
                    (%(agencies)s::bigint[])[1 + (g::bigint * 7919) %% cardinality(%(agencies)s::bigint[])]
                        AS competent,
                    CASE
                        WHEN g %% 100 < 88 THEN 'returned'
                        WHEN g %% 100 < 90 THEN 'withdrawn'
                        WHEN g %% 100 < 94 THEN 'processing'
                        WHEN g %% 100 < 97 THEN 'received'
                        WHEN g %% 100 < 98 THEN 'supplement_requested'
                        ELSE 'result_ready'
                    END AS status,
                    timestamptz '2022-01-01 01:00+00' + g * interval '100 seconds' AS received
                FROM generate_series(1, %(dossiers)s) AS g
            ), placed AS (
                SELECT rows.*,
                    CASE WHEN g %% 2 = 0 THEN %(centre)s ELSE competent END AS receiving
                FROM rows
            )
            INSERT INTO dossiers_dossier (
                code, channel, administrative_unit_code, status, current_step, form_data,
                received_at, effective_received_on, clock_started_at, due_at, step_due_at,
                supplement_requested_count, rescheduled_once, marked_late, closed_at, version,
                applicant_id, competent_agency_id, procedure_version_id, receiving_agency_id,
                receiving_unit_id, current_agency_id, "current_role", last_event_seq, fee_amount,
                fee_basis, form_provenance, payment_stage, return_address, return_method,
                consultations_open, authorisation_reference, representation_basis, language,
                appointment_code
            )
            SELECT
                'FILL-' || g, 'online', %(commune)s, status,
                CASE WHEN status IN ('received', 'processing', 'result_ready') THEN 2 END, '{}',
                received, received::date, received, received + interval '12 days',
                CASE WHEN status IN ('received', 'processing', 'result_ready')
                    THEN received + interval '4 days' END,
                0, false, status IN ('processing', 'received') AND g %% 13 = 0,
                CASE WHEN status IN ('returned', 'withdrawn') THEN received + interval '9 days' END,
                1,
                CASE WHEN g %% %(applicants)s = 0 THEN %(own)s
                    ELSE %(first)s + g %% %(applicants)s END,
                competent, %(version)s, receiving, NULL,
                CASE status
                    WHEN 'processing' THEN competent
                    WHEN 'received' THEN receiving
                    WHEN 'result_ready' THEN receiving
                END,
                CASE status
                    WHEN 'processing' THEN %(processing)s
                    WHEN 'received' THEN %(received)s
                    WHEN 'result_ready' THEN %(result_ready)s
                    ELSE ''
                END,
                1, 0, '{}', '{}', '', '{}', 'counter', 0, '', '', 'vi', ''
            FROM placed
            """,
            {
                "agencies": agencies,
                "dossiers": dossiers,
                "centre": world.centre.pk,
                "commune": world.commune.code,
                "applicants": applicants,
                "own": world.applicant.pk,
                "first": first_applicant,
                "version": world.version.pk,
                "processing": str(open_role["processing"]),
                "received": str(open_role["received"]),
                "result_ready": str(open_role["result_ready"]),
            },
        )
        for _name, definition in indexes:
            cursor.execute(definition)
        # Liên thông asked of the outsider's agency on one open dossier in 53, a third answered;
        # apology drafts on one open dossier in 101, waiting for their competent agency's leader.
        cursor.execute(
            """
            INSERT INTO dossiers_dossierconsultation
                (dossier_id, agency_id, requested_at, due_at, note, answer, answered_at)
            SELECT id, %s, received_at, received_at + interval '5 days', '', '',
                CASE WHEN id %% 3 = 0 THEN received_at + interval '2 days' END
            FROM dossiers_dossier
            WHERE status IN ('received', 'processing', 'result_ready') AND id %% 53 = 0
            """,
            [world.outsider.role_assignments.get().agency_id],
        )
        cursor.execute(
            """
            INSERT INTO dossiers_dossierapology
                (dossier_id, drafted_at, reason, original_due_at, proposed_due_at)
            SELECT id, received_at, 'Chậm do xác minh', due_at, due_at + interval '5 days'
            FROM dossiers_dossier
            WHERE status IN ('received', 'processing', 'result_ready') AND id %% %s = 0
            """,
            [101],
        )
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        for table in (
            "accounts_applicant",
            "dossiers_dossier",
            "dossiers_dossierconsultation",
            "dossiers_dossierapology",
        ):
            cursor.execute(f"ANALYZE {table}")
