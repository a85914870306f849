"""The malware-scan plugin against ``motcua clamd-sim``, a real process speaking clamd's INSTREAM,
and against ClamAV's own ``clamd`` (Debian's clamav-daemon) run with a signature file the test
writes: the official database is never downloaded.

The simulator flags the EICAR test string only, also in a PDF's Flate streams as ClamAV does;
the real clamd shows that the production path finds it there.
"""

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from pytest_django.fixtures import Settings

from motcua.core.errors import ValidationFailed
from motcua.documents.inspection import upload_inspect
from motcua.documents.tests.samples import EICAR, pdf_with, photo_jpeg
from motcua_dev.testing.processes import (
    free_port,
    motcua_process,
    require_tools,
    stop_process,
    wait_for_port,
)
from motcua_dev.testing.samples import sample_pdf

TYPES = ("pdf", "jpeg", "png")


@pytest.fixture
def clamd(settings: Settings) -> Iterator[int]:
    port = free_port()
    with motcua_process(["clamd-sim", "--port", str(port)], port):
        settings.MOTCUA_CLAMD_ADDRESS = f"127.0.0.1:{port}"
        yield port


def _clamd_binary() -> str | None:
    # Debian puts the daemon in /usr/sbin, which an ordinary user's PATH may lack.
    return shutil.which("clamd") or shutil.which("clamd", path="/usr/sbin:/usr/local/sbin")


@pytest.fixture
def real_clamd(settings: Settings, tmp_path: Path) -> Iterator[int]:
    """ClamAV's clamd on a private port, with one signature: EICAR, as ClamAV names it."""
    binary = _clamd_binary()
    if binary is None:
        require_tools("clamd", packages="clamav-daemon")
    database = tmp_path / "db"
    database.mkdir()
    (database / "motcua-test.ndb").write_text(f"Eicar-Test-Signature:0:*:{EICAR.hex()}\n")
    port = free_port()
    config = tmp_path / "clamd.conf"
    config.write_text(
        f"TCPSocket {port}\nTCPAddr 127.0.0.1\nDatabaseDirectory {database}\n"
        f"TemporaryDirectory {tmp_path}\nForeground yes\nLogFile {tmp_path / 'clamd.log'}\n"
        f"PidFile {tmp_path / 'clamd.pid'}\n"
    )
    process = subprocess.Popen(
        [str(binary), "--config-file", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process, seconds=60)
        settings.MOTCUA_CLAMD_ADDRESS = f"127.0.0.1:{port}"
        yield port
    finally:
        stop_process(process)


def _eicar_in_flate_stream(pdf: pikepdf.Pdf) -> None:
    hidden = pdf.make_stream(EICAR * 3)
    hidden.stream_dict.Type = pikepdf.Name.XObject
    pdf.Root.Hidden = pdf.make_indirect(hidden)


@pytest.fixture(params=["clamd-sim", "clamd"])
def any_clamd(request: pytest.FixtureRequest) -> int:
    """Each test below runs against the stand-in and against ClamAV itself."""
    return int(request.getfixturevalue("clamd" if request.param == "clamd-sim" else "real_clamd"))


def test_eicar_compressed_in_a_pdf_stream_is_found(any_clamd: int) -> None:
    infected = pdf_with(_eicar_in_flate_stream)
    assert EICAR not in infected  # only a scanner that inflates the stream sees it
    assert b"/FlateDecode" in infected

    with pytest.raises(ValidationFailed) as caught:
        upload_inspect(name="giay.pdf", data=infected, allowed_types=TYPES)

    [problem] = caught.value.problems
    assert problem.path == "content"
    assert "mã độc (Eicar-Test-Signature" in problem.message


def test_eicar_as_it_is_is_found_and_a_clean_file_passes(any_clamd: int) -> None:
    with pytest.raises(ValidationFailed) as caught:
        upload_inspect(
            name="giay.pdf", data=sample_pdf() + b"%" + EICAR + b"\n", allowed_types=TYPES
        )
    assert "mã độc (Eicar-Test-Signature" in caught.value.problems[0].message

    inspected = upload_inspect(name="giay.pdf", data=sample_pdf(), allowed_types=TYPES)

    assert inspected.scanned_by == ("clamd",)


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
