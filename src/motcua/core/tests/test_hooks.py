"""The one hook mechanism: declared once with its payload type, listeners in registration order."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.db import transaction
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from motcua.core.hooks import Hook, HookError, When, hooks_declared
from motcua.core.models import EffectLedger

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Ping:
    ref: str


@dataclass(frozen=True)
class Pong:
    ref: str


IN_TRANSACTION: Hook[Ping] = Hook("test.hooks.in_transaction", Ping)
AFTER_COMMIT: Hook[Ping] = Hook("test.hooks.after_commit", Ping, when=When.AFTER_COMMIT)
ROLLBACK: Hook[Ping] = Hook("test.hooks.rollback", Ping)
HEARD: list[str] = []


def _first(ping: Ping) -> None:
    HEARD.append(f"first:{ping.ref}")


def _second(ping: Ping) -> None:
    HEARD.append(f"second:{ping.ref}")


def _writes(ping: Ping) -> None:
    EffectLedger.objects.create(effect="test.hooks", key=ping.ref, created_at=AT)


def _fails(ping: Ping) -> None:
    message = f"listener refused {ping.ref}"
    raise RuntimeError(message)


IN_TRANSACTION.listen(_first)
IN_TRANSACTION.listen(_second)
AFTER_COMMIT.listen(_fails)
AFTER_COMMIT.listen(_second)
ROLLBACK.listen(_writes)
ROLLBACK.listen(_fails)


@pytest.fixture(autouse=True)
def _clean() -> None:
    HEARD.clear()


def test_listeners_run_in_the_order_they_were_registered() -> None:
    IN_TRANSACTION.fire(Ping("a"))
    assert HEARD == ["first:a", "second:a"]
    assert IN_TRANSACTION.listeners() == (_first, _second)


def test_a_payload_of_another_type_is_refused_before_any_listener_runs() -> None:
    with pytest.raises(TypeError, match=r"test\.hooks\.in_transaction carries Ping, not Pong"):
        IN_TRANSACTION.fire(Pong("a"))  # type: ignore[arg-type]
    assert HEARD == []


def test_the_same_listener_twice_is_refused() -> None:
    with pytest.raises(HookError, match=r"listens to the hook test\.hooks\.in_transaction already"):
        IN_TRANSACTION.listen(_first)
    IN_TRANSACTION.fire(Ping("b"))
    assert HEARD == ["first:b", "second:b"]


def test_a_hook_name_is_declared_once() -> None:
    with pytest.raises(HookError, match="declared already"):
        Hook("test.hooks.in_transaction", Pong)
    assert "test.hooks.in_transaction" in hooks_declared()


def test_the_product_declares_its_hooks_under_their_apps() -> None:
    # Importing the apps' hook modules (done by their AppConfig.ready()) declared them.
    assert {
        "payments.settled",
        "documents.scan_referenced",
        "delivery.tracking_noticed",
        "feedback.changed",
        "dossiers.committed",
    } <= set(hooks_declared())


@pytest.mark.django_db
def test_a_failing_listener_in_the_transaction_rolls_the_caller_back() -> None:
    def write_and_tell() -> None:
        with transaction.atomic():
            EffectLedger.objects.create(effect="test.caller", key="c", created_at=AT)
            ROLLBACK.fire(Ping("c"))

    with pytest.raises(RuntimeError, match="listener refused c"):
        write_and_tell()

    assert not EffectLedger.objects.exists()


@pytest.mark.django_db
def test_after_commit_listeners_wait_for_the_commit_and_a_failure_spares_the_others(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        EffectLedger.objects.create(effect="test.caller", key="d", created_at=AT)
        AFTER_COMMIT.fire(Ping("d"))
        assert HEARD == []  # nothing before the commit

    assert len(callbacks) == 2
    assert HEARD == ["second:d"]  # the first listener failed; the second still ran
    assert EffectLedger.objects.filter(effect="test.caller", key="d").exists()


@pytest.mark.django_db
def test_after_commit_listeners_never_run_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    def write_then_fail() -> None:
        with transaction.atomic():
            AFTER_COMMIT.fire(Ping("e"))
            message = "the write failed"
            raise RuntimeError(message)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        write_then_fail()
    assert callbacks == []
    assert HEARD == []
