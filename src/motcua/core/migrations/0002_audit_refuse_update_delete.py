"""PostgreSQL refuses UPDATE and DELETE of audit entries and anchors (append-only audit log).

SQLite, the embedded single-user default, relies on the hash chain alone: its test harness empties
tables with DELETE, which a trigger there would refuse.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = """
CREATE OR REPLACE FUNCTION motcua_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION motcua_audit_refuse_change();
CREATE TRIGGER core_auditanchor_append_only BEFORE UPDATE OR DELETE ON core_auditanchor
    FOR EACH ROW EXECUTE FUNCTION motcua_audit_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP TRIGGER IF EXISTS core_auditanchor_append_only ON core_auditanchor;
DROP FUNCTION IF EXISTS motcua_audit_refuse_change();
"""


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
