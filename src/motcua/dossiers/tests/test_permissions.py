"""Who may do what now: the service, the back office and the API give the same answer.

For a table of dossiers in each open status and of users in each role, the actions
:func:`dossier_actions_for` lists are the ones the back-office page offers, the ones the API reports,
and the ones :func:`dossier_transition` lets the user attempt (any other attempt is refused before
anything is written).
"""

from collections.abc import Callable

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.permissions import ActorNotAllowed, dossier_actions_for
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.factories import AT, World, build_world, submit
from motcua.dossiers.workflow import TRANSITIONS, Action, TransitionNotAllowed

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
        assert _api_reports(user, dossier) in (allowed, None), (state, role)
        offered = _back_office_offers(user, dossier)
        assert offered in (allowed, None), (state, role)
        if role in ("receiver", "specialist", "leader"):
            assert offered is not None, (state, role)
            assert _api_reports(user, dossier) is not None, (state, role)


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
