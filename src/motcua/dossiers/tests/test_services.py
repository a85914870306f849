import hashlib
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CommuneFactory, RoleAssignmentFactory
from motcua.calendar.models import DayKind
from motcua.calendar.services import calendar_day_set
from motcua.catalog.models import ProcessStep
from motcua.core.errors import Conflict, ValidationFailed
from motcua.core.models import AuditEntry
from motcua.documents.tests.samples import photo_jpeg_with_metadata
from motcua.dossiers.models import (
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStatus,
    HandOverOutcome,
    IdempotencyRecord,
)
from motcua.dossiers.services import (
    ActorNotAllowed,
    ApplicantData,
    dossier_transition,
)
from motcua.dossiers.tests.factories import AT, JPEG, PDF, build_world, submit
from motcua.dossiers.workflow import TransitionNotAllowed
from motcua_dev.testing.threads import in_threads

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$")


def test_submit_stores_dossier_documents_event_and_audit() -> None:
    world = build_world()

    result = submit(world)

    dossier = result.dossier
    assert result.created
    assert CODE.match(dossier.code)
    assert dossier.code == "000.00.01.H26-260302-0001"
    assert dossier.receiving_agency == world.centre
    assert dossier.competent_agency == world.competent
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.current_step == 1
    # 3 working days after Monday 2 March: Thursday 5 March, end of working hours (17:00 local).
    assert dossier.due_at == datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
    # The reception step takes 60 working minutes from 09:00 local.
    assert dossier.step_due_at == datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    [document] = DossierDocument.objects.filter(dossier=dossier)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.content_type == "application/pdf"
    with default_storage.open(document.file.name) as stored:
        assert stored.read() == PDF
    [event] = DossierEvent.objects.filter(dossier=dossier)
    assert (event.seq, event.action, event.to_status) == (1, "submit", DossierStatus.RECEIVED)
    audit = AuditEntry.objects.get(chain=f"dossier:{dossier.code}")
    assert audit.action == "dossier.submit"
    assert "Nguyễn" not in str(audit.data)
    assert result.response_body["code"] == dossier.code


def test_a_photo_is_stored_without_its_gps_and_the_hash_of_what_was_sent_is_kept() -> None:
    world = build_world()
    sent = photo_jpeg_with_metadata()

    result = submit(world, documents=[("giay_gioi_thieu", "anh-giay.jpg", sent)])

    [document] = DossierDocument.objects.filter(dossier=result.dossier)
    with default_storage.open(document.file.name) as stored:
        kept = stored.read()
    with Image.open(io.BytesIO(kept)) as image:
        assert not image.getexif().get_ifd(0x8825)
        assert "comment" not in image.info
    assert document.original_sha256 == hashlib.sha256(sent).hexdigest()
    assert document.sha256 == hashlib.sha256(kept).hexdigest() != document.original_sha256
    assert document.size == len(kept)


def test_paper_dossier_after_cutoff_counts_from_next_working_day() -> None:
    world = build_world()
    friday_late = datetime(2026, 3, 6, 9, 30, tzinfo=UTC)  # Friday 16:30 local

    dossier = submit(world, at=friday_late).dossier

    assert dossier.effective_received_on.isoformat() == "2026-03-09"
    assert dossier.due_at == datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
    assert dossier.code.endswith("-260306-0001")


def test_online_dossier_is_routed_to_the_competent_agency() -> None:
    world = build_world()

    dossier = submit(
        world, channel="online", receiving_unit=None, actor=world.applicant_user
    ).dossier

    # Decided by the competent agency, received by the one-stop unit of the commune's centre.
    assert dossier.competent_agency == world.competent
    assert dossier.receiving_unit == world.unit
    assert dossier.receiving_agency == world.centre
    assert dossier.code.startswith("000.00.01.H26-")


def test_every_problem_is_reported_at_once_and_nothing_is_stored() -> None:
    world = build_world()
    big = PDF + b"0" * (10 * 1024 * 1024)

    with pytest.raises(ValidationFailed) as caught:
        submit(
            world,
            applicant=ApplicantData(kind="citizen", name="Trần Thị B", personal_id="12345"),
            form_data={"to_khai": {"full_name": 5}, "la": {}},
            documents=[
                ("giay_gioi_thieu", "anh.png", JPEG),
                ("giay_gioi_thieu", "to.pdf", big),
                ("khong_co", "x.exe", PDF),
            ],
            administrative_unit_code="99999",
        )

    paths = {p.path for p in caught.value.problems}
    assert {
        "form_data.to_khai.full_name",
        "form_data.la",
        "documents[0].content",
        "documents[1].size",
        "documents[2].component",
        "documents[2].name",
        "applicant.personal_id",
        "administrative_unit_code",
    } <= paths
    assert all(p.message for p in caught.value.problems)
    assert "phải gồm đúng 12 chữ số" in str(caught.value)
    assert not Dossier.objects.exists()
    assert not AuditEntry.objects.filter(action="dossier.submit").exists()


def test_missing_required_form_field_and_document_are_named() -> None:
    world = build_world()

    with pytest.raises(ValidationFailed) as caught:
        submit(world, form_data={"to_khai": {}}, documents=[])

    paths = {p.path for p in caught.value.problems}
    assert paths == {"form_data.to_khai.full_name", "documents.giay_gioi_thieu"}


def test_competent_agency_not_found_is_explained() -> None:
    world = build_world()
    # A commune where the deployment holds no agency at all.
    elsewhere = CommuneFactory.create(name="Xã Ngoài Vùng")

    with pytest.raises(ValidationFailed) as caught:
        submit(world, administrative_unit_code=elsewhere.code)

    [problem] = caught.value.problems
    assert problem.path == "administrative_unit_code"
    assert "cơ quan có thẩm quyền" in problem.message
    assert "chưa có Ban Chỉ huy quân sự cấp xã của Xã Ngoài Vùng" in problem.message
    assert not Dossier.objects.exists()


def test_new_applicant_data_creates_the_applicant() -> None:
    world = build_world()

    dossier = submit(
        world,
        applicant=ApplicantData(kind="citizen", name="Trần Thị Bình", personal_id="001190012345"),
    ).dossier

    assert dossier.applicant.name == "Trần Thị Bình"
    assert dossier.applicant != world.applicant


def test_idempotency_same_key_same_body_gives_same_dossier() -> None:
    world = build_world()

    first = submit(world, idempotency_key="k-1")
    again = submit(world, idempotency_key="k-1", at=AT + timedelta(minutes=5))

    assert again.dossier == first.dossier
    assert not again.created
    assert again.response_body == first.response_body
    assert Dossier.objects.count() == 1
    assert IdempotencyRecord.objects.get().dossier == first.dossier


def test_idempotency_same_key_other_body_is_refused() -> None:
    world = build_world()
    submit(world, idempotency_key="k-1")

    with pytest.raises(Conflict) as caught:
        submit(world, idempotency_key="k-1", form_data={"to_khai": {"full_name": "Khác"}})

    assert "Idempotency-Key" in caught.value.message
    assert Dossier.objects.count() == 1


def test_idempotency_keys_are_scoped_per_client() -> None:
    world = build_world()

    first = submit(world, idempotency_key="k-1", client_id="a")
    second = submit(world, idempotency_key="k-1", client_id="b")

    assert first.dossier != second.dossier


def test_codes_are_sequential_per_agency_and_day() -> None:
    world = build_world()

    codes = [submit(world, at=AT + timedelta(minutes=i)).dossier.code for i in range(5)]
    next_day = submit(world, at=AT + timedelta(days=1)).dossier.code

    assert codes == [f"000.00.01.H26-260302-{n:04d}" for n in range(1, 6)]
    assert next_day == "000.00.01.H26-260303-0001"


def test_failed_submission_leaves_no_gap() -> None:
    world = build_world()
    submit(world)
    with pytest.raises(ValidationFailed):
        submit(world, documents=[])

    assert submit(world).dossier.code.endswith("-0002")


def _walk(world_dossier: Dossier, actors: list[object], at: datetime) -> Dossier:
    dossier = world_dossier
    for n, actor in enumerate(actors):
        dossier = dossier_transition(
            dossier=dossier,
            action="complete_step",
            actor=actor,  # type: ignore[arg-type]
            at=at + timedelta(minutes=30 * (n + 1)),
        )
    return dossier


def test_full_walk_through_every_step_to_returned() -> None:
    world = build_world()
    dossier = submit(world).dossier

    statuses = []
    for actor in (world.receiver, world.specialist, world.leader, world.receiver):
        dossier = dossier_transition(
            dossier=dossier, action="complete_step", actor=actor, at=AT + timedelta(minutes=30)
        )
        statuses.append(dossier.status)

    assert statuses == [
        DossierStatus.PROCESSING,
        DossierStatus.PROCESSING,
        DossierStatus.RESULT_READY,
        DossierStatus.RETURNED,
    ]
    assert dossier.current_step is None
    assert dossier.closed_at is not None
    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    # All handed over on Monday at 09:30. Reception (due 10:00), approval (due 15:00) and return
    # fall due that day: on time. Appraisal, 480 minutes from 09:30, falls due on Tuesday: early.
    assert [e.outcome for e in events[1:]] == [
        HandOverOutcome.ON_TIME,
        HandOverOutcome.EARLY,
        HandOverOutcome.ON_TIME,
        HandOverOutcome.ON_TIME,
    ]
    assert AuditEntry.objects.filter(chain=f"dossier:{dossier.code}").count() == 5


def test_hand_over_outcome_late_after_step_due() -> None:
    world = build_world()
    dossier = submit(world).dossier

    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT + timedelta(hours=3)
    )

    event = DossierEvent.objects.get(dossier=dossier, seq=2)
    assert event.outcome == HandOverOutcome.LATE
    assert event.from_step == 1
    assert event.to_step == 2


def test_supplement_stops_and_restarts_the_clock() -> None:
    world = build_world()
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT
    )

    dossier = dossier_transition(
        dossier=dossier,
        action="request_supplement",
        actor=world.specialist,
        at=AT + timedelta(hours=1),
        reasons=["Thiếu bản sao giấy khai sinh"],
    )
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
    assert dossier.clock_stopped_at == AT + timedelta(hours=1)
    assert dossier.due_at is None

    supplemented_at = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # Tuesday 10 March 09:00
    dossier = dossier_transition(
        dossier=dossier, action="supplement", actor=world.applicant_user, at=supplemented_at
    )
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.current_step == 2
    assert dossier.clock_stopped_at is None
    # The full 3 working days again, from the supplement: Friday 13 March 17:00 local.
    assert dossier.due_at == datetime(2026, 3, 13, 10, 0, tzinfo=UTC)

    with pytest.raises(TransitionNotAllowed) as caught:
        dossier_transition(
            dossier=dossier,
            action="request_supplement",
            actor=world.specialist,
            at=supplemented_at,
            reasons=["Lần nữa"],
        )
    assert "một lần" in caught.value.message


@pytest.mark.parametrize(
    ("action", "actor_name", "status"),
    [
        ("refuse", "receiver", DossierStatus.REFUSED),
        ("stop", "leader", DossierStatus.STOPPED),
        ("withdraw", "applicant_user", DossierStatus.WITHDRAWN),
    ],
)
def test_refuse_stop_withdraw(action: str, actor_name: str, status: str) -> None:
    world = build_world()
    dossier = submit(world).dossier

    dossier = dossier_transition(
        dossier=dossier,
        action=action,
        actor=getattr(world, actor_name),
        at=AT,
        reasons=["Lý do cụ thể"],
    )

    assert dossier.status == status
    assert dossier.closed_at == AT
    event = DossierEvent.objects.get(dossier=dossier, seq=2)
    assert event.reasons == ["Lý do cụ thể"]
    with pytest.raises(TransitionNotAllowed):
        dossier_transition(dossier=dossier, action="complete_step", actor=world.receiver, at=AT)


def test_refuse_needs_reasons() -> None:
    world = build_world()
    dossier = submit(world).dossier

    with pytest.raises(ValidationFailed) as caught:
        dossier_transition(dossier=dossier, action="refuse", actor=world.receiver, at=AT)

    assert caught.value.problems[0].path == "reasons"


def test_wrong_role_is_refused_in_vietnamese() -> None:
    world = build_world()
    dossier = submit(world).dossier

    with pytest.raises(ActorNotAllowed) as caught:
        dossier_transition(dossier=dossier, action="complete_step", actor=world.specialist, at=AT)

    assert "cán bộ một cửa" in caught.value.message
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1


def test_officer_of_another_agency_cannot_act() -> None:
    world = build_world()
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT
    )

    with pytest.raises(ActorNotAllowed):
        dossier_transition(dossier=dossier, action="complete_step", actor=world.outsider, at=AT)


def test_stale_dossier_gets_a_conflict() -> None:
    world = build_world()
    dossier = submit(world).dossier
    stale = Dossier.objects.get(pk=dossier.pk)
    dossier_transition(dossier=dossier, action="complete_step", actor=world.receiver, at=AT)

    with pytest.raises(Conflict) as caught:
        dossier_transition(dossier=stale, action="complete_step", actor=world.receiver, at=AT)

    assert "người khác" in caught.value.message


def test_unknown_action_is_not_allowed() -> None:
    world = build_world()
    dossier = submit(world).dossier

    with pytest.raises(TransitionNotAllowed):
        dossier_transition(dossier=dossier, action="fly", actor=world.receiver, at=AT)


def test_steps_of_the_pinned_version_drive_the_dossier() -> None:
    world = build_world()
    dossier = submit(world).dossier

    assert ProcessStep.objects.filter(version=dossier.procedure_version).count() == 4


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_sixteen_parallel_submitters_get_gapless_unique_codes() -> None:
    world = build_world()

    results = in_threads(16, lambda i: submit(world, at=AT + timedelta(seconds=i)).dossier.code)

    assert all(isinstance(code, str) for code in results), results
    assert sorted(str(c) for c in results) == [
        f"000.00.01.H26-260302-{n:04d}" for n in range(1, 17)
    ]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_first_dossiers_of_one_new_applicant_share_one_applicant_row() -> None:
    world = build_world()
    newcomer = ApplicantData(kind="citizen", name="Lê Văn Cường", personal_id="001090054321")

    results = in_threads(4, lambda i: submit(world, applicant=newcomer).dossier.applicant_id)

    assert all(isinstance(pk, int) for pk in results), results
    assert len(set(results)) == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_duplicates_of_one_key_make_one_dossier() -> None:
    world = build_world()

    results = in_threads(4, lambda i: submit(world, idempotency_key="same").dossier.pk)

    assert len(set(results)) == 1, results
    assert Dossier.objects.count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_officers_racing_exactly_one_wins() -> None:
    world = build_world()
    dossier = submit(world).dossier
    second = RoleAssignmentFactory.create(
        agency=world.centre, role=Role.ONE_STOP_OFFICER, one_stop_unit=world.unit
    ).user
    officers = [world.receiver, second]
    copies = [Dossier.objects.get(pk=dossier.pk) for _ in officers]

    results = in_threads(
        2,
        lambda i: dossier_transition(
            dossier=copies[i], action="complete_step", actor=officers[i], at=AT
        ),
    )

    winners = [r for r in results if isinstance(r, Dossier)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1, results
    assert len(losers) == 1, results
    assert "người khác" in losers[0].message
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2


def test_due_moment_skips_a_holiday_of_the_calendar() -> None:
    world = build_world()
    calendar_day_set(
        day=date(2026, 3, 4),
        kind=DayKind.HOLIDAY,
        name="Ngày nghỉ thử",
        source="Thử",
        at=AT,
        actor="test",
    )

    dossier = submit(world).dossier

    assert dossier.due_at == datetime(2026, 3, 6, 10, 0, tzinfo=UTC)


def test_each_missing_field_of_a_form_is_named_once() -> None:
    from motcua.catalog.models import Component, ComponentKind
    from motcua.core.errors import FieldProblem
    from motcua.dossiers.services.uploads import check_forms

    component = Component(
        code="to_khai",
        name="Tờ khai",
        kind=ComponentKind.FORM,
        required=True,
        schema={
            "type": "object",
            "properties": {n: {"type": "string"} for n in ("full_name", "address", "phone")},
            "required": ["full_name", "address", "phone"],
        },
    )
    problems: list[FieldProblem] = []

    check_forms({"to_khai": {"phone": "0912345678"}}, {"to_khai": component}, problems)

    assert [p.path for p in problems] == [
        "form_data.to_khai.full_name",
        "form_data.to_khai.address",
    ]
