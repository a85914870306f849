"""``motcua payments reconcile`` against the simulator: zero mismatches, then a planted one."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from motcua.payments.services import payment_notification_handle
from motcua.payments.tests.factories import AT, start
from motcua.payments.tests.simulators import PaySim


@pytest.mark.django_db
def test_reconcile_reports_zero_then_the_planted_mismatch(pay_sim: PaySim) -> None:
    checkout = start()
    pay_sim.open_checkout(checkout.url)
    pay_sim.pay(checkout.payment.order_id)
    params = pay_sim.control("notification", {"txn_ref": checkout.payment.order_id})["params"]
    payment_notification_handle(gateway="vnpay_style", params=params, at=AT + timedelta(seconds=5))
    out = StringIO()

    call_command("payments", "reconcile", "--date", "2026-03-02", stdout=out)

    assert "khớp 1, lệch 0" in out.getvalue()
    pay_sim.control(
        "ledger",
        {
            "vnp_TxnRef": "T260302GHOST",
            "vnp_Amount": "1000000",
            "vnp_TransactionStatus": "00",
            "vnp_CreateDate": "20260302080000",
        },
    )
    with pytest.raises(SystemExit) as failed:
        call_command("payments", "reconcile", "--date", "2026-03-02", stdout=out)
    assert failed.value.code == 1
    assert (
        "T260302GHOST (hồ sơ —): Cổng đã thu nhưng hệ thống chưa ghi nhận; hệ thống —, "
        "cổng 10.000 đồng"
    ) in out.getvalue()
