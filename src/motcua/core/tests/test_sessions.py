from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_session_is_read_back_with_its_data_in_one_statement() -> None:
    kept = SessionStore()
    kept["officer"] = "Nguyễn Thị Lan"
    kept.create()
    other = SessionStore()
    other["officer"] = "Trần Văn Bình"
    other.create()

    with CaptureQueriesContext(connection) as queries:
        first = SessionStore(session_key=kept.session_key).load()
        second = SessionStore(session_key=other.session_key).load()

    assert (first, second) == ({"officer": "Nguyễn Thị Lan"}, {"officer": "Trần Văn Bình"})
    assert len(queries.captured_queries) == 2


def test_an_expired_or_unknown_session_reads_empty_and_loses_its_key() -> None:
    store = SessionStore()
    store["officer"] = "Lê Văn Cường"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    for key in (store.session_key, "a-key-nobody-was-given"):
        again = SessionStore(session_key=key)
        assert again.load() == {}
        assert again.session_key is None
