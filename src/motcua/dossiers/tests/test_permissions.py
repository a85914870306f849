"""Who may do what now: the service, the back office and the API give the same answer.

For a table of dossiers in each open status and of users in each role, the actions
:func:`dossier_actions_for` lists are the ones the back-office page offers, the ones the API reports,
and the ones :func:`dossier_transition` lets the user attempt (any other attempt is refused before
anything is written).
"""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.accounts.models import Agency, Role, User
from motcua.accounts.tests.factories import AgencyFactory, RoleAssignmentFactory, UserFactory
from motcua.catalog.models import ProcessStep
from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier, DossierConsultation, DossierStatus
from motcua.dossiers.permissions import (
    ActorNotAllowed,
    check_performer,
    consultation_for,
    dossier_actions_for,
    rescheduled_before,
    set_holder,
    step_agency,
    supplement_requested_before,
)
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.factories import AT, World, build_world, submit
from motcua.dossiers.workflow import TRANSITIONS, Action, Performer, TransitionNotAllowed

pytestmark = pytest.mark.django_db

ROLES = ("receiver", "specialist", "leader", "outsider", "applicant_user")


class _RolledBack(Exception):
    pass


def _received(world: World) -> Dossier:
    return submit(world).dossier


def _moved(*steps: tuple[str, str]) -> Callable[[World], Dossier]:
    """A dossier submitted, then moved by each ``(action, role)`` in turn."""

    def build(world: World) -> Dossier:
        dossier = submit(world).dossier
        for action, role in steps:
            dossier = dossier_transition(
                dossier=dossier, action=action, actor=getattr(world, role), at=AT, reasons=["Lý do"]
            )
        return dossier

    return build


STATES: dict[str, Callable[[World], Dossier]] = {
    "received": _received,
    "at_appraisal": _moved(("complete_step", "receiver")),
    "at_approval": _moved(("complete_step", "receiver"), ("complete_step", "specialist")),
    "supplement_requested": _moved(
        ("complete_step", "receiver"), ("request_supplement", "specialist")
    ),
    "supplied": _moved(
        ("complete_step", "receiver"),
        ("request_supplement", "specialist"),
        ("supplement", "applicant_user"),
    ),
    "result_ready": _moved(
        ("complete_step", "receiver"),
        ("complete_step", "specialist"),
        ("complete_step", "leader"),
    ),
    "returned": _moved(
        ("complete_step", "receiver"),
        ("complete_step", "specialist"),
        ("complete_step", "leader"),
        ("complete_step", "receiver"),
    ),
}


def _back_office_offers(user: User, dossier: Dossier) -> set[str] | None:
    """The actions the officer's dossier page offers (``None``: the page is not theirs)."""
    client = Client()
    client.force_login(user)
    response = client.get(f"/can-bo/ho-so/{dossier.code}/")
    if response.status_code != 200:
        return None
    context = response.context
    offered = {str(choice.action) for choice in context["actions"]}
    for action, form in (
        (Action.APOLOGY_APPROVE, "apology_form"),
        (Action.CONSULT_REQUEST, "consult_form"),
        (Action.CONSULT_ANSWER, "answer_form"),
    ):
        if context[form] is not None:
            offered.add(str(action))
    return offered


def _api_reports(user: User, dossier: Dossier) -> set[str] | None:
    """The actions the API's dossier answer lists (``None``: the dossier is not theirs)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    response = client.get(f"/api/v1/dossiers/{dossier.code}/")
    if response.status_code != 200:
        return None
    return set(response.json()["actions"])


def _service_lets_attempt(user: User, dossier: Dossier, action: str) -> bool:
    """Whether the service lets ``user`` attempt ``action``: it may still refuse the input (no
    reasons, no agencies), but not the user. Whatever it did is rolled back."""
    try:
        with transaction.atomic():
            dossier_transition(
                dossier=Dossier.objects.get(pk=dossier.pk),
                action=action,
                actor=user,
                at=timezone.now(),
                reasons=["Lý do"],
            )
            raise _RolledBack
    except _RolledBack:
        return True
    except (ActorNotAllowed, TransitionNotAllowed):
        return False
    except DomainError:
        return True


@pytest.mark.parametrize("state", list(STATES))
def test_the_service_the_back_office_and_the_api_agree(state: str) -> None:
    world = build_world()
    dossier = STATES[state](world)
    status_actions = {str(t.action) for t in TRANSITIONS if dossier.status in t.sources}
    for role in ROLES:
        user: User = getattr(world, role)
        allowed = {
            str(a) for a in dossier_actions_for(user=user, dossier=dossier, on=timezone.localdate())
        }
        assert allowed <= status_actions, (state, role)
        attempted = {a for a in status_actions if _service_lets_attempt(user, dossier, a)}
        assert attempted == allowed, (state, role)
        # The API answers the applicant about their own dossier and the officers of the agencies
        # it passes through; the back office opens to those officers only; an officer of an
        # unrelated agency finds nothing in either.
        expected = {
            "outsider": (None, None),
            "applicant_user": (allowed, None),
        }.get(role, (allowed, allowed))
        assert (_api_reports(user, dossier), _back_office_offers(user, dossier)) == expected, (
            state,
            role,
        )


def test_the_table_covers_every_role_with_something_to_do() -> None:
    """Guards the table above: each role is offered some action in some state, and the outsider
    none, so that agreement is not reached by everyone being offered nothing."""
    world = build_world()
    offered: dict[str, set[str]] = {role: set() for role in ROLES}
    for build in STATES.values():
        dossier = build(world)
        for role in ROLES:
            offered[role] |= {
                str(a)
                for a in dossier_actions_for(
                    user=getattr(world, role), dossier=dossier, on=timezone.localdate()
                )
            }
    assert offered["outsider"] == set()
    assert {"complete_step", "refuse"} <= offered["receiver"]
    assert {"complete_step", "request_supplement"} <= offered["specialist"]
    assert {"complete_step", "apology_approve", "stop"} <= offered["leader"]
    assert {"supplement", "withdraw"} <= offered["applicant_user"]


def test_a_second_supplement_request_is_not_offered() -> None:
    world = build_world()
    dossier = STATES["supplied"](world)
    assert dossier.status == DossierStatus.PROCESSING
    assert Action.REQUEST_SUPPLEMENT not in dossier_actions_for(
        user=world.specialist, dossier=dossier, on=timezone.localdate()
    )
    assert not _service_lets_attempt(world.specialist, dossier, Action.REQUEST_SUPPLEMENT)


# The rule itself, case by case: who acts at each kind of step, for the applicant, as a leader,
# as a consulted agency (Decree 61/2018/NĐ-CP Art. 16-19 and Circular 01/2018/TT-VPCP: the
# one-stop unit receives and returns, the competent agency appraises and decides).

ON = date(2026, 3, 2)


def _officer(agency: Agency, role: str, **kwargs: Any) -> User:
    user: User = UserFactory.create()
    RoleAssignmentFactory.create(user=user, agency=agency, role=role, **kwargs)
    return user


def _step(world: World, order: int) -> ProcessStep:
    return ProcessStep.objects.get(version=world.version, order=order)


def _refusal(**kwargs: Any) -> str:
    with pytest.raises(ActorNotAllowed) as refused:
        check_performer(on=ON, **kwargs)
    return refused.value.message


def test_reception_and_return_run_in_the_receiving_agency_the_rest_in_the_competent_one() -> None:
    world = build_world()
    dossier = _received(world)
    assert step_agency(dossier, Role.ONE_STOP_OFFICER) == world.centre
    assert step_agency(dossier, Role.SPECIALIST) == world.competent
    assert step_agency(dossier, Role.LEADER) == world.competent


def test_the_holder_is_the_current_step_s_role_in_its_agency() -> None:
    world = build_world()
    dossier = _received(world)
    steps = list(ProcessStep.objects.filter(version=world.version).order_by("order"))
    dossier.current_step = 1
    set_holder(dossier, steps)
    assert (dossier.current_role, dossier.current_agency_id) == (
        "one_stop_officer",
        world.centre.pk,
    )
    dossier.current_step = 2
    set_holder(dossier, steps)
    assert (dossier.current_role, dossier.current_agency_id) == ("specialist", world.competent.pk)
    dossier.current_step = 3
    set_holder(dossier, steps)
    assert (dossier.current_role, dossier.current_agency_id) == ("leader", world.competent.pk)
    # past the last step (closed) nobody holds it
    dossier.current_step = 5
    set_holder(dossier, steps)
    assert (dossier.current_role, dossier.current_agency_id) == ("", None)


def test_nobody_acts_without_logging_in() -> None:
    world = build_world()
    dossier = _received(world)
    for performer in Performer:
        message = _refusal(performer=performer, dossier=dossier, step=_step(world, 1), actor=None)
        assert message == "Cần đăng nhập để xử lý hồ sơ."


def test_the_applicant_or_a_one_stop_officer_for_them_acts_as_the_applicant() -> None:
    world = build_world()
    dossier = _received(world)
    at_competent = _officer(world.competent, Role.ONE_STOP_OFFICER)
    for actor in (world.applicant_user, world.receiver, at_competent):
        check_performer(
            performer=Performer.APPLICANT, dossier=dossier, step=None, actor=actor, on=ON
        )
    # another citizen, the agency's specialist or leader, a one-stop officer elsewhere: no
    stranger = UserFactory.create()
    elsewhere = _officer(world.outsider.role_assignments.get().agency, Role.ONE_STOP_OFFICER)
    for actor in (stranger, world.specialist, world.leader, elsewhere):
        message = _refusal(performer=Performer.APPLICANT, dossier=dossier, step=None, actor=actor)
        assert message == (
            "Chỉ người nộp hồ sơ hoặc cán bộ một cửa tiếp nhận mới được thực hiện thao tác này."
        )


def test_a_dossier_filed_without_an_account_is_acted_on_only_at_the_counter() -> None:
    world = build_world()
    dossier = _received(world)
    dossier.applicant.user = None
    check_performer(
        performer=Performer.APPLICANT, dossier=dossier, step=None, actor=world.receiver, on=ON
    )
    _refusal(performer=Performer.APPLICANT, dossier=dossier, step=None, actor=world.applicant_user)


def test_only_a_leader_of_the_competent_agency_acts_as_leader() -> None:
    world = build_world()
    dossier = _received(world)
    check_performer(
        performer=Performer.LEADER, dossier=dossier, step=None, actor=world.leader, on=ON
    )
    leader_elsewhere = _officer(world.centre, Role.LEADER)
    for actor in (world.specialist, world.receiver, leader_elsewhere):
        message = _refusal(performer=Performer.LEADER, dossier=dossier, step=None, actor=actor)
        assert message == "Chỉ lãnh đạo Ban Chỉ huy quân sự xã thử mới được thực hiện thao tác này."


def test_a_role_acts_only_on_the_days_it_is_held() -> None:
    world = build_world()
    dossier = _received(world)
    ended = _officer(world.competent, Role.LEADER, valid_to=ON)
    _refusal(performer=Performer.LEADER, dossier=dossier, step=None, actor=ended)
    check_performer(
        performer=Performer.LEADER, dossier=dossier, step=None, actor=ended, on=ON - timedelta(1)
    )


def test_a_step_is_taken_by_its_role_in_its_agency() -> None:
    world = build_world()
    dossier = _received(world)
    reception, appraisal, approval = (_step(world, n) for n in (1, 2, 3))
    check_performer(
        performer=Performer.STEP_ROLE, dossier=dossier, step=reception, actor=world.receiver, on=ON
    )
    # a one-stop officer of the competent agency may also receive and return for it
    at_competent = _officer(world.competent, Role.ONE_STOP_OFFICER)
    check_performer(
        performer=Performer.STEP_ROLE, dossier=dossier, step=reception, actor=at_competent, on=ON
    )
    check_performer(
        performer=Performer.STEP_ROLE,
        dossier=dossier,
        step=appraisal,
        actor=world.specialist,
        on=ON,
    )
    check_performer(
        performer=Performer.STEP_ROLE, dossier=dossier, step=approval, actor=world.leader, on=ON
    )
    message = _refusal(
        performer=Performer.STEP_ROLE, dossier=dossier, step=reception, actor=world.specialist
    )
    assert message == (
        "Bước “Tiếp nhận hồ sơ” do cán bộ một cửa của Trung tâm Phục vụ hành chính công xã thử "
        "thực hiện; bạn không có vai trò này."
    )
    # the centre's specialist is not the competent agency's
    centre_specialist = _officer(world.centre, Role.SPECIALIST)
    message = _refusal(
        performer=Performer.STEP_ROLE, dossier=dossier, step=appraisal, actor=centre_specialist
    )
    assert message == (
        "Bước “Thẩm định” do chuyên viên của Ban Chỉ huy quân sự xã thử thực hiện; bạn không có "
        "vai trò này."
    )
    _refusal(performer=Performer.STEP_ROLE, dossier=dossier, step=approval, actor=world.specialist)


def test_no_step_no_step_action() -> None:
    world = build_world()
    dossier = _received(world)
    with pytest.raises(TransitionNotAllowed) as refused:
        check_performer(
            performer=Performer.STEP_ROLE,
            dossier=dossier,
            step=None,
            actor=world.specialist,
            on=ON,
        )
    assert not isinstance(refused.value, ActorNotAllowed)
    assert refused.value.message == "Hồ sơ không ở bước xử lý nào."


def _consult(dossier: Dossier, agency: Agency, *, due_days: int) -> DossierConsultation:
    return DossierConsultation.objects.create(
        dossier=dossier, agency=agency, requested_at=AT, due_at=AT + timedelta(days=due_days)
    )


def test_a_consulted_agency_answers_once_the_earliest_request_first() -> None:
    world = build_world()
    dossier = _received(world)
    consulted = AgencyFactory.create(code="000.00.50.H26", name="Công an xã thử")
    second = AgencyFactory.create(code="000.00.51.H26", name="Phòng Tư pháp thử")
    officer = _officer(consulted, Role.SPECIALIST)
    RoleAssignmentFactory.create(user=officer, agency=second, role=Role.SPECIALIST)
    late_one = _consult(dossier, second, due_days=5)
    first = _consult(dossier, consulted, due_days=3)
    assert consultation_for(dossier=dossier, actor=officer, on=ON) == first
    check_performer(performer=Performer.CONSULTED, dossier=dossier, step=None, actor=officer, on=ON)
    # an officer of an agency not consulted may not answer
    message = _refusal(
        performer=Performer.CONSULTED, dossier=dossier, step=None, actor=world.specialist
    )
    assert message == (
        "Chỉ cán bộ của cơ quan được lấy ý kiến và chưa trả lời mới được trả lời ý kiến."
    )
    assert consultation_for(dossier=dossier, actor=world.specialist, on=ON) is None
    # a request on another dossier is no request on this one
    assert consultation_for(dossier=_received(world), actor=officer, on=ON) is None
    # once the first answered, the other request is the open one; once both did, no second answer
    first.answered_at = AT
    first.save()
    assert consultation_for(dossier=dossier, actor=officer, on=ON) == late_one
    late_one.answered_at = AT
    late_one.save()
    with pytest.raises(TransitionNotAllowed) as refused:
        consultation_for(dossier=dossier, actor=officer, on=ON, lock=True)
    assert refused.value.message == (
        "Công an xã thử đã trả lời ý kiến phối hợp cho hồ sơ này; mỗi cơ quan chỉ trả lời một lần."
    )
    assert [(p.path, p.message) for p in refused.value.problems] == [
        ("action", "Đã trả lời trước đó.")
    ]


def test_a_consulted_officer_answers_only_while_holding_the_role() -> None:
    world = build_world()
    dossier = _received(world)
    consulted = AgencyFactory.create(code="000.00.50.H26", name="Công an xã thử")
    _consult(dossier, consulted, due_days=3)
    ended = _officer(consulted, Role.SPECIALIST, valid_to=ON)
    starting = _officer(consulted, Role.SPECIALIST, valid_from=ON + timedelta(1))
    still = _officer(consulted, Role.SPECIALIST, valid_from=ON, valid_to=ON + timedelta(1))
    assert consultation_for(dossier=dossier, actor=ended, on=ON) is None
    assert consultation_for(dossier=dossier, actor=ended, on=ON - timedelta(1)) is not None
    assert consultation_for(dossier=dossier, actor=starting, on=ON) is None
    assert consultation_for(dossier=dossier, actor=still, on=ON) is not None


def test_a_supplement_is_asked_once_and_a_new_date_set_once() -> None:
    # Decree 61/2018/NĐ-CP Art. 16(2): the applicant is asked to complete the dossier once only;
    # the apology's new return date (Art. 19(9)) is set once and only with a running deadline.
    assert not supplement_requested_before(Dossier(supplement_requested_count=0))
    assert supplement_requested_before(Dossier(supplement_requested_count=1))
    assert supplement_requested_before(Dossier(supplement_requested_count=2))
    assert not rescheduled_before(Dossier(rescheduled_once=False, due_at=AT))
    assert rescheduled_before(Dossier(rescheduled_once=True, due_at=AT))
    assert rescheduled_before(Dossier(rescheduled_once=False, due_at=None))


def test_a_leader_is_not_offered_a_second_new_date() -> None:
    world = build_world()
    dossier = STATES["at_approval"](world)
    assert Action.APOLOGY_APPROVE in dossier_actions_for(user=world.leader, dossier=dossier, on=ON)
    dossier.rescheduled_once = True
    assert Action.APOLOGY_APPROVE not in dossier_actions_for(
        user=world.leader, dossier=dossier, on=ON
    )
