"""The migration that moves live sessions from Django's ModelBackend path to the backend that
replaced it: officers signed in before stay signed in."""

from datetime import timedelta
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user,
    get_user_model,
)
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from motcua.core.sessions import SessionStore

pytestmark = pytest.mark.django_db

migration = import_module("motcua.core.migrations.0008_sessions_user_backend_path")
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
USER_BACKEND = "motcua.accounts.backends.UserBackend"


class _Editor:
    connection = connection


def _user(username: str = "lan.nguyen") -> AbstractBaseUser:
    user: AbstractBaseUser = get_user_model().objects.create_user(username=username)
    return user


def _user_of(key: str) -> Any:
    """Who a request carrying the session ``key`` is, as the authentication middleware reads it."""
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key=key)
    return get_user(request)


def _signed_in(user: AbstractBaseUser, backend: str, *, expired: bool = False) -> str:
    store = SessionStore()
    store.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            "_language": "vi",
        }
    )
    store.create()
    if expired:
        Session.objects.filter(session_key=store.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
    assert store.session_key is not None
    return store.session_key


def _backend_of(key: str) -> Any:
    data = SessionStore().decode(Session.objects.get(session_key=key).session_data)
    return data.get(BACKEND_SESSION_KEY), data.get("_language")


def test_a_session_under_the_old_path_keeps_its_officer_signed_in_after_the_migration() -> None:
    officer = _user()
    key = _signed_in(officer, MODEL_BACKEND)
    assert not _user_of(key).is_authenticated, "signed out under the old path"

    migration.forwards(apps, _Editor())

    assert _backend_of(key) == (USER_BACKEND, "vi")
    assert _user_of(key) == officer


def test_only_live_sessions_under_the_old_path_are_rewritten_and_the_reverse_undoes_it() -> None:
    user = _user()
    old = _signed_in(user, MODEL_BACKEND)
    new = _signed_in(user, USER_BACKEND)
    other = _signed_in(user, "axes.backends.AxesStandaloneBackend")
    expired = _signed_in(user, MODEL_BACKEND, expired=True)
    anonymous = SessionStore()
    anonymous["_language"] = "en"
    anonymous.create()
    assert anonymous.session_key is not None
    before = Session.objects.get(session_key=anonymous.session_key).session_data

    written = migration.backend_path_rewritten(apps, _Editor(), old=MODEL_BACKEND, new=USER_BACKEND)

    assert written == 1
    assert [_backend_of(key)[0] for key in (old, new, other, expired)] == [
        USER_BACKEND,
        USER_BACKEND,
        "axes.backends.AxesStandaloneBackend",
        MODEL_BACKEND,
    ]
    assert Session.objects.get(session_key=anonymous.session_key).session_data == before

    migration.backwards(apps, _Editor())

    assert [_backend_of(key)[0] for key in (old, new, other)] == [
        MODEL_BACKEND,
        MODEL_BACKEND,
        "axes.backends.AxesStandaloneBackend",
    ]


def test_more_sessions_than_a_batch_are_all_rewritten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migration, "BATCH", 2)
    user = _user()
    keys = [_signed_in(user, MODEL_BACKEND) for _ in range(5)]

    written = migration.backend_path_rewritten(apps, _Editor(), old=MODEL_BACKEND, new=USER_BACKEND)

    assert written == 5
    assert {_backend_of(key)[0] for key in keys} == {USER_BACKEND}
