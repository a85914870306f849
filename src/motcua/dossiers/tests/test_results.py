"""The signed result: the step effect that renders, signs, stores and audits it."""

import hashlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from pytest_django.fixtures import Settings

from motcua.accounts.models import User
from motcua.catalog.steps import process_steps_of
from motcua.core.errors import Conflict, Forbidden
from motcua.core.models import AuditEntry
from motcua.dossiers.models import Dossier, DossierResult, DossierStatus
from motcua.dossiers.results import (
    result_by_verification_code,
    result_signature_prepare,
    sign_result_effect,
)
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.step_context import StepContext
from motcua.dossiers.tests.factories import AT, STEPS, World, build_world, submit
from motcua.signing.enrol import keyfile_enrol
from motcua.signing.pki import Pki, pki_init
from motcua.signing.services import pdf_sign
from motcua.signing.verification import pdf_verify
from motcua_dev.testing.processes import free_port
from motcua_dev.testing.signing import run_tsa_sim

pytestmark = pytest.mark.django_db

RESULTS = [{"kind": "certificate", "name": "Giấy xác nhận đăng ký nghĩa vụ quân sự"}]


@pytest.fixture(scope="module")
def local_ca(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Pki, str]]:
    directory = tmp_path_factory.mktemp("pki")
    pki = pki_init(directory=directory, at=timezone.now())
    with run_tsa_sim(directory) as url:
        yield pki, url


@pytest.fixture
def pki(local_ca: tuple[Pki, str], settings: Settings) -> Pki:
    settings.MOTCUA_PKI_DIR = str(local_ca[0].directory)
    settings.MOTCUA_TSA_URL = local_ca[1]
    settings.MOTCUA_PUBLIC_BASE_URL = "https://dichvucong.example.vn"
    return local_ca[0]


def _complete(dossier: Dossier, actor: User, minutes: int) -> Dossier:
    return dossier_transition(
        dossier=dossier, action="complete_step", actor=actor, at=AT + timedelta(minutes=minutes)
    )


def _world(**overrides: Any) -> World:
    world = build_world(results=RESULTS, **overrides)
    world.leader.full_name = "Lê Thị Hương"
    world.leader.save()
    world.specialist.full_name = "Trần Văn Minh"
    world.specialist.save()
    return world


def _two_signers(pki: Pki) -> World:
    """The specialist's step initials the result and the leader's signs it, both enrolled."""
    steps = [dict(s) for s in STEPS]
    steps[1]["signs_result"] = True
    steps[2]["signs_result"] = True
    world = _world(steps=steps)
    keyfile_enrol(user=world.specialist, pki=pki, at=AT)
    keyfile_enrol(user=world.leader, pki=pki, at=AT)
    return world


def _stored(name: str) -> bytes:
    with default_storage.open(name, "rb") as stored:
        data: bytes = stored.read()
    return data


def _files(root: Path) -> list[Path]:
    return [p for p in (root / "results").rglob("*") if p.is_file()] if root.exists() else []


def test_the_leader_step_signs_the_result_stores_it_and_audits_its_hash(pki: Pki) -> None:
    # given
    world = _world()
    keyfile_enrol(user=world.leader, pki=pki, at=AT)
    dossier = submit(world).dossier
    dossier = _complete(dossier, world.receiver, 10)
    dossier = _complete(dossier, world.specialist, 20)
    # when
    dossier = _complete(dossier, world.leader, 30)
    # then
    assert dossier.status == DossierStatus.RESULT_READY
    result = DossierResult.objects.get(dossier=dossier)
    data = _stored(result.file.name)
    assert hashlib.sha256(data).hexdigest() == result.sha256
    assert result.title == "Giấy xác nhận đăng ký nghĩa vụ quân sự"
    assert result.signed_at == AT + timedelta(minutes=30)
    assert [s["signer"] for s in result.signatures] == ["Lê Thị Hương"]
    report = pdf_verify(pdf=data)
    assert report.ok, report.all_problems()
    assert [s.signer for s in report.signatures] == ["Lê Thị Hương"]
    audit = AuditEntry.objects.get(chain=f"dossier:{dossier.code}", action="dossier.result_sign")
    assert audit.data["sha256"] == result.sha256
    assert result_by_verification_code(result.verification_code.lower()) == result


def test_specialist_initials_then_leader_signature_in_order(pki: Pki) -> None:
    # given: both steps marked as signing
    world = _two_signers(pki)
    dossier = _complete(submit(world).dossier, world.receiver, 10)
    # when
    dossier = _complete(dossier, world.specialist, 20)
    initialled = DossierResult.objects.get(dossier=dossier)
    dossier = _complete(dossier, world.leader, 30)
    # then
    assert initialled.signed_at is None
    assert [s["role"] for s in initialled.signatures] == ["initials"]
    result = DossierResult.objects.get(dossier=dossier)
    assert result.verification_code == initialled.verification_code
    assert [(s["signer"], s["role"]) for s in result.signatures] == [
        ("Trần Văn Minh", "initials"),
        ("Lê Thị Hương", "leader"),
    ]
    data = _stored(result.file.name)
    assert data.startswith(_stored(initialled.file.name))
    report = pdf_verify(pdf=data)
    assert report.ok, report.all_problems()
    assert [s.signer for s in report.signatures] == ["Trần Văn Minh", "Lê Thị Hương"]
    audits = AuditEntry.objects.filter(
        chain=f"dossier:{dossier.code}", action="dossier.result_sign"
    ).order_by("pk")
    assert [a.data["sha256"] for a in audits] == [initialled.sha256, result.sha256]


def test_a_leader_without_a_certificate_cannot_complete_the_signing_step(
    pki: Pki, settings: Settings
) -> None:
    # given
    world = _world()
    dossier = _complete(_complete(submit(world).dossier, world.receiver, 10), world.specialist, 20)
    # when
    with pytest.raises(Forbidden) as caught:
        _complete(dossier, world.leader, 30)
    # then
    assert "chưa có chứng thư chữ ký số" in caught.value.message
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.version == dossier.version
    assert fresh.current_step == dossier.current_step
    assert not DossierResult.objects.exists()
    assert _files(Path(settings.MEDIA_ROOT)) == []


def test_a_failed_signature_refuses_the_step_and_leaves_no_file(
    pki: Pki, settings: Settings
) -> None:
    # given: the specialist's initials succeed, then the TSA is gone when the leader signs
    world = _two_signers(pki)
    dossier = _complete(_complete(submit(world).dossier, world.receiver, 10), world.specialist, 20)
    before = _files(Path(settings.MEDIA_ROOT))
    settings.MOTCUA_TSA_URL = f"http://127.0.0.1:{free_port()}/"
    # when
    with pytest.raises(Conflict) as caught:
        _complete(dossier, world.leader, 30)
    # then
    assert "dấu thời gian" in caught.value.message
    assert _files(Path(settings.MEDIA_ROOT)) == before
    result = DossierResult.objects.get(dossier=dossier)
    assert len(result.signatures) == 1
    assert Dossier.objects.get(pk=dossier.pk).version == dossier.version


def test_public_verify_page_says_authentic_and_refuses_a_tampered_upload(
    pki: Pki, client: Any
) -> None:
    # given
    world = _world()
    keyfile_enrol(user=world.leader, pki=pki, at=AT)
    dossier = _complete(_complete(submit(world).dossier, world.receiver, 10), world.specialist, 20)
    dossier = _complete(dossier, world.leader, 30)
    result = DossierResult.objects.get(dossier=dossier)
    original = _stored(result.file.name)
    url = f"/verify/{result.verification_code}/"
    # when / then: the page, no login
    page = client.get(url)
    assert page.status_code == 200
    assert "Văn bản xác thực" in page.content.decode()
    assert result.sha256 in page.content.decode()
    # the original copy is accepted
    from django.core.files.uploadedfile import SimpleUploadedFile

    same = client.post(url, {"tep": SimpleUploadedFile("kq.pdf", original, "application/pdf")})
    assert same.status_code == 200
    assert "Tệp trùng khớp với văn bản gốc" in same.content.decode()
    # one flipped byte is refused, with the reason
    tampered = bytearray(original)
    tampered[len(tampered) // 3] ^= 0x01
    bad = client.post(
        url, {"tep": SimpleUploadedFile("kq.pdf", bytes(tampered), "application/pdf")}
    )
    assert bad.status_code == 422
    assert "không trùng khớp từng byte" in bad.content.decode()
    assert client.get("/verify/AAAA-BBBB-CCCC-DDDD/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_signature_is_made_before_the_row_is_locked(
    pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a dossier at the leader's step, and a record of the transaction state while signing
    world = _world()
    keyfile_enrol(user=world.leader, pki=pki, at=AT)
    dossier = _complete(_complete(submit(world).dossier, world.receiver, 10), world.specialist, 20)
    in_transaction: list[bool] = []

    def recording_sign(**kwargs: Any) -> bytes:
        in_transaction.append(connection.in_atomic_block)
        return pdf_sign(**kwargs)

    monkeypatch.setattr("motcua.dossiers.results.pdf_sign", recording_sign)

    # when
    dossier = _complete(dossier, world.leader, 30)

    # then: one signature, made outside any transaction, and it is the stored one
    assert in_transaction == [False]
    result = DossierResult.objects.get(dossier=dossier)
    assert result.signed_at is not None
    report = pdf_verify(pdf=_stored(result.file.name))
    assert report.ok, report.all_problems()


def test_a_signature_made_on_a_stale_copy_is_thrown_away_with_its_file(
    pki: Pki, settings: Settings
) -> None:
    # given: the leader's page still shows the dossier at the leader's step, but another
    # leader's action moved it on in between (the copy's version is behind)
    world = _world()
    keyfile_enrol(user=world.leader, pki=pki, at=AT)
    dossier = _complete(_complete(submit(world).dossier, world.receiver, 10), world.specialist, 20)
    stale = Dossier.objects.get(pk=dossier.pk)
    _complete(dossier, world.leader, 30)
    files = _files(Path(settings.MEDIA_ROOT))

    # when
    with pytest.raises(Conflict):
        _complete(stale, world.leader, 31)

    # then: nothing more is stored, and the one result keeps its one signature
    assert _files(Path(settings.MEDIA_ROOT)) == files
    result = DossierResult.objects.get(dossier=dossier)
    assert len(result.signatures) == 1


def test_a_prepared_signature_that_no_longer_fits_is_replaced_under_the_lock(
    pki: Pki, settings: Settings
) -> None:
    # given: the specialist's initials are prepared, then someone else's initials land first
    # (the draft result the preparation signed over has one signature more under the lock)
    world = _two_signers(pki)
    dossier = _complete(_complete(submit(world).dossier, world.receiver, 10), world.specialist, 20)
    steps_of = list(process_steps_of(version=dossier.procedure_version))
    leader_step = next(s for s in steps_of if s.order == dossier.current_step)
    context = StepContext(
        dossier=dossier,
        actor=world.leader,
        at=AT + timedelta(minutes=30),
        step=leader_step,
        following=None,
        steps=steps_of,
    )
    prepared = result_signature_prepare(context)
    assert prepared is not None
    draft = DossierResult.objects.get(dossier=dossier)
    draft.signatures = [*draft.signatures, {"role": "initials", "signer": "khác"}]
    draft.save(update_fields=["signatures"])

    # when: the effect runs with the stale preparation
    assert prepared.file_name in context.stored
    context.prepared_signature = prepared
    sign_result_effect(context)

    # then: its file is gone, and the signature recorded is a new one over the current draft
    assert not default_storage.exists(prepared.file_name)
    assert prepared.file_name not in context.stored
    result = DossierResult.objects.get(dossier=dossier)
    assert len(result.signatures) == 3
    assert result.file.name != prepared.file_name
    assert hashlib.sha256(_stored(result.file.name)).hexdigest() == (result.sha256)
