import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.hashing import GENESIS
from motcua.core.models import AuditChainHead, AuditEntry
from motcua.core.selectors import audit_verify
from motcua.core.services import AuditRecord, audit_anchor_create, audit_append, audit_append_many
from motcua.core.tests.factories import MOMENT, append_entries


@pytest.mark.django_db
def test_audit_append_links_each_entry_to_the_one_before() -> None:
    first, second, third = append_entries(3)

    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    head = AuditChainHead.objects.get(chain="catalog.procedure:1")
    assert (head.seq, head.head_hash) == (3, third.hash)


@pytest.mark.django_db
def test_each_object_has_its_own_chain() -> None:
    append_entries(2, object_id="1")
    other = append_entries(1, object_id="2")[0]

    assert other.seq == 1
    assert other.prev_hash == GENESIS
    assert AuditChainHead.objects.count() == 2


@pytest.mark.django_db
def test_the_same_content_at_another_place_in_the_chain_hashes_differently() -> None:
    entries = append_entries(2)

    assert len({e.hash for e in entries}) == 2


@pytest.mark.django_db
def test_anchor_binds_every_chain_head_and_chains_to_the_previous_anchor() -> None:
    append_entries(2, object_id="1")
    append_entries(1, object_id="2")

    first = audit_anchor_create(at=MOMENT)
    append_entries(1, object_id="3")
    second = audit_anchor_create(at=MOMENT)

    assert [head[0] for head in first.heads] == ["catalog.procedure:1", "catalog.procedure:2"]
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert len(second.heads) == 3
    assert first.merkle_root != second.merkle_root


@pytest.mark.django_db
def test_audit_append_joins_the_callers_transaction() -> None:
    from django.db import transaction

    def fail_after_appending() -> None:
        with transaction.atomic():
            append_entries(1)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_after_appending()

    assert AuditEntry.objects.count() == 0
    assert AuditChainHead.objects.count() == 0


@pytest.mark.django_db
def test_many_entries_appended_at_once_are_the_entries_appended_one_by_one() -> None:
    # given a chain with two entries and records for it and for two new chains
    append_entries(2, object_id="1")
    records = [
        AuditRecord(
            actor="cli", action="a", object_type="catalog.procedure", object_id=oid, at=MOMENT
        )
        for oid in ("1", "2", "1")
    ] + [
        AuditRecord(
            actor="cli",
            action="b",
            object_type="procedure_version",
            object_id="7",
            at=MOMENT,
            data={"number": 1},
            chain="procedure:1.000001",
        )
    ]

    entries = audit_append_many(records=records)

    # then each chain goes on from its head, as one audit_append a record would
    assert [(e.chain, e.seq) for e in entries] == [
        ("catalog.procedure:1", 3),
        ("catalog.procedure:2", 1),
        ("catalog.procedure:1", 4),
        ("procedure:1.000001", 1),
    ]
    assert entries[2].prev_hash == entries[0].hash
    assert entries[1].prev_hash == GENESIS
    heads = dict(AuditChainHead.objects.values_list("chain", "head_hash"))
    assert heads == {
        "catalog.procedure:1": entries[2].hash,
        "catalog.procedure:2": entries[1].hash,
        "procedure:1.000001": entries[3].hash,
    }
    assert AuditEntry.objects.count() == 6
    assert audit_verify() is None
    # and a later single append follows the bulk ones
    later = audit_append(
        actor="cli", action="c", object_type="catalog.procedure", object_id="2", at=MOMENT
    )
    assert (later.seq, later.prev_hash) == (2, entries[1].hash)
    assert audit_verify() is None


@pytest.mark.django_db
def test_an_entry_takes_its_head_and_is_written_with_the_heads_new_hash_in_two_statements() -> None:
    append_entries(1)

    with CaptureQueriesContext(connection) as queries:
        second = append_entries(1)[0]

    # PostgreSQL: the head taken, then the entry with the head's new hash in one statement;
    # SQLite runs the head's new hash on its own.
    expected = 2 if connection.vendor == "postgresql" else 3
    assert len(queries.captured_queries) == expected
    assert AuditChainHead.objects.get(chain=second.chain).head_hash == second.hash
    assert audit_verify() is None
