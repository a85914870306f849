from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.delivery.models import Consignment, ConsignmentKind, ConsignmentStatus
from motcua.delivery.selectors import references_returned_to_sender

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def _sent(reference: str, attempt: int, status: str, kind: str = "") -> None:
    Consignment.objects.create(
        reference=reference,
        kind=kind or ConsignmentKind.OUTBOUND_RESULT,
        attempt=attempt,
        provider="vnpost",
        status=status,
        created_at=AT,
    )


def test_only_a_latest_result_sent_back_counts_whatever_the_number_of_references() -> None:
    _sent("HS-1", 1, ConsignmentStatus.RETURNED_TO_SENDER)
    _sent("HS-2", 1, ConsignmentStatus.RETURNED_TO_SENDER)
    _sent("HS-2", 2, ConsignmentStatus.DELIVERED)
    _sent("HS-3", 1, ConsignmentStatus.DELIVERED)
    _sent("HS-3", 2, ConsignmentStatus.RETURNED_TO_SENDER)
    others = [f"HS-{n}" for n in range(10, 20)]

    # 1, 3, 5 and 13 references: read in statements padded to 1, 4, 8 and 16 of them.
    assert references_returned_to_sender(references=["HS-1"]) == {"HS-1"}
    assert references_returned_to_sender(references=["HS-2", "HS-1", "HS-4"]) == {"HS-1"}
    with CaptureQueriesContext(connection) as queries:
        found = references_returned_to_sender(references=["HS-3", *others[:3], "HS-1"])
        assert references_returned_to_sender(references=[*others, "HS-1", "HS-2", "HS-3"]) == {
            "HS-1",
            "HS-3",
        }
    assert found == {"HS-1", "HS-3"}
    assert len(queries.captured_queries) == 2
    assert references_returned_to_sender(references=[]) == set()
