"""Credentials of officers: a key file (the demo) or a key generated inside a SoftHSM2 token."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pkcs11 import Attribute, ObjectClass
from prometheus_client import REGISTRY
from pytest_django.fixtures import Settings

from motcua.accounts.tests.factories import UserFactory
from motcua.core.models import AuditEntry
from motcua.signing.contrib.pkcs11.token import token_session
from motcua.signing.enrol import keyfile_enrol, pkcs11_enrol
from motcua.signing.selectors import credential_for
from motcua.signing.services import SigningFailed, credential_revoke, pdf_sign
from motcua.signing.tests.conftest import SigningEnv
from motcua.signing.tests.documents import sample_pdf
from motcua.signing.verification import pdf_verify
from motcua_dev.testing.processes import require_tools
from motcua_dev.testing.signing import pdfsig, softhsm_test_token

pytestmark = pytest.mark.django_db

TOKEN_LABEL = "motcua-test"
USER_PIN = "test-user-pin"


@pytest.fixture
def token(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, signing_env: SigningEnv
) -> Path:
    require_tools("softhsm2-util", packages="softhsm2")
    settings.MOTCUA_PKCS11_TOKEN_LABEL = TOKEN_LABEL
    settings.MOTCUA_PKCS11_USER_PIN = USER_PIN
    return softhsm_test_token(
        tmp_path_factory.mktemp("softhsm"), label=TOKEN_LABEL, user_pin=USER_PIN
    )


def test_keyfile_credential_signs_and_is_audited(signing_env: SigningEnv) -> None:
    # given
    now = timezone.now()
    leader = UserFactory.create(full_name="Lê Thị Hương")
    credential = keyfile_enrol(user=leader, pki=signing_env.pki, at=now)
    timed = {"plugin": credential.plugin, "outcome": "ok"}
    signatures = REGISTRY.get_sample_value("motcua_signature_duration_seconds_count", timed) or 0
    # when
    signed = pdf_sign(
        pdf=sample_pdf(), credential=credential, field_name="LD", reason="", location="", at=now
    )
    # then
    assert REGISTRY.get_sample_value("motcua_signature_duration_seconds_count", timed) == (
        signatures + 1
    )
    assert credential_for(user=leader, at=now) == credential
    assert pdf_verify(pdf=signed).ok
    assert AuditEntry.objects.filter(
        action="signing.credential_register", object_id=credential.fingerprint
    ).exists()
    assert keyfile_enrol(user=leader, pki=signing_env.pki, at=now) == credential  # idempotent


def test_a_revoked_or_expired_credential_signs_nothing(signing_env: SigningEnv) -> None:
    # given
    now = timezone.now()
    credential = keyfile_enrol(user=UserFactory.create(), pki=signing_env.pki, at=now)
    credential_revoke(credential=credential, at=now, pki=signing_env.pki)
    # when / then
    with pytest.raises(SigningFailed, match="thu hồi"):
        pdf_sign(
            pdf=sample_pdf(), credential=credential, field_name="X", reason="", location="", at=now
        )
    assert credential_for(user=credential.user, at=now) is None  # type: ignore[arg-type]
    other = keyfile_enrol(user=UserFactory.create(), pki=signing_env.pki, at=now)
    with pytest.raises(SigningFailed, match="không còn hiệu lực"):
        pdf_sign(
            pdf=sample_pdf(),
            credential=other,
            field_name="X",
            reason="",
            location="",
            at=now + timedelta(days=365 * 4),
        )


def test_softhsm_key_is_made_inside_the_token_and_signs(
    token: Path, signing_env: SigningEnv, nss_dir: str, tmp_path: Path
) -> None:
    # given
    now = timezone.now()
    leader = UserFactory.create(full_name="Lê Thị Hương", username="lanhdao.token")
    # when
    credential = pkcs11_enrol(user=leader, pki=signing_env.pki, at=now)
    signed = pdf_sign(
        pdf=sample_pdf(),
        credential=credential,
        field_name="LanhDao",
        reason="Phê duyệt kết quả",
        location="Hà Nội",
        at=now,
    )
    # then: the private key is on the token, sensitive and never extractable
    session = token_session(label=TOKEN_LABEL, user_pin=USER_PIN)
    try:
        key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=credential.reference)
        assert key[Attribute.SENSITIVE] is True
        assert key[Attribute.EXTRACTABLE] is False
        stored = list(
            session.get_objects(
                {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: credential.reference}
            )
        )
        assert len(stored) == 1
    finally:
        session.close()
    assert credential.plugin == "pkcs11"
    report = pdf_verify(pdf=signed)
    assert report.ok, report.all_problems()
    assert report.signatures[0].signer == "Lê Thị Hương"
    path = tmp_path / "token.pdf"
    path.write_bytes(signed)
    (seen,) = pdfsig(path, nss_dir)
    assert seen.signature_valid
    assert seen.certificate_status == "Certificate is Trusted."
