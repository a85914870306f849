import pytest

from motcua.core.models import AuditChainHead, AuditEntry
from motcua.core.selectors import audit_entries_for, audit_verify
from motcua.core.services import audit_anchor_create
from motcua.core.tests.factories import MOMENT, append_entries, tamper


@pytest.mark.django_db
def test_an_untouched_log_verifies() -> None:
    append_entries(3, object_id="1")
    append_entries(2, object_id="2")
    audit_anchor_create(at=MOMENT)

    assert audit_verify() is None


@pytest.mark.django_db
def test_entries_for_an_object_come_in_order() -> None:
    entries = append_entries(3, object_id="9")

    assert list(audit_entries_for(object_type="catalog.procedure", object_id="9")) == entries


@pytest.mark.django_db
def test_changed_content_is_named_by_its_row() -> None:
    _, second, _ = append_entries(3)
    tamper("UPDATE core_auditentry SET actor = %s WHERE id = %s", ["user:666", second.pk])

    problem = audit_verify()

    assert problem is not None
    assert problem.where == f"row {second.pk} (catalog.procedure:1#2)"
    assert "content" in problem.reason


@pytest.mark.django_db
def test_a_removed_middle_entry_is_caught() -> None:
    _, second, third = append_entries(3)
    tamper("DELETE FROM core_auditentry WHERE id = %s", [second.pk])

    problem = audit_verify()

    assert problem is not None
    assert problem.where == f"row {third.pk} (catalog.procedure:1#3)"


@pytest.mark.django_db
def test_a_removed_tail_is_caught_by_the_chain_head() -> None:
    *_, last = append_entries(3)
    tamper("DELETE FROM core_auditentry WHERE id = %s", [last.pk])

    problem = audit_verify()

    assert problem is not None
    assert problem.where == "chain catalog.procedure:1"


@pytest.mark.django_db
def test_a_rewritten_tail_with_a_matching_head_is_caught_by_the_anchor() -> None:
    append_entries(2)
    anchor = audit_anchor_create(at=MOMENT)
    last = AuditEntry.objects.get(seq=2)
    # An attacker who deletes the anchored tail and appends a new one keeps chain and head consistent.
    tamper("DELETE FROM core_auditentry WHERE id = %s", [last.pk])
    AuditChainHead.objects.filter(chain=last.chain).update(seq=1, head_hash=last.prev_hash)
    append_entries(1, action="procedure.rewritten")

    problem = audit_verify()

    assert problem is not None
    assert problem.where == f"anchor {anchor.pk}"
    assert "no longer has entry 2" in problem.reason


@pytest.mark.django_db
@pytest.mark.postgresql
def test_postgresql_refuses_update_and_delete_of_the_audit_log() -> None:
    from django.db import DatabaseError, connection, transaction

    entry = append_entries(1)[0]

    for sql in (
        "UPDATE core_auditentry SET actor = 'x' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).actor == "user:7"
