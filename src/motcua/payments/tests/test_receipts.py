"""The e-receipt: its number series per agency and year, and the PDF's text."""

import shutil
import subprocess
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from motcua.core.errors import Conflict
from motcua.payments.models import PaymentMethod, PaymentStatus, Receipt
from motcua.payments.services import receipt_file
from motcua.payments.tests.factories import counter

pytestmark = pytest.mark.django_db


def test_a_counter_payment_gets_the_next_receipt_number_and_a_pdf_with_number_and_amount(
    settings: Settings, tmp_path: Path
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip(reason="pdftotext is missing: install poppler-utils")
    settings.MEDIA_ROOT = tmp_path
    first = counter(reference="A-1")
    second = counter(reference="A-2", method=PaymentMethod.COUNTER_CARD)

    assert first.status == PaymentStatus.PAID
    assert first.receipt.number == "000.00.01.H26/2026/0000001"
    assert second.receipt.number == "000.00.01.H26/2026/0000002"
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(receipt_file(receipt=second.receipt))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert "000.00.01.H26/2026/0000002" in text
    assert "200.000 đồng" in text
    assert "Hai trăm nghìn đồng" in text
    assert "Thẻ tại Bộ phận Một cửa" in text


def test_a_dossier_is_never_charged_twice(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    counter(reference="A-1")

    with pytest.raises(Conflict, match="không thu lần thứ hai"):
        counter(reference="A-1")

    assert Receipt.objects.count() == 1
