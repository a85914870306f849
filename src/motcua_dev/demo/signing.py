"""Demo signing: the local CA, a certificate for every leader and specialist, and a seal for every
agency that issues slips, each key where ``MOTCUA_SIGNER`` says (``keyfile``: PEM files;
``pkcs11``: the project's SoftHSM2 token)."""

from datetime import datetime
from pathlib import Path

from django.conf import settings

from motcua.accounts.models import Role, RoleAssignment
from motcua.signing.contrib.pkcs11.token import softhsm_project_token
from motcua.signing.enrol import officer_enrol, seal_enrol
from motcua.signing.pki import Pki, pki_init
from motcua.signing.selectors import slip_issuers


def seals_load(*, pki: Pki, at: datetime) -> None:
    for agency in slip_issuers():
        seal_enrol(agency=agency, pki=pki, at=at)


def load(*, at: datetime) -> None:
    pki = pki_init(directory=Path(settings.MOTCUA_PKI_DIR), at=at)
    if settings.MOTCUA_SIGNER == "pkcs11":
        softhsm_project_token()
    assignments = RoleAssignment.objects.filter(
        role__in=[Role.LEADER, Role.SPECIALIST], valid_to__isnull=True
    ).select_related("user", "agency")
    for assignment in assignments.order_by("pk"):
        officer_enrol(user=assignment.user, pki=pki, at=at, organisation=assignment.agency.name)
    seals_load(pki=pki, at=at)
