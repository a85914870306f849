"""Against the real ``motcua pay-sim`` process: settle once however often the gateway notifies,
refuse forged and tampered notifications, catch a missing one, reconcile, refund."""

import logging
import threading
import urllib.error
import urllib.request
from datetime import date, timedelta

import pytest
from django.db import DatabaseError, connection
from django.test import Client

from motcua.accounts.actors import system_actor
from motcua.core.models import AuditEntry
from motcua.payments.models import (
    GatewayNotification,
    MismatchKind,
    NotificationOutcome,
    Payment,
    PaymentStatus,
    Receipt,
    Refund,
    RefundStatus,
)
from motcua.payments.services import (
    NotificationAnswer,
    payment_notification_handle,
    payment_refund,
    payment_return_handle,
    payments_query_pending,
    reconciliation_run,
)
from motcua.payments.tests.factories import AT, start
from motcua.payments.tests.simulators import PaySim

DAY = date(2026, 3, 2)


def _paid(
    sim: PaySim, amount: int = 200_000, reference: str = "000.00.01.H26-260302-0001"
) -> Payment:
    checkout = start(reference=reference, amount=amount)
    sim.open_checkout(checkout.url)
    sim.pay(checkout.payment.order_id)
    return checkout.payment


@pytest.mark.django_db
def test_the_payment_page_refuses_a_redirect_whose_signature_was_altered(pay_sim: PaySim) -> None:
    checkout = start()
    tampered = checkout.url.replace("vnp_Amount=20000000", "vnp_Amount=100")

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(tampered, timeout=5)  # noqa: S310 - the local simulator

    assert refused.value.code == 400
    assert "Thanh toán" in pay_sim.open_checkout(checkout.url)


@pytest.mark.django_db(transaction=True)
def test_a_hundred_replays_in_a_row_make_one_payment(pay_sim_live: PaySim) -> None:
    payment = _paid(pay_sim_live)

    answers = pay_sim_live.control("notify", {"txn_ref": payment.order_id, "times": 100})["answers"]

    assert answers == ["00"] + ["02"] * 99
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.settled_via == "ipn"
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1
    assert Receipt.objects.count() == 1
    assert GatewayNotification.objects.filter(outcome=NotificationOutcome.DUPLICATE).count() == 99
    assert AuditEntry.objects.filter(action="payment.settled").count() == 1


def _at_once(count: int, params: dict[str, str]) -> list[NotificationAnswer]:
    """``count`` threads deliver the same notification at once; each retries while the database
    is busy, as the gateway does on answer 99, until it has a definite answer."""
    barrier = threading.Barrier(count)
    answers: list[NotificationAnswer | None] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            for _attempt in range(200):
                try:
                    answers[index] = payment_notification_handle(
                        gateway="vnpay_style", params=params, at=AT + timedelta(minutes=1)
                    )
                    return
                except DatabaseError:
                    threading.Event().wait(0.02)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [a for a in answers if a is not None]


def _twenty_at_once(sim: PaySim) -> None:
    payment = _paid(sim)
    params = sim.control("notification", {"txn_ref": payment.order_id})["params"]

    answers = _at_once(20, params)

    assert len(answers) == 20
    assert sorted(a.code for a in answers) == ["00"] + ["02"] * 19
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1
    assert Receipt.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_notifications_at_once_make_one_payment(pay_sim: PaySim) -> None:
    _twenty_at_once(pay_sim)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_notifications_at_once_make_one_payment_on_postgresql(pay_sim: PaySim) -> None:
    _twenty_at_once(pay_sim)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "code", "outcome", "valid"),
    [
        ({"forge": True}, "97", NotificationOutcome.BAD_SIGNATURE, False),
        ({"tamper": {"vnp_Amount": "100"}}, "97", NotificationOutcome.BAD_SIGNATURE, False),
        ({"override": {"vnp_Amount": "100"}}, "04", NotificationOutcome.BAD_AMOUNT, True),
        ({"override": {"vnp_CurrCode": "USD"}}, "04", NotificationOutcome.BAD_AMOUNT, True),
        ({"override": {"vnp_TxnRef": "T000000NOTOURS"}}, "01", "unknown_order", True),
    ],
    ids=["forged", "tampered-amount", "signed-wrong-amount", "wrong-currency", "unknown-order"],
)
def test_a_forged_or_tampered_notification_changes_nothing_and_is_logged(
    pay_sim: PaySim,
    caplog: pytest.LogCaptureFixture,
    options: dict[str, object],
    code: str,
    outcome: str,
    valid: bool,
) -> None:
    payment = _paid(pay_sim)
    params = pay_sim.control("notification", {"txn_ref": payment.order_id, **options})["params"]

    with caplog.at_level(logging.WARNING, logger="motcua.payments"):
        answer = payment_notification_handle(gateway="vnpay_style", params=params, at=AT)

    assert answer.code == code
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert Receipt.objects.count() == 0
    logged = GatewayNotification.objects.get()
    assert logged.outcome == outcome
    assert logged.signature_valid is valid
    if not valid:
        assert "bad signature" in caplog.text


@pytest.mark.django_db
def test_the_ipn_endpoint_answers_in_the_protocol(pay_sim: PaySim, client: Client) -> None:
    payment = _paid(pay_sim)
    params = pay_sim.control("notification", {"txn_ref": payment.order_id})["params"]
    forged = pay_sim.control("notification", {"txn_ref": payment.order_id, "forge": True})["params"]

    first = client.get("/api/v1/payments/vnpay-style/ipn/", params)
    again = client.get("/api/v1/payments/vnpay-style/ipn/", params)
    bad = client.get("/api/v1/payments/vnpay-style/ipn/", forged)

    assert first.json() == {"RspCode": "00", "Message": "Confirm Success"}
    assert again.json() == {"RspCode": "02", "Message": "Order already confirmed"}
    assert bad.json() == {"RspCode": "97", "Message": "Invalid signature"}


@pytest.mark.django_db
def test_a_notification_that_never_comes_is_caught_by_the_query_job_and_a_late_one_is_a_no_op(
    pay_sim: PaySim,
) -> None:
    payment = _paid(pay_sim)  # the simulator sends no notification
    abandoned = start(reference="000.00.01.H26-260302-0009")  # never opened at the gateway

    early = payments_query_pending(now=AT + timedelta(minutes=5))
    caught = payments_query_pending(now=AT + timedelta(minutes=20))

    assert early == {}
    assert caught == {"settled": 1, "pending": 1}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.settled_via == "query"

    # then the late notification, and a reordered "failed" one, change nothing
    late = pay_sim.control("notification", {"txn_ref": payment.order_id})["params"]
    failed = pay_sim.control(
        "notification",
        {
            "txn_ref": payment.order_id,
            "override": {"vnp_ResponseCode": "24", "vnp_TransactionStatus": "02"},
        },
    )["params"]
    assert payment_notification_handle(gateway="vnpay_style", params=late, at=AT).code == "02"
    assert payment_notification_handle(gateway="vnpay_style", params=failed, at=AT).code == "02"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert Receipt.objects.count() == 1

    # and the abandoned order is closed once it is older than the expiry
    payments_query_pending(now=AT + timedelta(days=2))
    abandoned.payment.refresh_from_db()
    assert abandoned.payment.status == PaymentStatus.FAILED


@pytest.mark.django_db
def test_a_cancelled_payment_fails_and_the_citizen_may_pay_again(pay_sim: PaySim) -> None:
    checkout = start()
    pay_sim.open_checkout(checkout.url)
    cancelled = pay_sim.pay(checkout.payment.order_id, action="cancel")
    params = pay_sim.control("notification", {"txn_ref": checkout.payment.order_id})["params"]

    assert payment_notification_handle(gateway="vnpay_style", params=params, at=AT).code == "00"
    checkout.payment.refresh_from_db()
    assert checkout.payment.status == PaymentStatus.FAILED
    assert "vnp_ResponseCode=24" in cancelled["return_url"]

    again = _paid(pay_sim)
    assert again.pk != checkout.payment.pk


@pytest.mark.django_db
def test_the_browser_return_shows_the_truth_by_asking_the_query_api(pay_sim: PaySim) -> None:
    payment = _paid(pay_sim)
    params = pay_sim.control("notification", {"txn_ref": payment.order_id})["params"]

    forged = payment_return_handle(
        gateway="vnpay_style", params={**params, "vnp_Amount": "1"}, at=AT
    )
    shown = payment_return_handle(gateway="vnpay_style", params=params, at=AT)

    assert forged.valid is False
    assert shown.valid is True
    assert shown.payment is not None
    assert shown.payment.status == PaymentStatus.PAID
    assert shown.payment.settled_via == "query"


@pytest.mark.django_db
def test_the_daily_reconciliation_lists_every_mismatch_with_the_ledger(pay_sim: PaySim) -> None:
    matched = _paid(pay_sim)
    params = pay_sim.control("notification", {"txn_ref": matched.order_id})["params"]
    payment_notification_handle(gateway="vnpay_style", params=params, at=AT)

    clean = reconciliation_run(day=DAY, at=AT + timedelta(days=1))
    assert (clean.matched, clean.mismatches.count()) == (1, 0)
    assert clean.total_ours == clean.total_theirs == 200_000

    # given a payment the gateway took and we never heard of, and one whose amount differs
    pay_sim.control(
        "ledger",
        {
            "vnp_TxnRef": "T260302PLANTED",
            "vnp_Amount": "5000000",
            "vnp_TransactionNo": "99",
            "vnp_TransactionStatus": "00",
            "vnp_CreateDate": "20260302100000",
        },
    )
    pay_sim.control("ledger", {"vnp_TxnRef": matched.order_id, "vnp_Amount": "100000"})

    report = reconciliation_run(day=DAY, at=AT + timedelta(days=1))

    kinds = sorted((m.kind, m.order_id) for m in report.mismatches.all())
    assert kinds == sorted(
        [(MismatchKind.MISSING_HERE, "T260302PLANTED"), (MismatchKind.AMOUNT, matched.order_id)]
    )


@pytest.mark.django_db
def test_a_refund_goes_to_the_gateway_once(pay_sim: PaySim) -> None:
    payment = _paid(pay_sim)
    params = pay_sim.control("notification", {"txn_ref": payment.order_id})["params"]
    payment_notification_handle(gateway="vnpay_style", params=params, at=AT)

    refund = payment_refund(
        reference=payment.reference,
        reason="Từ chối",
        at=AT + timedelta(days=1),
        actor=system_actor("test"),
    )
    again = payment_refund(
        reference=payment.reference,
        reason="Từ chối",
        at=AT + timedelta(days=1),
        actor=system_actor("test"),
    )

    assert refund is not None
    assert again is not None
    assert refund.status == RefundStatus.DONE
    assert again.pk == refund.pk
    assert Refund.objects.count() == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    ledger = {o["vnp_TxnRef"]: o for o in pay_sim.control("ledger")}
    assert ledger[payment.order_id]["refunded"] == "1"
