"""The registry plugins against the real simulator process: signatures, tampering, time-outs,
retries, the circuit breaker and redirects."""

from datetime import UTC, datetime, timedelta

import pytest
from pytest_django.fixtures import Settings

from motcua.registry.client import circuit_open
from motcua.registry.plugins import (
    RegistryAnswerRefused,
    RegistryUnavailable,
    registry_plugin_get,
)
from motcua.registry.tests.simulators import RegistrySim
from motcua_dev.testing.processes import free_port

pytestmark = pytest.mark.django_db
AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
CUONG = "031203004567"
PURPOSE = "Giải quyết thủ tục hành chính 1.001821"


def _lookup(source: str, subject: str, *, at: datetime = AT, request_id: str = "r1") -> object:
    return registry_plugin_get(source).lookup(
        subject=subject, purpose=PURPOSE, dossier_code="D-1", request_id=request_id, at=at
    )


def test_a_signed_answer_is_verified_and_carries_the_purpose(registry_sim: RegistrySim) -> None:
    answer = registry_plugin_get("population_db").lookup(
        subject=CUONG, purpose=PURPOSE, dossier_code="D-1", request_id="abc", at=AT
    )
    assert answer.verified
    assert answer.found
    assert answer.data["full_name"] == "Lê Hoàng Cường"
    assert answer.data["military_service"]["status"] == "chua_dang_ky"
    assert answer.signature
    assert answer.key_id.startswith("ed25519:")
    assert '"request_id": "abc"' in answer.body
    [request] = registry_sim.requests()
    assert request["purpose"] == PURPOSE
    assert request["dossier"] == "D-1"
    assert request["subject"] == CUONG


def test_an_unknown_person_is_a_signed_not_found(registry_sim: RegistrySim) -> None:
    answer = registry_plugin_get("population_db").lookup(
        subject="001099999999", purpose=PURPOSE, dossier_code="", request_id="x", at=AT
    )
    assert not answer.found
    assert answer.data == {}


def test_a_business_is_found_by_tax_code(registry_sim: RegistrySim) -> None:
    from motcua.registry.population import generate

    tax_code = next(iter(generate(people=2000, businesses=200).businesses))
    answer = registry_plugin_get("business_db").lookup(
        subject=tax_code, purpose=PURPOSE, dossier_code="", request_id="b", at=AT
    )
    assert answer.found
    assert answer.data["tax_code"] == tax_code


def test_a_tampered_answer_is_refused(registry_sim: RegistrySim) -> None:
    registry_sim.control(tamper=True)
    with pytest.raises(RegistryAnswerRefused, match="signature"):
        _lookup("population_db", CUONG)


def test_an_answer_signed_by_another_key_is_refused(
    registry_sim: RegistrySim, settings: Settings, tmp_path: object
) -> None:
    from pathlib import Path

    from motcua.registry.signing import load_or_generate_private_key, public_key_file_for

    other = Path(str(tmp_path)) / "other.pem"
    load_or_generate_private_key(other)
    settings.MOTCUA_REGISTRY_PUBLIC_KEY_FILE = str(public_key_file_for(other))
    with pytest.raises(RegistryAnswerRefused):
        _lookup("population_db", CUONG)


def test_failures_are_retried(registry_sim: RegistrySim) -> None:
    registry_sim.control(fail=2)
    answer = registry_plugin_get("population_db").lookup(
        subject=CUONG, purpose=PURPOSE, dossier_code="", request_id="r", at=AT
    )
    assert answer.found
    assert len(registry_sim.requests()) == 3


def test_a_slow_registry_times_out(registry_sim: RegistrySim) -> None:
    registry_sim.control(delay=1.5)
    with pytest.raises(RegistryUnavailable, match="unreachable"):
        _lookup("population_db", CUONG)


def test_a_redirect_is_not_followed(registry_sim: RegistrySim) -> None:
    registry_sim.control(redirect=True)
    with pytest.raises(RegistryUnavailable, match="redirect"):
        _lookup("population_db", CUONG)
    assert len(registry_sim.requests()) == 1


def test_the_circuit_opens_after_three_failed_calls_and_closes_after_a_success(
    registry_sim: RegistrySim, settings: Settings
) -> None:
    registry_sim.control(fail=100)
    for _call in range(3):
        with pytest.raises(RegistryUnavailable):
            _lookup("population_db", CUONG)
    assert circuit_open(registry="population_db", at=AT)
    asked = len(registry_sim.requests())
    with pytest.raises(RegistryUnavailable, match="circuit open"):
        _lookup("population_db", CUONG)
    assert len(registry_sim.requests()) == asked  # the registry was left alone
    # the other registry has its own breaker
    assert not circuit_open(registry="business_db", at=AT)

    # when the pause is over, one trial call goes through; a success closes the circuit
    registry_sim.control(fail=0)
    later = AT + timedelta(seconds=settings.MOTCUA_REGISTRY_BREAKER_SECONDS + 1)
    assert _lookup("population_db", CUONG, at=later)
    assert not circuit_open(registry="population_db", at=later)


def test_a_registry_that_is_down_is_unavailable(settings: Settings) -> None:
    settings.MOTCUA_REGISTRY_URL = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(RegistryUnavailable, match="unreachable"):
        _lookup("population_db", CUONG)
