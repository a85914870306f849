"""``load-demo`` makes the demo ready to sign: the local CA, and a certificate for every demo
leader and specialist, its key where ``MOTCUA_SIGNER`` says."""

import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from motcua.accounts.models import Role, RoleAssignment
from motcua.dossiers.models import Dossier, DossierResult, DossierStatus
from motcua.dossiers.results import result_bytes
from motcua.dossiers.tests.judicial_record import TO_THE_RESULT, received_at_the_counter, walked
from motcua.signing.models import SigningCredential
from motcua.signing.verification import pdf_verify
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo import signing as signing_demo
from motcua_dev.testing.processes import require_tools
from motcua_dev.testing.signing import run_tsa_sim, softhsm_test_token

#: Walks a judicial record dossier of the demo to its signed result, in the demo's own database,
#: and prints what came of it.
SIGN_A_DEMO_RESULT = """
import json
from django.utils import timezone
from motcua.dossiers.results import result_bytes
from datetime import timedelta
from motcua.dossiers.tests.judicial_record import TO_THE_RESULT, received_at_the_counter, walked
from motcua.signing.verification import pdf_verify

at = timezone.now() - timedelta(minutes=5)
dossier = walked(
    received_at_the_counter(at=at), by=TO_THE_RESULT, at=at, every=timedelta(seconds=30)
)
result = dossier.results.get()
report = pdf_verify(pdf=result_bytes(result))
print(json.dumps({"status": dossier.status, "ok": report.ok,
                  "signers": [s["username"] for s in result.signatures]}))
"""


def _motcua(*args: str, env: dict[str, str], timeout: int = 600) -> str:
    done = subprocess.run(
        [str(Path(sys.executable).with_name("motcua")), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _fresh_environment(var: Path) -> dict[str, str]:
    """This machine's environment with the settings the tests changed taken out: the demo's own
    SQLite file, CA and token all live in ``var``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("MOTCUA_")
        and key not in {"DATABASE_URL", "SOFTHSM2_CONF", "DJANGO_SETTINGS_MODULE"}
    }
    env["MOTCUA_VAR_DIR"] = str(var)
    return env


def test_load_demo_on_a_fresh_database_creates_the_ca_enrols_the_officers_and_can_sign(
    tmp_path: Path,
) -> None:
    # given a fresh var folder, with its own SQLite database
    var = tmp_path / "var"
    env = _fresh_environment(var)
    _motcua("migrate", "--no-input", "-v", "0", env=env)

    # when
    out = _motcua("load-demo", env=env)

    # then the local CA is there, its keys readable by the owner only
    assert "lanhdao.tuphap" in out
    pki = var / "pki"
    for name in ("root", "agency-ca", "tsa"):
        assert (pki / f"{name}.pem").is_file()
        assert stat.S_IMODE((pki / f"{name}.key").stat().st_mode) == 0o600
    assert (pki / "root.crl").is_file()
    assert (pki / "agency-ca.crl").is_file()

    # and every current leader and specialist holds a key-file credential, its key beside it
    with sqlite3.connect(var / "motcua.sqlite3") as db:
        officers = {
            row[0]
            for row in db.execute(
                "SELECT u.username FROM accounts_roleassignment a "
                "JOIN accounts_user u ON u.id = a.user_id "
                "WHERE a.role IN ('leader', 'specialist') AND a.valid_to IS NULL"
            )
        }
        credentials = dict(
            db.execute(
                "SELECT u.username, c.plugin FROM signing_signingcredential c "
                "JOIN accounts_user u ON u.id = c.user_id WHERE c.revoked_at IS NULL"
            ).fetchall()
        )
    assert {"lanhdao.tuphap", "chuyenvien.tuphap", "chuyenvien.hotich"} <= officers
    assert officers <= set(credentials)
    assert set(credentials.values()) == {"keyfile"}
    for username in officers:
        key = pki / "signers" / f"user-{username}.key"
        assert stat.S_IMODE(key.stat().st_mode) == 0o600

    # when the demo's time-stamp authority runs and a dossier walks to the leader's step
    with run_tsa_sim(pki) as tsa_url:
        walked = json.loads(
            _motcua(
                "shell", "-v", "0", "-c", SIGN_A_DEMO_RESULT, env={**env, "MOTCUA_TSA_URL": tsa_url}
            )
            .strip()
            .splitlines()[-1]
        )

    # then its result is signed by the leader and verifies
    assert walked == {"status": "result_ready", "ok": True, "signers": ["lanhdao.tuphap"]}

    # and every agency hosting a one-stop unit holds a seal (an organisation certificate)
    with sqlite3.connect(var / "motcua.sqlite3") as db:
        hosts = {r[0] for r in db.execute("SELECT agency_id FROM accounts_onestopunit")}
        sealed = {
            r[0]
            for r in db.execute(
                "SELECT agency_id FROM signing_signingcredential WHERE user_id IS NULL"
            )
        }
        (before,) = db.execute("SELECT COUNT(*) FROM signing_signingcredential").fetchone()
    assert hosts
    assert hosts <= sealed

    # and a second load-demo keeps the CA and the credentials
    root = (pki / "root.pem").read_bytes()
    _motcua("load-demo", env=env)
    assert (pki / "root.pem").read_bytes() == root
    with sqlite3.connect(var / "motcua.sqlite3") as db:
        (count,) = db.execute("SELECT COUNT(*) FROM signing_signingcredential").fetchone()
    assert count == before == len(credentials) + len(sealed)


PKCS11_LABEL = "motcua-test"
PKCS11_PIN = "test-user-pin"


@pytest.mark.django_db(transaction=True)
def test_with_motcua_signer_pkcs11_the_demo_keys_are_made_inside_the_token_and_sign(
    settings: Settings, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # given the SoftHSM2 token of this test process, and MOTCUA_SIGNER=pkcs11
    require_tools("softhsm2-util", packages="softhsm2")
    settings.MOTCUA_PKCS11_TOKEN_LABEL = PKCS11_LABEL
    settings.MOTCUA_PKCS11_USER_PIN = PKCS11_PIN
    conf = softhsm_test_token(
        tmp_path_factory.mktemp("softhsm"), label=PKCS11_LABEL, user_pin=PKCS11_PIN
    )
    settings.MOTCUA_SOFTHSM2_CONF = str(conf)
    settings.MOTCUA_SIGNER = "pkcs11"
    now = timezone.now()
    accounts_demo.load(at=now - timedelta(days=1))
    calendar_demo.load(at=now - timedelta(days=1))
    catalog_demo.load(at=now - timedelta(days=1))

    # when the demo's signing data is loaded
    signing_demo.load(at=now - timedelta(hours=3))

    # then every leader and specialist holds a credential whose key is on the token
    officers = set(
        RoleAssignment.objects.filter(
            role__in=[Role.LEADER, Role.SPECIALIST], valid_to__isnull=True
        ).values_list("user__username", flat=True)
    )
    plugins = dict(SigningCredential.objects.values_list("user__username", "plugin"))
    assert officers <= set(plugins)
    assert set(plugins.values()) == {"pkcs11"}
    assert not (tmp_path / "pki" / "signers").exists()  # no key file anywhere

    # and when the leader completes the signing step, the token signs the result
    with run_tsa_sim(tmp_path / "pki") as tsa_url:
        settings.MOTCUA_TSA_URL = tsa_url
        dossier = _walk_to_the_result(at=now - timedelta(hours=2))
    result = DossierResult.objects.get(dossier=dossier)
    assert dossier.status == DossierStatus.RESULT_READY
    leader = SigningCredential.objects.get(user__username="lanhdao.tuphap")
    assert [s["serial"] for s in result.signatures] == [leader.serial]
    report = pdf_verify(pdf=result_bytes(result))
    assert report.ok, report.all_problems()


def _walk_to_the_result(*, at: datetime) -> Dossier:
    dossier = received_at_the_counter(at=at)
    return walked(dossier, by=TO_THE_RESULT, at=at, every=timedelta(minutes=20))
