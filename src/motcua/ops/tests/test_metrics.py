import json
import logging

import pytest
from django.db import transaction
from django.utils import timezone
from prometheus_client import REGISTRY

from motcua.core.logcontext import JsonLinesFormatter, current_request_id, request_id_bound
from motcua.core.metrics import dossier_event_counted
from motcua.core.ratelimit import parse_rate, rate_hit


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.django_db(transaction=True)
def test_a_dossier_event_counts_once_committed_and_not_when_rolled_back() -> None:
    before_submit = _value("motcua_dossier_submissions_total", channel="online")
    before_move = _value("motcua_dossier_transitions_total", action="hand_over")
    with transaction.atomic():
        dossier_event_counted(action="submit", channel="online")
        dossier_event_counted(action="hand_over", channel="online")
        assert _value("motcua_dossier_submissions_total", channel="online") == before_submit
    with transaction.atomic():
        dossier_event_counted(action="hand_over", channel="online")
        transaction.set_rollback(True)
    assert _value("motcua_dossier_submissions_total", channel="online") == before_submit + 1
    assert _value("motcua_dossier_transitions_total", action="hand_over") == before_move + 1


def test_a_refusal_by_a_rate_limit_is_counted_by_scope() -> None:
    before = _value("motcua_rate_limit_refusals_total", scope="test-scope")
    rate = parse_rate("1/min")
    now = timezone.now()
    assert rate_hit(scope="test-scope", client="192.0.2.1", rate=rate, now=now).allowed
    assert not rate_hit(scope="test-scope", client="192.0.2.1", rate=rate, now=now).allowed
    assert _value("motcua_rate_limit_refusals_total", scope="test-scope") == before + 1


def test_a_log_line_is_one_json_object_with_the_request_id() -> None:
    record = logging.LogRecord(
        "motcua.test", logging.WARNING, __file__, 1, "Hồ sơ %s", ("X",), None
    )
    with request_id_bound("lb-42"):
        line = JsonLinesFormatter().format(record)
    assert current_request_id() == ""
    assert json.loads(line) | {"time": ""} == {
        "time": "",
        "level": "WARNING",
        "logger": "motcua.test",
        "message": "Hồ sơ X",
        "request_id": "lb-42",
    }
