"""The malware-scan plugin against ``motcua clamd-sim``, a real process speaking clamd's INSTREAM.

The simulator flags the EICAR test string only; it stands in for ClamAV's protocol, not its
signatures.
"""

from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings

from motcua.core.errors import ValidationFailed
from motcua.core.testing import free_port, motcua_process
from motcua.documents.inspection import upload_inspect
from motcua.documents.samples import sample_pdf
from motcua.documents.tests.samples import EICAR, photo_jpeg

TYPES = ("pdf", "jpeg", "png")


@pytest.fixture
def clamd(settings: Settings) -> Iterator[int]:
    port = free_port()
    with motcua_process(["clamd-sim", "--port", str(port)], port):
        settings.MOTCUA_CLAMD_ADDRESS = f"127.0.0.1:{port}"
        yield port


def test_a_clean_file_is_scanned_and_accepted(clamd: int) -> None:
    big = photo_jpeg(900, 700)  # several INSTREAM chunks
    assert len(big) > 64 * 1024

    inspected = upload_inspect(name="anh.jpg", data=big, allowed_types=TYPES)

    assert inspected.scanned_by == ("clamd",)


def test_a_file_carrying_the_eicar_string_is_refused_with_the_signature(clamd: int) -> None:
    infected = sample_pdf() + b"%" + EICAR + b"\n"

    with pytest.raises(ValidationFailed) as caught:
        upload_inspect(name="giay.pdf", data=infected, allowed_types=TYPES)

    [problem] = caught.value.problems
    assert problem.path == "content"
    assert "mã độc (Eicar-Test-Signature)" in problem.message


def test_a_scanner_that_does_not_answer_refuses_the_upload(settings: Settings) -> None:
    settings.MOTCUA_CLAMD_ADDRESS = f"127.0.0.1:{free_port()}"  # nothing listens there

    with pytest.raises(ValidationFailed) as caught:
        upload_inspect(name="giay.pdf", data=sample_pdf(), allowed_types=TYPES)

    assert "Chưa kiểm tra được mã độc" in caught.value.problems[0].message
