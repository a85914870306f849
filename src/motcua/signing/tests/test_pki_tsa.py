import asyncio
import hashlib
import stat
import urllib.request
from pathlib import Path

from asn1crypto import tsp
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID
from django.utils import timezone
from pyhanko.sign.timestamps import HTTPTimeStamper

from motcua.signing.pki import pki_init
from motcua.signing.tests.conftest import SigningEnv
from motcua.signing.threads import outside_event_loop


def test_ca_init_is_idempotent_and_keeps_keys_private(tmp_path: Path) -> None:
    # given
    now = timezone.now()
    first = pki_init(directory=tmp_path, at=now)
    # when
    second = pki_init(directory=tmp_path, at=now)
    # then
    assert second.root.certificate == first.root.certificate
    assert second.agency.certificate.issuer == first.root.certificate.subject
    for name in ("root", "agency-ca", "tsa"):
        assert stat.S_IMODE((tmp_path / f"{name}.key").stat().st_mode) == 0o600
    usage = second.tsa.certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert usage.critical
    assert list(usage.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    assert len(second.crls()) == 2


def test_tsa_sim_answers_rfc3161_and_serves_crls(signing_env: SigningEnv) -> None:
    # given
    digest = hashlib.sha256(b"motcua").digest()
    # when
    token = outside_event_loop(
        lambda: asyncio.run(HTTPTimeStamper(signing_env.tsa_url).async_timestamp(digest, "sha256"))
    )
    # then
    signed_data = token["content"]
    info = signed_data["encap_content_info"]["content"].parsed
    assert info["message_imprint"]["hashed_message"].native == digest
    assert abs((info["gen_time"].native - timezone.now()).total_seconds()) < 60
    tsa_serial = signing_env.pki.tsa.certificate.serial_number
    assert tsa_serial in [c.chosen.serial_number for c in signed_data["certificates"]]
    crl_url = signing_env.tsa_url + "crl/agency-ca.crl"
    with urllib.request.urlopen(crl_url, timeout=5) as answer:  # noqa: S310 (local simulator)
        assert answer.read() == signing_env.pki.crl_path(signing_env.pki.agency).read_bytes()


def test_tsa_sim_refuses_a_query_it_cannot_read(signing_env: SigningEnv) -> None:
    request = urllib.request.Request(  # noqa: S310 (local simulator)
        signing_env.tsa_url,
        data=b"\x30\x03\x02\x01\x05",
        headers={"Content-Type": "application/timestamp-query"},
    )
    with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
        reply = answer.read()
    status = tsp.PKIStatusInfo.load(reply[2:])  # the SEQUENCE holds the status only
    assert status["status"].native == "rejection"
