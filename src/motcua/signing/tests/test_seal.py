"""Agency seals: an organisation certificate per agency that issues slips, key file or token."""

from io import StringIO
from pathlib import Path

import pytest
from cryptography.x509.oid import NameOID
from django.core.management import CommandError, call_command
from django.utils import timezone
from pkcs11 import Attribute, ObjectClass
from pytest_django.fixtures import Settings

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import (
    AgencyFactory,
    OneStopUnitFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from motcua.signing.contrib.pkcs11.token import token_session
from motcua.signing.enrol import seal_enrol, seal_keyfile_enrol
from motcua.signing.models import SigningCredential
from motcua.signing.selectors import credential_for, seal_for, slip_issuers
from motcua.signing.services import credential_certificate, pdf_sign
from motcua.signing.tests.conftest import SigningEnv
from motcua.signing.tests.documents import sample_pdf
from motcua.signing.verification import pdf_verify
from motcua_dev.testing.processes import require_tools
from motcua_dev.testing.signing import softhsm_test_token

pytestmark = pytest.mark.django_db

#: SoftHSM2 reads its configuration once per process: the same token as test_credentials.
TOKEN_LABEL = "motcua-test"
USER_PIN = "test-user-pin"


def _subject(credential: SigningCredential, oid: object) -> str:
    values = credential_certificate(credential).subject.get_attributes_for_oid(oid)  # type: ignore[arg-type]
    return str(values[0].value)


def test_keyfile_seal_names_the_agency_and_signs(signing_env: SigningEnv) -> None:
    # given a one-stop centre under its provincial people's committee
    now = timezone.now()
    committee = AgencyFactory.create(name="Ủy ban nhân dân Thành phố Hà Nội")
    centre = AgencyFactory.create(
        name="Trung tâm Phục vụ hành chính công Thành phố Hà Nội", parent=committee
    )
    # when its seal is enrolled
    seal = seal_keyfile_enrol(agency=centre, pki=signing_env.pki, at=now)
    signed = pdf_sign(
        pdf=sample_pdf(), credential=seal, field_name="DauCoQuan", reason="", location="", at=now
    )
    # then the certificate is the agency's, answering to the committee, in its province
    assert _subject(seal, NameOID.COMMON_NAME) == centre.name
    assert _subject(seal, NameOID.ORGANIZATION_NAME) == committee.name
    assert _subject(seal, NameOID.LOCALITY_NAME) == centre.administrative_unit.name
    assert seal.user is None
    assert seal_for(agency=centre, at=now) == seal
    assert seal_for(agency=committee, at=now) is None
    assert seal_keyfile_enrol(agency=centre, pki=signing_env.pki, at=now) == seal  # idempotent
    report = pdf_verify(pdf=signed)
    assert report.ok, report.all_problems()
    assert report.signatures[0].signer == centre.name


def test_an_officers_certificate_is_no_seal_and_a_seal_no_officers_certificate(
    signing_env: SigningEnv,
) -> None:
    now = timezone.now()
    agency = AgencyFactory.create()
    officer = UserFactory.create()
    RoleAssignmentFactory.create(user=officer, agency=agency, role=Role.LEADER)
    seal_keyfile_enrol(agency=agency, pki=signing_env.pki, at=now)

    assert credential_for(user=officer, at=now) is None
    assert SigningCredential.objects.filter(agency=agency, user__isnull=True).count() == 1


def test_seal_generated_inside_the_token(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, signing_env: SigningEnv
) -> None:
    require_tools("softhsm2-util", packages="softhsm2")
    settings.MOTCUA_PKCS11_TOKEN_LABEL = TOKEN_LABEL
    settings.MOTCUA_PKCS11_USER_PIN = USER_PIN
    settings.MOTCUA_SIGNER = "pkcs11"
    softhsm_test_token(tmp_path_factory.mktemp("softhsm"), label=TOKEN_LABEL, user_pin=USER_PIN)
    now = timezone.now()
    agency = AgencyFactory.create(name="Sở Tư pháp thử")

    seal = seal_enrol(agency=agency, pki=signing_env.pki, at=now)
    signed = pdf_sign(
        pdf=sample_pdf(), credential=seal, field_name="DauCoQuan", reason="", location="", at=now
    )

    assert seal.plugin == "pkcs11"
    assert seal_enrol(agency=agency, pki=signing_env.pki, at=now) == seal
    session = token_session(label=TOKEN_LABEL, user_pin=USER_PIN)
    try:
        key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=seal.reference)
        assert key[Attribute.EXTRACTABLE] is False
    finally:
        session.close()
    assert pdf_verify(pdf=signed).ok
    assert not (Path(signing_env.pki.directory) / "signers" / f"{seal.reference}.key").exists()


def test_slip_issuers_are_one_stop_hosts_and_staffed_agencies() -> None:
    centre = AgencyFactory.create()
    OneStopUnitFactory.create(agency=centre)
    competent = AgencyFactory.create()
    RoleAssignmentFactory.create(user=UserFactory.create(), agency=competent, role=Role.LEADER)
    AgencyFactory.create()  # neither: issues nothing

    assert slip_issuers() == sorted([centre, competent], key=lambda a: a.code)


def test_signing_ca_seal_command(signing_env: SigningEnv) -> None:
    agency = AgencyFactory.create()
    out = StringIO()

    call_command("signing-ca", "seal", agency.code, stdout=out)

    assert agency.code in out.getvalue()
    assert seal_for(agency=agency, at=timezone.now()) is not None
    with pytest.raises(CommandError):
        call_command("signing-ca", "seal", "000.00.00.X00", stdout=StringIO())
