from datetime import UTC, datetime
from typing import Any

from django.db import connection

from motcua.core.models import AuditEntry
from motcua.core.services import audit_append

MOMENT = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)


def append_entries(count: int, *, object_id: str = "1", **overrides: Any) -> list[AuditEntry]:
    """Append ``count`` entries to one object's chain through the real service."""
    return [
        audit_append(
            actor=overrides.get("actor", "user:7"),
            action=overrides.get("action", "procedure.updated"),
            object_type=overrides.get("object_type", "catalog.procedure"),
            object_id=object_id,
            at=overrides.get("at", MOMENT),
            data={"n": n, "name": "Đăng ký khai sinh"},
        )
        for n in range(count)
    ]


def tamper(sql: str, params: list[str | int]) -> None:
    """Tamper as a database owner would: on PostgreSQL, first switch off the append-only trigger.

    The trigger stops the application and ordinary users; the hash chain must catch the rest.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only"
            )
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")
