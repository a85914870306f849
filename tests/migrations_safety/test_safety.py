"""CI's check that each new migration can run while the service is under load (PostgreSQL SQL)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from tests.migrations_safety.rules import risks

BASELINE = Path(__file__).with_name("baseline.txt")


def _baseline() -> set[str]:
    lines = BASELINE.read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _new_migrations() -> list[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = _baseline()
    return sorted(
        key
        for key, migration in loader.disk_migrations.items()
        if migration.__module__.startswith("motcua.") and f"{key[0]}.{key[1]}" not in known
    )


@pytest.mark.postgresql
# Outside a test transaction: printing the SQL of a concurrent index build (a non-atomic migration)
# is refused inside one, as running it would be.
@pytest.mark.django_db(transaction=True)
def test_each_new_migration_is_safe_under_load_or_says_why_not() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unsafe: list[str] = []
    for app, name in _new_migrations():
        migration = loader.disk_migrations[(app, name)]
        if getattr(migration, "unsafe_under_load", ""):
            continue  # a reason is given: run it in a maintenance window
        out = StringIO()
        call_command("sqlmigrate", app, name, stdout=out)
        unsafe += [
            f"{app}.{name}: {r.rule} on {r.table} ({r.advice}): {r.statement[:160]}"
            for r in risks(out.getvalue())
        ]
    assert unsafe == [], "\n".join(unsafe)


def test_the_baseline_lists_only_migrations_that_exist() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    existing = {f"{app}.{name}" for app, name in loader.disk_migrations}
    assert _baseline() - existing == set()


@pytest.mark.parametrize(
    ("sql", "rule"),
    [
        (
            'ALTER TABLE "dossiers_dossier" ALTER COLUMN "code" TYPE varchar(80);',
            "column type change",
        ),
        ('ALTER TABLE "core_auditentry" ALTER COLUMN "actor" SET NOT NULL;', "SET NOT NULL"),
        (
            'CREATE INDEX "d_idx" ON "dossiers_dossierevent" ("at");',
            "index built without CONCURRENTLY",
        ),
        (
            'ALTER TABLE "dossiers_dossier" ADD CONSTRAINT "fk" FOREIGN KEY ("x_id") '
            'REFERENCES "accounts_agency" ("id") DEFERRABLE INITIALLY DEFERRED;',
            "constraint validated at once",
        ),
        (
            'ALTER TABLE "core_outboxmessage" ADD CONSTRAINT "u" UNIQUE ("key");',
            "constraint validated at once",
        ),
    ],
)
def test_a_blocking_statement_on_a_big_table_is_found(sql: str, rule: str) -> None:
    assert [r.rule for r in risks(sql)] == [rule]


@pytest.mark.parametrize(
    "sql",
    [
        'CREATE INDEX CONCURRENTLY "d_idx" ON "dossiers_dossierevent" ("at");',
        'ALTER TABLE "dossiers_dossier" ADD CONSTRAINT "fk" FOREIGN KEY ("x_id") '
        'REFERENCES "accounts_agency" ("id") NOT VALID;',
        'ALTER TABLE "dossiers_dossier" ADD COLUMN "note" text DEFAULT \'\' NOT NULL;',
        'ALTER TABLE "core_outboxmessage" ADD CONSTRAINT "u" UNIQUE USING INDEX "u";',
        'CREATE TABLE "core_effectledger" ("id" bigint NOT NULL, "key" text);\n'
        'CREATE INDEX "n_idx" ON "core_effectledger" ("key");',
        'ALTER TABLE "catalog_procedure" ALTER COLUMN "name" TYPE text;',
        'CREATE TABLE "core_outboxdelivery" ("id" bigint NOT NULL, "message_id" bigint);\n'
        'ALTER TABLE "core_outboxdelivery" ADD CONSTRAINT "fk" FOREIGN KEY ("message_id") '
        'REFERENCES "core_outboxmessage" ("id") DEFERRABLE INITIALLY DEFERRED;',
    ],
)
def test_what_does_not_block_a_big_table_passes(sql: str) -> None:
    assert risks(sql) == []
