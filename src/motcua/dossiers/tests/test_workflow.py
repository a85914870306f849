import pytest

from motcua.dossiers.models import DossierStatus
from motcua.dossiers.workflow import (
    Action,
    StepInfo,
    TransitionNotAllowed,
    actions_from,
    status_at_step,
    transition_for,
)

STEPS = [
    StepInfo(1, "one_stop_officer"),
    StepInfo(2, "specialist"),
    StepInfo(3, "leader"),
    StepInfo(4, "one_stop_officer"),
]


def test_steps_map_to_statuses() -> None:
    assert [status_at_step(steps=STEPS, order=o) for o in (1, 2, 3, 4, None)] == [
        DossierStatus.RECEIVED,
        DossierStatus.PROCESSING,
        DossierStatus.PROCESSING,
        DossierStatus.RESULT_READY,
        DossierStatus.RETURNED,
    ]


def test_terminal_statuses_allow_nothing() -> None:
    for status in ("returned", "refused", "stopped", "withdrawn"):
        assert actions_from(status) == []


def test_not_allowed_move_names_action_and_status_in_vietnamese() -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        transition_for(status=DossierStatus.RETURNED, action=Action.WITHDRAW)

    assert "Rút hồ sơ" in caught.value.message
    assert "Đã trả kết quả" in caught.value.message


def test_supplement_only_from_supplement_requested() -> None:
    assert (
        transition_for(status="supplement_requested", action="supplement").performer == "applicant"
    )
    with pytest.raises(TransitionNotAllowed):
        transition_for(status="processing", action="supplement")
