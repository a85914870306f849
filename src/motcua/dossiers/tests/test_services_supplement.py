"""Supplementing a dossier when asked: new documents and corrected tờ khai fields, one path."""

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from motcua.core.errors import ValidationFailed
from motcua.core.models import AuditEntry, OutboxMessage
from motcua.core.selectors import audit_verify
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, DossierStatus
from motcua.dossiers.services import ActorNotAllowed, dossier_supplement, dossier_transition
from motcua.dossiers.tasks import event_key
from motcua.dossiers.tests.factories import AT, JPEG, PDF, World, build_world, submit
from motcua.dossiers.workflow import TransitionNotAllowed

pytestmark = pytest.mark.django_db

#: Tuesday 10 March 2026, 09:00 in Hà Nội.
SUPPLEMENTED_AT = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
NEW_PDF = PDF + b"% ban sao giay khai sinh\n"


def asked(world: World) -> Dossier:
    """A dossier at appraisal whose specialist asked for a supplement."""
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT
    )
    return dossier_transition(
        dossier=dossier,
        action="request_supplement",
        actor=world.specialist,
        at=AT + timedelta(hours=1),
        reasons=["Thiếu bản sao giấy khai sinh"],
    )


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_supplement_stores_documents_with_hashes_and_restarts_the_clock() -> None:
    world = build_world()
    dossier = asked(world)
    files_before = stored_files()

    dossier = dossier_supplement(
        dossier=dossier,
        actor=world.applicant_user,
        at=SUPPLEMENTED_AT,
        note="Gửi bản sao giấy khai sinh",
        documents=[("giay_gioi_thieu", "ban-sao.pdf", NEW_PDF)],
    )

    # the clock restarts from zero, as for a supplement without documents
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.current_step == 2
    assert dossier.clock_stopped_at is None
    assert dossier.due_at == datetime(2026, 3, 13, 10, 0, tzinfo=UTC)
    # the document is stored, hashed, and its file holds the bytes sent
    added = DossierDocument.objects.get(dossier=dossier, original_name="ban-sao.pdf")
    assert added.sha256 == hashlib.sha256(NEW_PDF).hexdigest()
    assert added.content_type == "application/pdf"
    assert added.uploaded_at == SUPPLEMENTED_AT
    with default_storage.open(added.file.name) as handle:
        assert handle.read() == NEW_PDF
    assert len(stored_files()) == len(files_before) + 1
    # the history row lists it, the audit row carries its hash, the outbox has the event
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert event is not None
    assert event.action == "supplement"
    assert "Gửi bản sao giấy khai sinh" in event.note
    assert "Giấy giới thiệu di chuyển: ban-sao.pdf" in event.note
    audit = AuditEntry.objects.filter(chain=f"dossier:{dossier.code}").order_by("-pk").first()
    assert audit is not None
    assert audit.action == "dossier.supplement"
    assert audit.data["documents"] == [["giay_gioi_thieu", added.sha256]]
    assert OutboxMessage.objects.filter(key=event_key(code=dossier.code, seq=event.seq)).exists()
    assert audit_verify() is None


def test_supplement_merges_corrected_form_fields() -> None:
    world = build_world()
    dossier = asked(world)

    dossier = dossier_supplement(
        dossier=dossier,
        actor=world.receiver,  # at the counter, on the applicant's written request
        at=SUPPLEMENTED_AT,
        form_data={"to_khai": {"full_name": "Nguyễn Văn Ân"}},
    )

    dossier.refresh_from_db()
    assert dossier.form_data == {"to_khai": {"full_name": "Nguyễn Văn Ân"}}
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert event is not None
    assert "to_khai.full_name" in event.note
    audit = AuditEntry.objects.filter(chain=f"dossier:{dossier.code}").order_by("-pk").first()
    assert audit is not None
    assert audit.data["form_fields"] == ["to_khai.full_name"]


def test_bad_file_and_bad_field_are_refused_together_with_nothing_stored() -> None:
    world = build_world()
    dossier = asked(world)
    documents_before = DossierDocument.objects.count()
    files_before = stored_files()

    with pytest.raises(ValidationFailed) as caught:
        dossier_supplement(
            dossier=dossier,
            actor=world.applicant_user,
            at=SUPPLEMENTED_AT,
            documents=[
                ("giay_gioi_thieu", "ban-sao.pdf", JPEG),  # not what its name says
                ("giay_gioi_thieu", "dung.pdf", NEW_PDF),  # good, but not stored either
                ("khong_co", "khac.pdf", NEW_PDF),
            ],
            form_data={"to_khai": {"full_name": 12}},
        )

    paths = {p.path for p in caught.value.problems}
    assert paths == {
        "documents[0].content",
        "documents[2].component",
        "form_data.to_khai.full_name",
    }
    assert "không phải là tệp PDF" in " ".join(p.message for p in caught.value.problems)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
    assert dossier.form_data == {"to_khai": {"full_name": "Nguyễn Văn An"}}
    assert DossierDocument.objects.count() == documents_before
    assert stored_files() == files_before
    assert not AuditEntry.objects.filter(action="dossier.supplement").exists()


def test_wrong_actor_is_refused_with_nothing_stored() -> None:
    world = build_world()
    dossier = asked(world)
    files_before = stored_files()

    with pytest.raises(ActorNotAllowed):
        dossier_supplement(
            dossier=dossier,
            actor=world.outsider,
            at=SUPPLEMENTED_AT,
            documents=[("giay_gioi_thieu", "ban-sao.pdf", NEW_PDF)],
        )

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
    assert not DossierDocument.objects.filter(original_name="ban-sao.pdf").exists()
    assert stored_files() == files_before


def test_supplement_only_when_asked() -> None:
    world = build_world()
    dossier = submit(world).dossier

    with pytest.raises(TransitionNotAllowed):
        dossier_supplement(
            dossier=dossier,
            actor=world.applicant_user,
            at=SUPPLEMENTED_AT,
            documents=[("giay_gioi_thieu", "ban-sao.pdf", NEW_PDF)],
        )

    assert not DossierDocument.objects.filter(original_name="ban-sao.pdf").exists()


def test_the_restarted_clock_counts_the_term_of_the_dossier_channel() -> None:
    # given a version of three working days, one working day at the counter
    world = build_world(
        channels=["direct", "online"],
        processing_terms=[{"value": 1, "unit": "working_days", "channel": "direct"}],
    )
    dossier = asked(world)
    assert submit(world).dossier.due_at == datetime(2026, 3, 3, 10, 0, tzinfo=UTC)

    dossier = dossier_supplement(
        dossier=dossier, actor=world.applicant_user, at=SUPPLEMENTED_AT, note="Bổ sung"
    )

    # then the counter dossier restarts on its one day: Wednesday 11 March, 17:00 in Hà Nội
    assert dossier.due_at == datetime(2026, 3, 11, 10, 0, tzinfo=UTC)
