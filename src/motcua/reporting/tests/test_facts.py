"""What one dossier or feedback item counts for in the index, measure by measure.

Each measure feeds an indicator of Decision 766/QĐ-TTg (see :mod:`motcua.reporting.definitions`):
the month a dossier counts in is the local (Hà Nội) month of the moment the measure names, a
dossier is on time when closed no later than its due moment and never marked late, and a feedback
item is on time when answered (or forwarded) no later than its due moment.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from motcua.accounts.models import Agency
from motcua.accounts.tests.factories import AgencyFactory, CommuneFactory
from motcua.catalog.models import OnlineLevel, Procedure, ProcedureVersion
from motcua.documents.tests.factories import StoredDocumentFactory
from motcua.dossiers.models import (
    Dossier,
    DossierDocument,
    DossierResult,
    DossierResultKind,
    DossierStatus,
)
from motcua.dossiers.tests.factories import AT, build_world, submit
from motcua.feedback.models import DossierRating, Feedback, FeedbackStatus, Satisfaction
from motcua.reporting import facts
from motcua.reporting.facts import (
    dossier_keys,
    dossier_keys_of,
    dossier_measures,
    feedback_keys,
    feedback_measures,
    flatten,
    key,
    month_of,
    province_of,
    split,
)

#: 17:00 UTC on 31 January is midnight on 1 February in Hà Nội (UTC+7).
LAST_OF_JANUARY = datetime(2026, 1, 31, 16, 59, tzinfo=UTC)
FIRST_OF_FEBRUARY = datetime(2026, 1, 31, 17, 0, tzinfo=UTC)
JAN, FEB, MAR, APR = (date(2026, m, 1) for m in (1, 2, 3, 4))
RECEIVED_AT = datetime(2026, 2, 10, 2, 0, tzinfo=UTC)
DUE = datetime(2026, 3, 31, 10, 0, tzinfo=UTC)


def a_dossier(**fields: Any) -> Dossier:
    version = ProcedureVersion(
        procedure=Procedure(national_code="1.000123"),
        online_level=fields.pop("online_level", OnlineLevel.PARTIAL),
    )
    values: dict[str, Any] = {
        "channel": "counter",
        "status": DossierStatus.PROCESSING,
        "received_at": RECEIVED_AT,
        "due_at": DUE,
    }
    values.update(fields)
    return Dossier(procedure_version=version, **values)


def measures(dossier: Dossier, **kwargs: Any) -> set[tuple[date, str]]:
    found = dossier_measures(
        dossier,
        has_documents=kwargs.get("has_documents", False),
        has_result=kwargs.get("has_result", False),
        rating=kwargs.get("rating"),
    )
    assert len(found) == len(set(found))  # nothing counted twice
    return set(found)


def test_a_month_is_the_local_month() -> None:
    assert month_of(LAST_OF_JANUARY) == JAN
    assert month_of(FIRST_OF_FEBRUARY) == FEB


def test_a_key_names_its_month_measure_and_procedure() -> None:
    assert key(FEB, "received") == "2026-02-01|received|*"
    assert key(FEB, "received", "1.000123") == "2026-02-01|received|1.000123"
    assert split("2026-02-01|received|1.000123") == (FEB, "received", "1.000123")
    # a procedure code never contains the separator, but a measure split twice keeps the rest
    assert split("2026-02-01|received|a|b") == (FEB, "received", "a|b")
    assert flatten(["b", "a"]) == ["a", "b"]


def test_a_counter_dossier_counts_as_received_at_the_counter_and_nothing_else() -> None:
    assert measures(a_dossier()) == {(FEB, "received"), (FEB, "channel_counter")}


def test_an_online_dossier_counts_as_online_and_full_process_only_when_the_procedure_is() -> None:
    assert measures(a_dossier(channel="online")) == {
        (FEB, "received"),
        (FEB, "channel_online"),
        (FEB, "online"),
    }
    assert (FEB, "full_process") in measures(
        a_dossier(channel="online", online_level=OnlineLevel.FULL)
    )
    # a procedure offered online in full, filed at the counter, is not a full-process dossier
    assert (FEB, "full_process") not in measures(
        a_dossier(channel="counter", online_level=OnlineLevel.FULL)
    )


def test_a_fee_paid_online_counts_only_for_an_online_dossier_with_a_fee() -> None:
    paid = RECEIVED_AT + timedelta(hours=1)
    assert measures(a_dossier(fee_amount=1)) >= {(FEB, "with_fee")}
    assert (FEB, "with_fee") not in measures(a_dossier(fee_amount=0))
    assert (FEB, "paid_online") in measures(a_dossier(channel="online", fee_amount=1, paid_at=paid))
    # paid at the counter, or not paid yet: not a payment online
    assert (FEB, "paid_online") not in measures(a_dossier(fee_amount=1, paid_at=paid))
    assert (FEB, "paid_online") not in measures(a_dossier(channel="online", fee_amount=1))
    assert (FEB, "paid_online") not in measures(
        a_dossier(channel="online", fee_amount=0, paid_at=paid)
    )


def test_digitized_and_reused_data() -> None:
    assert (FEB, "digitized") in measures(a_dossier(), has_documents=True)
    assert (FEB, "digitized") not in measures(a_dossier(), has_documents=False)
    registry = {"to_khai.full_name": {"source": "population_registry"}}
    assert (FEB, "reused") in measures(a_dossier(form_provenance=registry))
    for typed in ("", "applicant", "officer", "manual"):
        provenance = {"to_khai.full_name": {"source": typed}}
        assert (FEB, "reused") not in measures(a_dossier(form_provenance=provenance)), typed
    odd_shapes: list[object] = [{}, [], {"to_khai.full_name": "population_registry"}, {"x": {}}]
    for odd in odd_shapes:
        assert (FEB, "reused") not in measures(a_dossier(form_provenance=odd)), odd
    # one reused value among typed ones is enough
    mixed = {"a": {"source": "applicant"}, "b": {"source": "enterprise_registry"}}
    assert (FEB, "reused") in measures(a_dossier(form_provenance=mixed))


@pytest.mark.parametrize("status", [DossierStatus.RETURNED, DossierStatus.REFUSED])
def test_a_dossier_closed_by_its_due_moment_is_resolved_on_time_in_the_month_closed(
    status: str,
) -> None:
    # at the due moment itself it is still on time (Decree 61/2018, Art. 19: "đúng hạn")
    found = measures(a_dossier(status=status, closed_at=DUE), has_result=True)
    assert found == {
        (FEB, "received"),
        (FEB, "channel_counter"),
        (MAR, "resolved"),
        (MAR, "resolved_on_time"),
        (MAR, "result_digitized"),
    }


def test_a_dossier_closed_after_its_due_moment_or_ever_marked_late_is_resolved_late() -> None:
    late = measures(a_dossier(status=DossierStatus.RETURNED, closed_at=DUE + timedelta(seconds=1)))
    assert {(MAR, "resolved"), (MAR, "resolved_late")} <= late
    assert (MAR, "resolved_on_time") not in late
    # marked late by the sweep, then given a new date it met: still late for the index
    marked = measures(
        a_dossier(
            status=DossierStatus.RETURNED, closed_at=DUE - timedelta(days=1), marked_late=True
        )
    )
    assert {(MAR, "resolved"), (MAR, "resolved_late")} <= marked
    # closed without any due moment (the clock never ran): not counted on time
    undated = measures(a_dossier(status=DossierStatus.REFUSED, closed_at=DUE, due_at=None))
    assert (MAR, "resolved_late") in undated


def test_an_open_or_unfinished_dossier_is_not_resolved() -> None:
    for status in (DossierStatus.STOPPED, DossierStatus.WITHDRAWN, DossierStatus.PROCESSING):
        found = measures(a_dossier(status=status, closed_at=DUE), has_result=True)
        assert found == {(FEB, "received"), (FEB, "channel_counter")}, status
    # returned but without a closing moment: not counted yet
    assert measures(a_dossier(status=DossierStatus.RETURNED)) == {
        (FEB, "received"),
        (FEB, "channel_counter"),
    }
    # no digitized result without a resolution
    assert (MAR, "result_digitized") not in measures(
        a_dossier(status=DossierStatus.RETURNED, closed_at=DUE), has_result=False
    )


@pytest.mark.parametrize(
    "status", [DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.RESULT_READY]
)
def test_a_dossier_still_open_past_its_due_moment_counts_overdue_in_its_due_month(
    status: str,
) -> None:
    assert (MAR, "overdue_open") in measures(a_dossier(status=status, marked_late=True))
    assert (MAR, "overdue_open") not in measures(a_dossier(status=status, marked_late=False))
    assert not any(
        m == "overdue_open"
        for _, m in measures(a_dossier(status=status, marked_late=True, due_at=None))
    )


def test_a_dossier_waiting_for_a_supplement_is_not_overdue() -> None:
    # the clock stops while the applicant completes the dossier (Decree 61/2018, Art. 16)
    found = measures(a_dossier(status=DossierStatus.SUPPLEMENT_REQUESTED, marked_late=True))
    assert found == {(FEB, "received"), (FEB, "channel_counter")}


def rating(satisfaction: int) -> DossierRating:
    return DossierRating(satisfaction=satisfaction, rated_at=datetime(2026, 4, 2, tzinfo=UTC))


def test_a_rating_counts_in_its_month_and_satisfied_from_satisfied_up() -> None:
    assert (APR, "rated") in measures(a_dossier(), rating=rating(Satisfaction.UNSATISFIED))
    assert (APR, "satisfied") not in measures(a_dossier(), rating=rating(Satisfaction.UNSATISFIED))
    for level in (Satisfaction.SATISFIED, Satisfaction.VERY_SATISFIED):
        assert {(APR, "rated"), (APR, "satisfied")} <= measures(a_dossier(), rating=rating(level))


def test_a_dossier_counts_under_its_procedure_every_procedure_and_the_whole_year() -> None:
    keys = dossier_keys(a_dossier(), has_documents=False, has_result=False, rating=None)
    assert keys == [
        "2026-01-01|channel_counter|**",
        "2026-01-01|received|**",
        "2026-02-01|channel_counter|*",
        "2026-02-01|channel_counter|1.000123",
        "2026-02-01|received|*",
        "2026-02-01|received|1.000123",
    ]


def a_feedback(**fields: Any) -> Feedback:
    values: dict[str, Any] = {
        "status": FeedbackStatus.RECEIVED,
        "received_at": RECEIVED_AT,
        "forward_due_at": RECEIVED_AT + timedelta(days=5),
        "due_at": DUE,
    }
    values.update(fields)
    return Feedback(**values)


def fb_measures(item: Feedback) -> set[tuple[date, str]]:
    found = feedback_measures(item)
    assert len(found) == len(set(found))
    return set(found)


def test_feedback_received_and_nothing_else() -> None:
    assert fb_measures(a_feedback()) == {(FEB, "fb_received")}
    assert feedback_keys(a_feedback()) == ["2026-01-01|fb_received|**", "2026-02-01|fb_received|*"]


def test_feedback_forwarded_by_its_forwarding_due_moment_is_on_time() -> None:
    due = RECEIVED_AT + timedelta(days=5)
    assert (FEB, "fb_forwarded_on_time") in fb_measures(a_feedback(forwarded_at=due))
    late = fb_measures(a_feedback(forwarded_at=due + timedelta(seconds=1)))
    assert (FEB, "fb_forwarded_late") in late
    assert (FEB, "fb_forwarded_on_time") not in late


def test_feedback_answered_by_its_due_moment_is_on_time_in_the_month_answered() -> None:
    on_time = fb_measures(a_feedback(status=FeedbackStatus.ANSWERED, answered_at=DUE))
    assert on_time == {(FEB, "fb_received"), (MAR, "fb_answered"), (MAR, "fb_answered_on_time")}
    late_at = DUE + timedelta(days=2)
    late = fb_measures(
        a_feedback(status=FeedbackStatus.ANSWERED, answered_at=late_at, published_at=late_at)
    )
    assert late == {
        (FEB, "fb_received"),
        (APR, "fb_answered"),
        (APR, "fb_answered_late"),
        (APR, "fb_published"),
    }


@pytest.mark.parametrize("status", [FeedbackStatus.RECEIVED, FeedbackStatus.ROUTED])
def test_feedback_unanswered_and_escalated_counts_overdue_in_its_due_month(status: str) -> None:
    assert (MAR, "fb_overdue_open") in fb_measures(a_feedback(status=status, escalation_level=1))
    assert fb_measures(a_feedback(status=status, escalation_level=0)) == {(FEB, "fb_received")}


def test_feedback_forwarded_elsewhere_is_not_overdue_here() -> None:
    item = a_feedback(status=FeedbackStatus.FORWARDED, escalation_level=1)
    assert fb_measures(item) == {(FEB, "fb_received")}


def test_an_answer_rated_four_of_five_or_more_is_satisfying() -> None:
    at = datetime(2026, 4, 2, tzinfo=UTC)
    rated: Callable[[int | None], set[tuple[date, str]]] = lambda n: fb_measures(  # noqa: E731
        a_feedback(status=FeedbackStatus.ANSWERED, answered_at=DUE, rating=n, rated_at=at)
    )
    assert {(APR, "fb_rated"), (APR, "fb_rated_satisfied")} <= rated(4)
    assert (APR, "fb_rated") in rated(3)
    assert (APR, "fb_rated_satisfied") not in rated(3)
    assert not {m for _, m in rated(None)} & {"fb_rated", "fb_rated_satisfied"}
    unrated = fb_measures(a_feedback(status=FeedbackStatus.ANSWERED, answered_at=DUE, rating=5))
    assert (APR, "fb_rated") not in unrated


@pytest.mark.django_db
def test_an_agency_counts_in_the_province_above_it() -> None:
    facts._PROVINCES.clear()
    commune = CommuneFactory.create()
    province = commune.parent
    assert province is not None
    at_commune: Agency = AgencyFactory.create(administrative_unit=commune)
    at_province: Agency = AgencyFactory.create(administrative_unit=province)
    assert province_of(at_commune) == province.code
    assert province_of(at_province) == province.code
    # a unit with no province above it counts in none
    orphan: Agency = AgencyFactory.create(administrative_unit=CommuneFactory.create(parent=None))
    assert province_of(orphan) == ""
    # read once per agency: a later move of the unit is not seen until the process restarts
    commune.parent = None
    commune.save()
    assert province_of(AgencyFactory.create(administrative_unit=commune)) == ""
    assert province_of(at_commune) == province.code
    facts._PROVINCES.clear()


@pytest.mark.django_db
def test_a_dossier_read_from_the_database_counts_its_scans_results_and_rating() -> None:
    world = build_world()
    dossier = submit(world).dossier
    bare = submit(world).dossier
    scanned_at_the_counter = submit(world).dossier
    DossierDocument.objects.filter(dossier__in=[dossier, bare]).delete()

    def measured(d: Dossier) -> set[str]:
        return {k.split("|")[1] for k in dossier_keys_of(d) if k.endswith("|*")}

    assert measured(dossier) == {"received", "channel_counter"}
    assert "digitized" in measured(scanned_at_the_counter)
    # a paper document scanned into the store for this dossier (số hóa khi tiếp nhận)
    StoredDocumentFactory.create(reference=dossier.code, agency=world.centre)
    assert "digitized" in measured(dossier)
    assert "digitized" not in measured(bare)
    # a result counts only when resolved; a slip or receipt is not a result
    Dossier.objects.filter(pk__in=[dossier.pk, bare.pk]).update(
        status=DossierStatus.RETURNED, closed_at=AT + timedelta(days=1)
    )
    dossier.refresh_from_db()
    bare.refresh_from_db()
    DossierResult.objects.create(
        dossier=bare,
        kind=DossierResultKind.SLIP,
        title="Phiếu",
        verification_code="V-SLIP",
        file="results/phieu.pdf",
        sha256="0" * 64,
        created_at=AT,
    )
    assert "result_digitized" not in measured(bare)
    DossierResult.objects.create(
        dossier=dossier,
        title="Kết quả",
        verification_code="V-1",
        file="results/ket-qua.pdf",
        sha256="0" * 64,
        created_at=AT,
    )
    assert {"resolved", "resolved_on_time", "result_digitized"} <= measured(dossier)
    assert "result_digitized" not in measured(bare)
    DossierRating.objects.create(
        dossier_code=dossier.code,
        agency=world.competent,
        satisfaction=Satisfaction.SATISFIED,
        rated_at=AT + timedelta(days=2),
    )
    assert {"rated", "satisfied"} <= measured(dossier)
    assert not {"rated", "satisfied"} & measured(bare)
