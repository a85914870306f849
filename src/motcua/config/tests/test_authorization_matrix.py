"""The authorization matrix: every URL pattern of the URLconf × every kind of principal.

The patterns are walked from ``get_resolver()``; each must have an entry in
:mod:`authorization_matrix` (keyed by URL name, or by route for the admin's unnamed ones), so a
new URL without its expected answers fails here. Parameters are filled with real objects: the
citizen's own dossier, another agency's reform task, and so on, so "own" and "other" are real.
Every pattern is asked with GET; POST-only actions are also posted an empty body, which must be
refused before validation for those who may not act.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from pytest_django.fixtures import Settings

from motcua.accounts.models import Agency, ApplicantKind, Role, User
from motcua.accounts.services import applicant_create
from motcua.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from motcua.catalog.models import ComponentKind
from motcua.config.tests.authorization_matrix import (
    ALLOWED,
    EXPECTED,
    EXPECTED_POST,
    PRINCIPALS,
    REFUSED,
)
from motcua.documents.tests.factories import StoredDocumentFactory
from motcua.dossiers.models import DossierDocument
from motcua.dossiers.tests.factories import AT, PNG, World, build_world, submit
from motcua.feedback.services import feedback_submit
from motcua.reform.models import InternalProcedure, OverlapFinding, ReformTask, SimplificationPlan

pytestmark = pytest.mark.django_db

LOGIN_PATHS = ("/can-bo/dang-nhap/", "/dang-nhap/", "/admin/login/")


@dataclass(frozen=True)
class Pattern:
    key: str
    route: str
    regex: bool


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Pattern]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace or ""]))
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = ":".join(filter(None, [namespace, p.name or ""])) if p.name else ""
            yield Pattern(
                key=name or route, route=route, regex=route.startswith("^") or "(?P<" in route
            )


def url_patterns() -> list[Pattern]:
    return list(_walk(get_resolver().url_patterns))


@dataclass
class Objects:
    world: World
    values: dict[str, str]
    users: dict[str, User | None]
    clients: dict[str, Client]


def _build(tmp: Path) -> Objects:
    world = build_world()
    dossier = submit(world).dossier
    document = DossierDocument.objects.filter(dossier=dossier).first()
    # A paper scan kept by the receiving agency, with its file.
    scan = StoredDocumentFactory.create(reference=dossier.code, agency=world.centre)
    default_storage.save(scan.file.name, ContentFile(PNG))
    other_citizen = UserFactory.create(username="nguoidan.khac")
    applicant_create(
        kind=ApplicantKind.CITIZEN,
        name="Trần Thị Bình",
        personal_id="001190054322",
        birth_date=date(1990, 1, 1),
        user=other_citizen,
        at=AT,
        actor="test",
    )
    other = Agency.objects.get(code="000.00.99.H26")
    reformer = UserFactory.create(username="caicach.khac")
    RoleAssignmentFactory.create(user=reformer, agency=other, role=Role.REFORM_TEAM)
    admin = UserFactory.create(username="quantri", is_superuser=True, is_staff=True)
    task = ReformTask.objects.create(
        title="Nhiệm vụ của cơ quan có thẩm quyền",
        agency=world.competent,
        original_deadline=date(2026, 6, 30),
        deadline=date(2026, 6, 30),
        created_at=AT,
    )
    InternalProcedure.objects.create(
        code="NB-01",
        name="Báo cáo định kỳ",
        agency_code=world.competent.code,
        agency_name=world.competent.name,
        imported_at=AT,
    )
    plan = SimplificationPlan.objects.create(
        ref="internal:NB-01",
        subject_name="Báo cáo định kỳ",
        subject_agency=world.competent.name,
        legal_change="Bãi bỏ",
        responsible_agency=world.competent.name,
        deadline=date(2026, 12, 31),
        year=2026,
        created_by="test",
        created_at=AT,
    )
    finding = OverlapFinding.objects.create(
        left_ref="internal:NB-01",
        right_ref="internal:NB-02",
        left_name="Báo cáo định kỳ",
        right_name="Báo cáo định kỳ khác",
        left_agency=world.competent.name,
        right_agency=world.competent.name,
        score=900,
        found_at=AT,
    )
    feedback = feedback_submit(
        channel="portal",
        sender_kind="citizen",
        title="Chậm trả kết quả",
        content="Hồ sơ của tôi chậm.",
        dossier_code=dossier.code,
        at=AT,
    )
    agency_type = ContentType.objects.get_for_model(Agency)
    values = {
        "dossier": dossier.code,
        "procedure": world.version.procedure.code,
        "form_component": world.version.components.get(kind=ComponentKind.FORM).code,
        "agency": world.competent.code,
        "receiving": world.centre.code,
        "feedback": feedback.code,
        "document": str(document.pk if document else 0),
        "scan": str(scan.pk),
        "task": str(task.pk),
        "plan": str(plan.pk),
        "finding": str(finding.pk),
        "agency_pk": str(world.competent.pk),
        "version_pk": str(world.version.pk),
        "agency_type": str(agency_type.pk),
        "user_pk": str(world.applicant_user.pk),
    }
    users: dict[str, User | None] = {
        "anonymous": None,
        "citizen": world.applicant_user,
        "other_citizen": other_citizen,
        "officer": world.receiver,
        "other_officer": world.outsider,
        "other_reform": reformer,
        "admin": admin,
    }
    clients: dict[str, Client] = {}
    for name, user in users.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        clients[name] = client
    return Objects(world=world, values=values, users=users, clients=clients)


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _value(key: str, param: str, values: dict[str, str]) -> str:
    """The real object a parameter names, by the URL it is in."""
    if param == "code":
        if "procedure" in key or "apply" in key or key.startswith("backoffice:reform_"):
            return values["procedure"]
        if "index" in key:
            return values["agency"]
        if "feedback" in key:
            return values["feedback"]
        return values["dossier"]
    if param == "procedure_code":
        return values["procedure"]
    if param == "pk":
        for word, value_key in [
            ("task", "task"),
            ("plan", "plan"),
            ("overlap", "finding"),
            ("backoffice:document", "document"),
            ("digitized", "scan"),
        ]:
            if word in key:
                return values[value_key]
        return "999999"
    if param == "form":
        return "01"
    if param == "component":
        return values["form_component"]
    if param == "version_id":
        return values["version_pk"]
    if param == "fmt":
        return "csv"
    if param == "booking_code":
        return "KHONGCO"
    if param == "verification_code":
        return "KHONGCO"
    if param == "id":
        return values["user_pk"]
    if param == "content_type_id":
        return values["agency_type"]
    if param == "object_id":
        if "/agency/" in key or "view_on_site" in key:
            return values["agency_pk"]
        # a real, published version: its delete page is refused whatever the database's keys
        if "procedureversion" in key:
            return values["version_pk"]
        return "1"
    raise AssertionError(f"{key}: no value for <{param}>")


#: Query strings that take a request past validation, to where access is decided.
QUERIES = {
    "api:register-book": "?agency={receiving}&from=2026-03-01&to=2026-03-31",
}


def _url(pattern: Pattern, values: dict[str, str]) -> str:
    if pattern.regex:
        if "app_label" in pattern.route:
            return "/admin/accounts/"
        return "/admin/khong-co-trang-nay/"
    path = _PARAM.sub(lambda m: _value(pattern.key, m.group(2), values), pattern.route)
    return "/" + path + QUERIES.get(pattern.key, "").format(**values)


def _verdict(status: int, location: str) -> str:
    if status >= 500:
        return "5xx"
    if status in {401, 403, 404} or (
        status == 302 and location.split("?")[0].endswith(LOGIN_PATHS)
    ):
        return REFUSED
    return ALLOWED


@pytest.fixture
def objects(settings: Settings, tmp_path: Path) -> Objects:
    settings.MEDIA_ROOT = tmp_path / "media"
    return _build(tmp_path)


def test_every_url_pattern_has_its_expected_answers() -> None:
    keys = {p.key for p in url_patterns()}
    missing = sorted(keys - set(EXPECTED))
    stale = sorted(set(EXPECTED) - keys)
    assert not missing, f"URL patterns without an entry in authorization_matrix: {missing}"
    assert not stale, f"entries for URL patterns that no longer exist: {stale}"
    assert set(EXPECTED_POST) <= keys
    for key, row in [*EXPECTED.items(), *EXPECTED_POST.items()]:
        assert len(row) == len(PRINCIPALS), key
        assert set(row) <= {ALLOWED, REFUSED}, key


def observe(objects: Objects) -> Iterator[tuple[Pattern, str, str, str, int, str]]:
    """(pattern, method, url, principal, status, verdict) of every request of the matrix."""
    for pattern in url_patterns():
        url = _url(pattern, objects.values)
        methods = ["get", "post"] if pattern.key in EXPECTED_POST else ["get"]
        for principal in PRINCIPALS:
            client = objects.clients[principal]
            for method in methods:
                response = getattr(client, method)(url)
                if response.streaming:
                    # Read to the end, the test client closes the file a download holds open;
                    # close() itself would end the request and the test's database connection.
                    b"".join(response.streaming_content)
                verdict = _verdict(response.status_code, response.get("Location", ""))
                yield pattern, method, url, principal, response.status_code, verdict
                user = objects.users[principal]
                if user is not None and pattern.key.endswith("logout"):
                    client.force_login(user)


def test_every_url_answers_every_principal_as_the_matrix_says(objects: Objects) -> None:
    wrong: list[str] = []
    asked = 0
    for pattern, method, url, principal, status, verdict in observe(objects):
        asked += 1
        table = EXPECTED_POST if method == "post" else EXPECTED
        expected = table[pattern.key][PRINCIPALS.index(principal)]
        if verdict != expected:
            wrong.append(
                f"{pattern.key} {method.upper()} {url} as {principal}: "
                f"{status} ({verdict}), expected {expected}"
            )
    assert asked == (len(EXPECTED) + len(EXPECTED_POST)) * len(PRINCIPALS)
    assert not wrong, "\n".join(wrong)
