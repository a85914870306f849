"""Helpers for tests that sign and verify: the local CA's TSA as a real process, an NSS database
that trusts the local root (for poppler's ``pdfsig``), ``pdfsig`` itself, and one SoftHSM2 token
per test process; and :class:`LocalSigning`, a local CA with its TSA running, which tests of any
higher app use to let their officers sign results (a leader without a certificate cannot complete
the signing step)."""

import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization
from django.utils import timezone

from motcua.signing.pki import Pki, crl_publish, pki_init
from motcua_dev.testing.processes import free_port, motcua_process

if TYPE_CHECKING:
    from motcua.signing.models import SigningCredential

#: How far back the local CA and the officers' certificates of :func:`local_signing` reach, so that
#: tests may process dossiers at moments in the past (the demo data is loaded 60 days back).
SIGNING_SINCE = timedelta(days=365)


@contextmanager
def run_tsa_sim(pki_dir: Path) -> Iterator[str]:
    """A ``motcua tsa-sim`` process on a free port; yields its URL."""
    port = free_port()
    with motcua_process(["tsa-sim", "--port", str(port), "--pki-dir", str(pki_dir)], port):
        yield f"http://127.0.0.1:{port}/"


@dataclass(frozen=True)
class LocalSigning:
    """A local CA (in a temporary folder) and its time-stamp authority, a running process."""

    pki: Pki
    tsa_url: str
    since: datetime

    def configure(self, settings: Any) -> None:
        """Point ``settings`` (pytest-django's fixture) at this CA and its TSA."""
        settings.MOTCUA_PKI_DIR = str(self.pki.directory)
        settings.MOTCUA_TSA_URL = self.tsa_url

    def enrol(self, *usernames: str, at: datetime | None = None) -> list["SigningCredential"]:
        """Key-file credentials for the officers named, or else for every current leader and
        specialist (what ``load-demo`` does); kept when they already have one.

        Call it after the officers exist and after :meth:`configure`; ``at`` defaults to
        ``since``, so that steps completed at past moments can sign too.
        """
        from motcua.accounts.models import Role, RoleAssignment, User
        from motcua.signing.enrol import keyfile_enrol

        if usernames:
            users = [User.objects.get(username=name) for name in usernames]
        else:
            assignments = RoleAssignment.objects.filter(
                role__in=[Role.LEADER, Role.SPECIALIST], valid_to__isnull=True
            ).select_related("user")
            users = list({a.user_id: a.user for a in assignments.order_by("pk")}.values())
        return [keyfile_enrol(user=user, pki=self.pki, at=at or self.since) for user in users]

    def enrol_seals(self, *codes: str, at: datetime | None = None) -> list["SigningCredential"]:
        """Key-file seals (organisation certificates) for the agencies of ``codes``, or else for
        every agency that issues slips (what ``load-demo`` does); kept when they exist."""
        from motcua.accounts.models import Agency
        from motcua.signing.enrol import seal_keyfile_enrol
        from motcua.signing.selectors import slip_issuers

        agencies = [Agency.objects.get(code=code) for code in codes] if codes else slip_issuers()
        return [
            seal_keyfile_enrol(agency=agency, pki=self.pki, at=at or self.since)
            for agency in agencies
        ]


@contextmanager
def local_signing(directory: Path, *, since: timedelta = SIGNING_SINCE) -> Iterator[LocalSigning]:
    """A local CA in ``directory``, valid from ``since`` ago (its CRLs issued now, so that
    revocation checks pass), and a ``motcua tsa-sim`` process for it until the block ends."""
    now = timezone.now()
    pki = pki_init(directory=directory, at=now - since)
    crl_publish(pki=pki, at=now)
    with run_tsa_sim(directory) as url:
        yield LocalSigning(pki=pki, tsa_url=url, since=now - since + timedelta(minutes=10))


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def nss_db(directory: Path, pki: Pki) -> str:
    """An NSS database in ``directory`` trusting the local root, with the agency CA and both CRLs
    (so that NSS knows which certificates are revoked); returns the ``-nssdir`` argument."""
    directory.mkdir(parents=True, exist_ok=True)
    db = f"sql:{directory}"
    _run("certutil", "-N", "-d", db, "--empty-password")
    for nickname, certificate, trust in (
        ("motcua-root", pki.root.certificate, "CT,C,C"),
        ("motcua-agency-ca", pki.agency.certificate, ",,"),
    ):
        path = directory / f"{nickname}.der"
        path.write_bytes(certificate.public_bytes(serialization.Encoding.DER))
        _run("certutil", "-A", "-d", db, "-n", nickname, "-t", trust, "-i", str(path))
    refresh_nss_crls(db, pki)
    return db


def refresh_nss_crls(db: str, pki: Pki) -> None:
    for authority in (pki.root, pki.agency):
        _run("crlutil", "-I", "-d", db, "-t", "1", "-i", str(pki.crl_path(authority)))


@dataclass(frozen=True)
class PdfsigSignature:
    field: str
    signer: str
    signature_valid: bool
    certificate_status: str
    total_document: bool


def pdfsig(pdf: Path, nssdir: str) -> list[PdfsigSignature]:
    """Run poppler's ``pdfsig`` on ``pdf`` and read what it says of each signature."""
    result = subprocess.run(
        ["pdfsig", "-nssdir", nssdir, str(pdf)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    found: list[PdfsigSignature] = []
    for block in re.split(r"^Signature #\d+:\s*$", result.stdout, flags=re.MULTILINE)[1:]:
        fields = dict(
            (key.strip(), value.strip())
            for key, _sep, value in (
                line.strip().lstrip("- ").partition(":") for line in block.splitlines()
            )
            if _sep
        )
        found.append(
            PdfsigSignature(
                field=fields.get("Signature Field Name", ""),
                signer=fields.get("Signer Certificate Common Name", ""),
                signature_valid=fields.get("Signature Validation") == "Signature is Valid.",
                certificate_status=fields.get("Certificate Validation", ""),
                total_document="- Total document signed" in block,
            )
        )
    return found


_TOKEN: dict[str, Path] = {}


def softhsm_test_token(directory: Path, *, label: str, user_pin: str) -> Path:
    """One SoftHSM2 token for this test process, under ``directory`` the first time.

    SoftHSM2 reads its configuration once per process, so every test of the process shares it.
    """
    from motcua.signing.contrib.pkcs11.token import softhsm_conf_write, softhsm_token_init

    if "conf" not in _TOKEN:
        conf = softhsm_conf_write(directory / "softhsm2.conf")
        softhsm_token_init(conf=conf, label=label, so_pin="test-so-pin", user_pin=user_pin)
        os.environ["SOFTHSM2_CONF"] = str(conf)
        _TOKEN["conf"] = conf
    return _TOKEN["conf"]


def tampered_flipped_byte(pdf: bytes) -> bytes:
    """``pdf`` with one bit flipped inside its first stream, a byte every signature covers."""
    data = bytearray(pdf)
    start = data.index(b"stream", data.index(b"obj")) + len(b"stream") + 16
    data[start] ^= 0x01
    return bytes(data)


def tampered_incremental_update(pdf: bytes, text: bytes = b"Da sua noi dung") -> bytes:
    """``pdf`` with an incremental update drawing ``text`` on the first page: the signed bytes
    stay as they were, the document shown does not."""
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 600 Td (" + text + b") Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))  # type: ignore[no-untyped-call]
    out = BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()
