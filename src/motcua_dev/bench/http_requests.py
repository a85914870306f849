"""The requests of ``motcua bench http``, prepared before any clock starts: API tokens of the demo
officers, a signed-in session of the specialist, open dossiers for the transitions, one submission
body, and the reads of each endpoint."""

import base64
import json
import random
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.test.utils import override_settings
from django.utils.module_loading import import_string
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from motcua.accounts.models import Role, User
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Action
from motcua_dev.bench.measures import open_dossier_ids, sample_codes, signing_step_orders
from motcua_dev.bench.world import FORM_DATA, PDF, PROCEDURE_CODE, UNIT_CODE, World

CEILING = "ceiling"
SEARCHES = ("ly lich tu phap", "khai sinh", "dang ky", "2.001417", "ket hon", "dat dai")


@dataclass(frozen=True)
class Call:
    endpoint: str
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    expect: int


@dataclass
class Plan:
    """Every request the measurements will send, prepared before the clock starts."""

    reads: dict[str, list[Call]]
    submissions: list[Call]
    #: Transitions, each on its own open dossier; consumed, so split between the measurements.
    transitions: list[Call]
    secret_key: str


def _token(user: User) -> str:
    token, _created = Token.objects.get_or_create(user=user)
    return str(token.key)


def _session_cookie(user: User, *, secret_key: str) -> str:
    """A signed-in session of ``user`` as the server (with ``secret_key``) will read it: signed in
    by the backend that keeps users (the first one only guards against brute force), with its
    second factor verified, as production requires of an officer."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(import_string(path), "get_user")
    )
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    with override_settings(SECRET_KEY=secret_key, SECRET_KEY_FALLBACKS=[]):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _json_call(endpoint: str, path: str, token: str, body: dict[str, Any], expect: int) -> Call:
    return Call(
        endpoint=endpoint,
        method="POST",
        path=path,
        headers=(
            ("Authorization", f"Token {token}"),
            ("Content-Type", "application/json"),
            ("Accept-Language", "vi"),
        ),
        body=json.dumps(body, ensure_ascii=False).encode(),
        expect=expect,
    )


def _get(endpoint: str, path: str, *headers: tuple[str, str]) -> Call:
    return Call(endpoint, "GET", path, (("Accept-Language", "vi"), *headers), b"", 200)


def plan_requests(*, world: World, secret_key: str, transitions: int) -> Plan:
    specialist = world.officers[Role.SPECIALIST]
    counter = world.officers[Role.ONE_STOP_OFFICER]
    auth = ("Authorization", f"Token {_token(specialist)}")
    cookie = ("Cookie", _session_cookie(specialist, secret_key=secret_key))
    codes = sample_codes(count=2000) or [""]
    highest = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    rng = random.Random(17)  # noqa: S311 - a spread of rows, not a secret
    reads: dict[str, list[Call]] = {
        CEILING: [_get(CEILING, f"/bench/ceiling/{rng.randint(1, highest)}/") for _ in range(500)],
        "lookup_api": [_get("lookup_api", f"/api/v1/lookup/{code}/") for code in codes],
        "search_page": [
            _get("search_page", f"/thu-tuc/?q={q.replace(' ', '+')}") for q in SEARCHES
        ],
        "procedure_page": [_get("procedure_page", f"/thu-tuc/{PROCEDURE_CODE}/")],
        "index_page": [_get("index_page", "/chi-so/")],
        "api_dossier_list": [_get("api_dossier_list", "/api/v1/dossiers/", auth)],
        "work_queue_page": [_get("work_queue_page", "/can-bo/ho-so/", cookie)],
    }
    submission = {
        "procedure": PROCEDURE_CODE,
        "channel": "counter",
        "administrative_unit_code": UNIT_CODE,
        "receiving_unit": world.unit.pk,
        "applicant": {"kind": "citizen", "name": "Nguyễn Văn Đo", "personal_id": "001090012345"},
        "form_data": FORM_DATA,
        "documents": [
            {
                "component": "can_cuoc",
                "name": "can-cuoc.pdf",
                "content_base64": base64.b64encode(PDF).decode(),
            }
        ],
    }
    submissions = [_json_call("api_submit", "/api/v1/dossiers/", _token(counter), submission, 201)]
    signs = signing_step_orders(world)
    plain = [s.order for s in world.steps if s.order not in signs]
    ids = open_dossier_ids(limit=transitions, at_steps=plain)
    tokens = {order: _token(world.officer_for(order)) for order in plain}
    rows = Dossier.objects.filter(pk__in=ids).values_list("code", "current_step")
    moves = [
        _json_call(
            "api_transition",
            f"/api/v1/dossiers/{code}/actions/",
            tokens[step],
            {"action": Action.COMPLETE_STEP},
            200,
        )
        for code, step in rows
        if step is not None
    ]
    rng.shuffle(moves)
    return Plan(reads=reads, submissions=submissions, transitions=moves, secret_key=secret_key)
