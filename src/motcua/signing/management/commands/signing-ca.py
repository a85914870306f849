from argparse import ArgumentParser
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.accounts.models import Agency, User
from motcua.signing.contrib.pkcs11.token import softhsm_project_token
from motcua.signing.enrol import keyfile_enrol, seal_enrol
from motcua.signing.pki import Pki, PkiMissing, pki_init, pki_load
from motcua.signing.selectors import slip_issuers


class Command(BaseCommand):
    help = (
        "The local certificate authority of the demo and the tests. `init`: create it (root, "
        "agency CA, time-stamp authority, CRLs; idempotent). `issue USERNAME...`: a key file and "
        "certificate for each officer (the keyfile signer). `seal [AGENCY_CODE...]`: the seal "
        "(organisation certificate) of each agency, by default of every agency that issues "
        "slips, its key where MOTCUA_SIGNER says."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", choices=["init", "issue", "seal"])
        parser.add_argument("usernames", nargs="*", help="Usernames (issue), agency codes (seal).")
        parser.add_argument("--dir", default=None, help="Default: the MOTCUA_PKI_DIR setting.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["dir"] or settings.MOTCUA_PKI_DIR)
        now = timezone.now()
        if options["what"] == "init":
            pki = pki_init(directory=directory, at=now)
            self.stdout.write(f"CA: {pki.root.certificate.subject.rfc4514_string()}")
            return
        try:
            pki = pki_load(directory=directory)
        except PkiMissing as error:
            raise CommandError(str(error)) from error
        if options["what"] == "seal":
            self._seals(pki, options["usernames"], now)
            return
        for username in options["usernames"]:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"no user {username}")
            credential = keyfile_enrol(user=user, pki=pki, at=now)
            self.stdout.write(f"{username}: {credential.subject} (serial {credential.serial})")

    def _seals(self, pki: Pki, codes: list[str], now: datetime) -> None:
        agencies = []
        for code in codes:
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                raise CommandError(f"no agency {code}")
            agencies.append(agency)
        if settings.MOTCUA_SIGNER == "pkcs11":
            softhsm_project_token()
        for agency in agencies or slip_issuers():
            credential = seal_enrol(agency=agency, pki=pki, at=now)
            self.stdout.write(f"{agency.code}: {credential.subject} (serial {credential.serial})")
