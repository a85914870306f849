import pytest
from django.utils import translation

from motcua.dossiers.models import DossierStatus
from motcua.dossiers.workflow import (
    Action,
    StepInfo,
    TransitionNotAllowed,
    action_label,
    actions_from,
    status_at_step,
    status_label,
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


# The transition table written out by hand, status by status: (target, performer, needs_reasons,
# keeps_status) for each action allowed from that status; every other action is refused. A change
# to the table in workflow.py must be made here as well, on purpose.
C = None  # the target is computed from the step walk
ALLOWED: dict[str, dict[str, tuple[str | None, str, bool, bool]]] = {
    "received": {
        "complete_step": (C, "step_role", False, False),
        "request_supplement": ("supplement_requested", "step_role", True, False),
        "refuse": ("refused", "step_role", True, False),
        "stop": ("stopped", "leader", True, False),
        "withdraw": ("withdrawn", "applicant", False, False),
        "apology_approve": (C, "leader", True, True),
        "consult_request": (C, "step_role", False, True),
        "consult_answer": (C, "consulted", False, True),
    },
    "processing": {
        "complete_step": (C, "step_role", False, False),
        "request_supplement": ("supplement_requested", "step_role", True, False),
        "refuse": ("refused", "step_role", True, False),
        "stop": ("stopped", "leader", True, False),
        "withdraw": ("withdrawn", "applicant", False, False),
        "apology_approve": (C, "leader", True, True),
        "consult_request": (C, "step_role", False, True),
        "consult_answer": (C, "consulted", False, True),
    },
    "result_ready": {
        "complete_step": (C, "step_role", False, False),
        "apology_approve": (C, "leader", True, True),
        "consult_answer": (C, "consulted", False, True),
    },
    "supplement_requested": {
        "supplement": (C, "applicant", False, False),
        "stop": ("stopped", "leader", True, False),
        "withdraw": ("withdrawn", "applicant", False, False),
        "consult_answer": (C, "consulted", False, True),
    },
    "returned": {},
    "refused": {},
    "stopped": {},
    "withdrawn": {},
}
ACTIONS = [
    "complete_step",
    "request_supplement",
    "supplement",
    "refuse",
    "stop",
    "withdraw",
    "apology_approve",
    "consult_request",
    "consult_answer",
]


def test_the_table_covers_every_status_and_action() -> None:
    assert sorted(ALLOWED) == sorted(DossierStatus.values)
    assert sorted(ACTIONS) == sorted(Action.__members__.values())


@pytest.mark.parametrize("status", list(ALLOWED))
@pytest.mark.parametrize("action", ACTIONS)
def test_transition_table(status: str, action: str) -> None:
    expected = ALLOWED[status].get(action)
    if expected is None:
        with pytest.raises(TransitionNotAllowed) as caught:
            transition_for(status=status, action=action)
        assert caught.value.code == "transition_not_allowed"
        return
    transition = transition_for(status=status, action=action)
    assert transition.action == action
    assert (
        transition.target,
        transition.performer,
        transition.needs_reasons,
        transition.keeps_status,
    ) == expected


@pytest.mark.parametrize("status", list(ALLOWED))
def test_actions_from_lists_the_allowed_actions_in_table_order(status: str) -> None:
    assert actions_from(status) == [a for a in ACTIONS if a in ALLOWED[status]]


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        (
            "returned",
            "withdraw",
            "Không thể thực hiện thao tác “Rút hồ sơ” khi hồ sơ ở trạng thái “Đã trả kết quả”.",
        ),
        (
            "result_ready",
            "request_supplement",
            "Không thể thực hiện thao tác “Yêu cầu bổ sung hồ sơ” khi hồ sơ ở trạng thái "
            "“Đã có kết quả”.",
        ),
        (
            "processing",
            "supplement",
            "Không thể thực hiện thao tác “Bổ sung hồ sơ” khi hồ sơ ở trạng thái “Đang giải quyết”.",
        ),
        (
            "archived",
            "complete_step",
            "Không thể thực hiện thao tác “Chuyển bước tiếp theo” khi hồ sơ ở trạng thái “archived”.",
        ),
        ("received", "approve", "Thao tác approve không tồn tại."),
    ],
)
def test_a_refused_transition_says_why_in_full(status: str, action: str, message: str) -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        transition_for(status=status, action=action)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("action", "label"),
    [
        ("complete_step", "Chuyển bước tiếp theo"),
        ("request_supplement", "Yêu cầu bổ sung hồ sơ"),
        ("supplement", "Bổ sung hồ sơ"),
        ("refuse", "Từ chối giải quyết"),
        ("stop", "Dừng giải quyết"),
        ("withdraw", "Rút hồ sơ"),
        ("apology_approve", "Phê duyệt văn bản xin lỗi và hẹn lại ngày trả kết quả"),
        ("consult_request", "Lấy ý kiến cơ quan phối hợp"),
        ("consult_answer", "Trả lời ý kiến phối hợp"),
        ("approve", "approve"),
    ],
)
def test_action_labels(action: str, label: str) -> None:
    assert action_label(action) == label


def test_an_action_label_is_translated_in_english() -> None:
    with translation.override("en"):
        assert action_label("withdraw") != "Rút hồ sơ"
        assert status_label("returned") != "Đã trả kết quả"


@pytest.mark.parametrize(
    ("steps", "order", "status"),
    [
        # Without a leader step nothing is "result ready" before the end.
        ([StepInfo(1, "one_stop_officer"), StepInfo(2, "specialist")], 2, "processing"),
        # The last leader step is still processing; the step after it has the result ready.
        (STEPS, 3, "processing"),
        (STEPS, 4, "result_ready"),
        # Two leader steps: the later one counts.
        (
            [
                StepInfo(10, "one_stop_officer"),
                StepInfo(20, "leader"),
                StepInfo(30, "specialist"),
                StepInfo(40, "leader"),
                StepInfo(50, "one_stop_officer"),
            ],
            30,
            "processing",
        ),
        ([StepInfo(10, "one_stop_officer"), StepInfo(20, "leader")], 10, "received"),
        ([], 1, "processing"),
        ([], None, "returned"),
    ],
)
def test_status_at_step(steps: list[StepInfo], order: int | None, status: str) -> None:
    assert status_at_step(steps=steps, order=order) == status
