from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.accounts.models import User
from motcua.signing.enrol import keyfile_enrol
from motcua.signing.pki import PkiMissing, pki_init, pki_load


class Command(BaseCommand):
    help = (
        "The local certificate authority of the demo and the tests. `init`: create it (root, "
        "agency CA, time-stamp authority, CRLs; idempotent). `issue USERNAME...`: a key file and "
        "certificate for each officer (the keyfile signer)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", choices=["init", "issue"])
        parser.add_argument("usernames", nargs="*")
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
        for username in options["usernames"]:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"no user {username}")
            credential = keyfile_enrol(user=user, pki=pki, at=now)
            self.stdout.write(f"{username}: {credential.subject} (serial {credential.serial})")
