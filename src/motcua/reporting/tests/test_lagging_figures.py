"""Changes without an outboxed history row of their own still move the public figures.

Each source (the SLA sweep's late mark, a counter scan, a fee settled, a signed result, data
reused from a registry) is followed through the outbox as the worker runs it, and read back from
the open JSON of ``/api/v1/index/<agency>/``; the incremental tallies must equal a rebuild.
"""

import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from motcua.accounts.models import Agency
from motcua.catalog.tests.factories import FORM_SCHEMA
from motcua.core.models import OutboxMessage
from motcua.core.outbox import outbox_run_due, registered_handlers
from motcua.documents.services import document_attach, document_digitize
from motcua.dossiers.hooks import EVENT_TOPIC, REFRESH_TOPIC
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.sla import dossier_sla_sweep
from motcua.dossiers.tasks import NOTIFY
from motcua.dossiers.tests.factories import AT, World, build_world, submit
from motcua.payments.models import PaymentMethod
from motcua.payments.services import payment_counter_record
from motcua.reporting.aggregates import (
    TALLIES,
    on_dossier_event,
    reporting_rebuild,
    rollups_snapshot,
    tallies_snapshot,
)
from motcua.reporting.selectors import Period, agency_indexes
from motcua.signing.enrol import keyfile_enrol
from motcua.signing.pki import Pki, pki_init
from motcua_dev.testing.samples import sample_png
from motcua_dev.testing.signing import run_tsa_sim

pytestmark = pytest.mark.django_db

#: The test procedure with its paper document optional: dossiers received without any file.
OPTIONAL_PAPER: list[dict[str, Any]] = [
    {"code": "to_khai", "name": "Tờ khai", "kind": "form", "schema": FORM_SCHEMA},
    {
        "code": "giay_gioi_thieu",
        "name": "Giấy giới thiệu di chuyển",
        "kind": "document",
        "required": False,
    },
]

FEE: dict[str, Any] = {
    "kind": "fee",
    "name": "Phí thẩm định",
    "amount": 150_000,
    "basis": "fixed",
    "unit_name": "",
    "exempt_groups": [],
    "note": "",
}


@pytest.fixture(autouse=True)
def _every_count_shown(settings: Settings) -> None:
    settings.MOTCUA_REPORTING_MIN_COUNT = 0


def drain(now: datetime = AT + timedelta(days=400)) -> None:
    for _ in range(20):
        if not outbox_run_due(now=now).claimed:
            return


def public_counts(agency: Agency) -> Counter[str]:
    """Every measure of the agency in 2026, summed over the months of the open JSON."""
    response = Client().get(f"/api/v1/index/{agency.code}/", {"nam": "2026"})
    assert response.status_code == 200
    total: Counter[str] = Counter()
    for month in response.json()["months"]:
        total.update({k: v or 0 for k, v in month["counts"].items()})
    return total


def agree_with_rebuild() -> None:
    incremental = (tallies_snapshot(), rollups_snapshot())
    reporting_rebuild()
    assert (tallies_snapshot(), rollups_snapshot()) == incremental


def test_the_sweeps_late_mark_reaches_the_figures_once() -> None:
    world = build_world()
    dossier = submit(world).dossier
    drain()
    assert public_counts(world.competent)["overdue_open"] == 0

    # the 3-working-day due moment is 17:00 on Thursday 5 March (Hà Nội)
    late = datetime(2026, 3, 5, 10, 0, 1, tzinfo=UTC)
    report = dossier_sla_sweep(now=late)
    assert report.became_late
    drain()

    assert public_counts(world.competent)["overdue_open"] == 1
    # the same sweep again, or the refresh row run twice, changes nothing
    dossier_sla_sweep(now=late)
    assert OutboxMessage.objects.filter(topic=REFRESH_TOPIC).count() == 1
    on_dossier_event(payload={"code": dossier.code}, key="again", now=late)
    assert public_counts(world.competent)["overdue_open"] == 1
    agree_with_rebuild()

    # once returned, the late mark makes it a late resolution, no longer an open one
    for n, actor in enumerate([world.receiver, world.specialist, world.leader, world.receiver]):
        dossier = dossier_transition(
            dossier=dossier, action="complete_step", actor=actor, at=late + timedelta(hours=n + 1)
        )
    drain()
    counts = public_counts(world.competent)
    assert (counts["overdue_open"], counts["resolved_late"], counts["resolved_on_time"]) == (
        0,
        1,
        0,
    )
    agree_with_rebuild()


def _ocr_missing() -> str | None:
    if shutil.which("tesseract") is None:
        return "tesseract is not installed"
    return None


@pytest.mark.skipif(_ocr_missing() is not None, reason=str(_ocr_missing()))
def test_a_paper_scan_made_or_tied_after_reception_counts_as_digitized(
    settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    world = build_world(components=OPTIONAL_PAPER)
    first = submit(world, documents=[]).dossier
    second = submit(world, documents=[]).dossier
    drain()
    assert public_counts(world.competent)["digitized"] == 0

    # a scan typed with the dossier's code, and one made before the code and tied afterwards
    document_digitize(
        agency=world.centre,
        reference=first.code,
        document_type="Giấy giới thiệu",
        name="giay-gioi-thieu.png",
        data=sample_png(),
        actor=world.receiver,
        at=AT + timedelta(hours=1),
    )
    drain()
    assert public_counts(world.competent)["digitized"] == 1
    loose = document_digitize(
        agency=world.centre,
        reference="",
        document_type="Giấy giới thiệu",
        name="giay-gioi-thieu.png",
        data=sample_png(),
        actor=world.receiver,
        at=AT + timedelta(hours=2),
    )
    document_attach(
        document=loose, reference=second.code, actor=world.receiver, at=AT + timedelta(hours=3)
    )
    drain()
    assert public_counts(world.competent)["digitized"] == 2
    agree_with_rebuild()

    # tied to the other dossier instead: the first one no longer counts twice, nor the second
    document_attach(
        document=loose, reference=first.code, actor=world.receiver, at=AT + timedelta(hours=4)
    )
    drain()
    assert public_counts(world.competent)["digitized"] == 1
    agree_with_rebuild()


def test_a_fee_settled_at_the_counter_moves_the_paid_figure(
    settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    world = build_world(fees=[FEE])
    dossier = submit(world, channel="online", actor=world.applicant_user).dossier
    drain()
    before = public_counts(world.competent)
    assert (before["with_fee"], before["paid_online"]) == (1, 0)

    payment_counter_record(
        reference=dossier.code,
        amount=dossier.fee_amount,
        method=PaymentMethod.COUNTER_CASH,
        payer_name=world.applicant.name,
        agency_code=dossier.receiving_agency.code,
        agency_name=dossier.receiving_agency.name,
        description="Phí thẩm định",
        actor=world.receiver,
        at=AT + timedelta(minutes=5),
    )
    drain()

    assert Dossier.objects.get(pk=dossier.pk).paid_at is not None
    assert public_counts(world.competent)["paid_online"] == 1
    agree_with_rebuild()


@pytest.fixture(scope="module")
def local_ca(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Pki, str]]:
    directory = tmp_path_factory.mktemp("pki")
    pki = pki_init(directory=directory, at=timezone.now())
    with run_tsa_sim(directory) as url:
        yield pki, url


def test_a_signed_result_counts_when_the_dossier_is_returned(
    local_ca: tuple[Pki, str], settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA_PKI_DIR = str(local_ca[0].directory)
    settings.MOTCUA_TSA_URL = local_ca[1]
    world: World = build_world(
        results=[{"kind": "certificate", "name": "Giấy xác nhận đăng ký nghĩa vụ quân sự"}]
    )
    keyfile_enrol(user=world.leader, pki=local_ca[0], at=AT)
    dossier = submit(world).dossier
    for n, actor in enumerate([world.receiver, world.specialist, world.leader], start=1):
        dossier = dossier_transition(
            dossier=dossier, action="complete_step", actor=actor, at=AT + timedelta(minutes=n)
        )
    drain()
    assert public_counts(world.competent)["result_digitized"] == 0  # signed, not yet returned

    dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT + timedelta(hours=1)
    )
    drain()

    counts = public_counts(world.competent)
    assert (counts["resolved"], counts["result_digitized"]) == (1, 1)
    agree_with_rebuild()


def test_data_reused_from_a_registry_counts_from_the_submission() -> None:
    world = build_world()
    submit(
        world,
        form_provenance={"to_khai.full_name": {"source": "population_registry", "verified": True}},
    )
    submit(world)
    drain()

    counts = public_counts(world.competent)
    assert (counts["reused"], counts["received"]) == (1, 2)
    agree_with_rebuild()


def test_the_cached_ranking_follows_the_figures_unless_told_to_wait(settings: Settings) -> None:
    world = build_world()
    submit(world)
    drain()
    period, on = Period.year(2026), date(2026, 3, 6)
    first = agency_indexes(period, on=on)
    assert agency_indexes(period, on=on)[0] is first[0]  # the same objects: nothing recomputed

    submit(world)
    drain()
    assert agency_indexes(period, on=on)[0].counts["received"] == 2  # the revision moved

    settings.MOTCUA_REPORTING_STALE_SECONDS = 3600
    submit(world)
    drain()
    assert agency_indexes(period, on=on)[0].counts["received"] == 2  # shown as computed
    settings.MOTCUA_REPORTING_CACHE_SECONDS = 0
    assert agency_indexes(period, on=on)[0].counts["received"] == 3


def test_the_tallies_have_their_own_handler_beside_the_notifications() -> None:
    # A failure of one is retried without running the other again (core.outbox deliveries).
    assert registered_handlers(EVENT_TOPIC) == [NOTIFY, TALLIES]
    assert registered_handlers(REFRESH_TOPIC) == [TALLIES]
