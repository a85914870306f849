"""Migration operations that keep a big table writable on PostgreSQL while they run.

An index is built (and dropped) ``CONCURRENTLY`` and a unique constraint is made from such an index (``USING
INDEX``), so neither holds a lock for as long as a scan of the table takes; on SQLite, which has
neither, they are the plain operations. A migration using them sets ``atomic = False``:
PostgreSQL builds an index concurrently only outside a transaction.
"""

from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations


class _PlainElsewhere:
    """The concurrent operation on PostgreSQL; ``plain``'s (Django's own) on any other database."""

    plain: Any

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)  # type: ignore[misc]
        else:
            self.plain.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)  # type: ignore[misc]
        else:
            self.plain.database_backwards(self, app_label, schema_editor, from_state, to_state)


class AddIndexConcurrentlyOnPostgres(_PlainElsewhere, AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL; a plain index elsewhere."""

    plain = migrations.AddIndex


class RemoveIndexConcurrentlyOnPostgres(_PlainElsewhere, RemoveIndexConcurrently):
    """DROP INDEX CONCURRENTLY on PostgreSQL (no lock held while running reads finish); a plain
    drop elsewhere."""

    plain = migrations.RemoveIndex


class AddUniqueConcurrentlyOnPostgres(migrations.AddConstraint):
    """On PostgreSQL the unique index is built CONCURRENTLY, then made the constraint (``USING
    INDEX``: nothing scanned under lock); elsewhere the constraint as Django adds it."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            return
        # The stubs do not declare what AddConstraint keeps.
        constraint: Any = self.__dict__["constraint"]
        model = to_state.apps.get_model(app_label, self.__dict__["model_name"])
        quote = schema_editor.quote_name
        table, name = quote(model._meta.db_table), quote(constraint.name)
        columns = ", ".join(quote(model._meta.get_field(f).column) for f in constraint.fields)
        schema_editor.execute(f"CREATE UNIQUE INDEX CONCURRENTLY {name} ON {table} ({columns})")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE USING INDEX {name}"
        )
