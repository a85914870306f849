"""Fees in the back-office: the officer records a counter payment and prints the same e-receipt;
the reconciliation report page."""

from typing import Any

import pytest
from django.test import Client

from motcua.backoffice.tests.test_oversight import leader_of
from motcua.dossiers.tests.factories import build_world, submit
from motcua.payments.models import Payment, PaymentStatus, ReconciliationMismatch, ReconciliationRun

pytestmark = pytest.mark.django_db

FEE: dict[str, Any] = {
    "kind": "charge",
    "name": "Lệ phí đăng ký",
    "amount": 50_000,
    "basis": "fixed",
    "unit_name": "",
    "exempt_groups": [],
    "note": "",
}


def test_the_officer_records_a_cash_payment_and_prints_the_receipt(client: Client) -> None:
    world = build_world(fees=[FEE])
    dossier = submit(world).dossier
    client.force_login(world.receiver)

    page = client.get(f"/can-bo/ho-so/{dossier.code}/")
    assert "Chưa nộp" in page.content.decode()
    assert "Thu 50.000 đồng tại quầy" in page.content.decode()

    answer = client.post(
        f"/can-bo/ho-so/{dossier.code}/thu-phi/", {"method": "counter_cash"}, follow=True
    )
    body = answer.content.decode()
    assert "Đã ghi nhận 50.000 đồng, biên lai số 000.00.01.H26/2026/0000001." in body
    assert "Đã nộp" in body
    payment = Payment.objects.get(reference=dossier.code)
    assert (payment.status, payment.method) == (PaymentStatus.PAID, "counter_cash")

    receipt = client.get(f"/can-bo/ho-so/{dossier.code}/bien-lai/")
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")

    again = client.post(f"/can-bo/ho-so/{dossier.code}/thu-phi/", {"method": "counter_card"})
    assert again.status_code == 302
    assert Payment.objects.filter(reference=dossier.code).count() == 1


def test_a_specialist_cannot_take_money_at_the_counter(client: Client) -> None:
    world = build_world(fees=[FEE])
    dossier = submit(world).dossier
    client.force_login(world.specialist)

    page = client.get(f"/can-bo/ho-so/{dossier.code}/")
    client.post(f"/can-bo/ho-so/{dossier.code}/thu-phi/", {"method": "counter_cash"})

    assert "tại quầy" not in page.content.decode()
    assert not Payment.objects.exists()


def test_the_reconciliation_page_lists_runs_and_mismatches(client: Client) -> None:
    world = build_world()
    run = ReconciliationRun.objects.create(
        gateway="vnpay_style",
        day="2026-03-01",
        created_at="2026-03-02T01:00:00Z",
        ours=1,
        theirs=2,
        matched=1,
        total_ours=200_000,
        total_theirs=250_000,
    )
    ReconciliationMismatch.objects.create(
        run=run, kind="missing_here", order_id="T260301PLANTED", theirs_amount=50_000
    )
    # The report covers every payment: for the leaders of the one-stop unit's agency.
    client.force_login(leader_of(world.centre))

    page = client.get("/can-bo/doi-soat/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "T260301PLANTED" in body
    assert "Cổng đã thu nhưng hệ thống chưa ghi nhận" in body
    assert "250.000" in body


def test_the_officer_sets_a_fee_left_to_a_regulation_then_takes_it(client: Client) -> None:
    unknown = {**FEE, "amount": None, "legal_reference": "Nghị quyết 10/2025/NQ-HĐND"}
    world = build_world(fees=[unknown])
    dossier = submit(world).dossier
    client.force_login(world.receiver)

    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Chưa xác định mức thu: theo quy định tại Nghị quyết 10/2025/NQ-HĐND" in page
    assert 'data-testid="fee-determine"' in page
    assert "tại quầy" not in page
    refused = client.post(
        f"/can-bo/ho-so/{dossier.code}/muc-phi/",
        {"amount": "20.000 đồng", "reason": ""},
        follow=True,
    ).content.decode()
    assert "Mức thu là số nguyên đồng, ví dụ 20000." in refused
    assert "Ghi căn cứ mức thu." in refused

    answer = client.post(
        f"/can-bo/ho-so/{dossier.code}/muc-phi/",
        {"amount": "20000", "reason": "Điều 3 Nghị quyết 10/2025/NQ-HĐND"},
        follow=True,
    ).content.decode()

    assert "Đã ghi nhận mức thu 20.000 đồng." in answer
    assert "Thu 20.000 đồng tại quầy" in answer
    dossier.refresh_from_db()
    assert (dossier.fee_amount, dossier.fee_basis["known"]) == (20_000, True)


def test_a_specialist_cannot_set_the_fee(client: Client) -> None:
    world = build_world(fees=[{**FEE, "amount": None}])
    dossier = submit(world).dossier
    client.force_login(world.specialist)

    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    client.post(f"/can-bo/ho-so/{dossier.code}/muc-phi/", {"amount": "1", "reason": "x"})

    assert 'data-testid="fee-determine"' not in page
    dossier.refresh_from_db()
    assert dossier.fee_basis["known"] is False
