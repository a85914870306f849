from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.accounts.models import User
from motcua.signing.contrib.pkcs11.token import DEMO_SO_PIN, TokenError, softhsm_project_token
from motcua.signing.enrol import pkcs11_enrol
from motcua.signing.pki import PkiMissing, pki_load


class Command(BaseCommand):
    help = (
        "`init [USERNAME...]`: create the project's SoftHSM2 token (its own SOFTHSM2_CONF in the "
        "var dir, never the system one) and, for each officer named, generate a key inside it, "
        "have the local CA certify it and store the certificate on the token."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", choices=["init"])
        parser.add_argument("usernames", nargs="*")
        parser.add_argument("--so-pin", default=DEMO_SO_PIN)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = softhsm_project_token(so_pin=options["so_pin"])
            self.stdout.write(
                f"token {settings.MOTCUA_PKCS11_TOKEN_LABEL}: {'created' if created else 'kept'}"
            )
            if not options["usernames"]:
                return
            pki = pki_load(directory=Path(settings.MOTCUA_PKI_DIR))
            now = timezone.now()
            for username in options["usernames"]:
                user = User.objects.filter(username=username).first()
                if user is None:
                    raise CommandError(f"no user {username}")
                credential = pkcs11_enrol(user=user, pki=pki, at=now)
                self.stdout.write(f"{username}: {credential.subject} (key on the token)")
        except (TokenError, PkiMissing) as error:
            raise CommandError(str(error)) from error
