"""Once-only on the dossier side: prefill from the real registry simulator, submission with
provenance (checked, never trusted), deposit of results, reuse of them, access log, reuse rate."""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from motcua.core.errors import ValidationFailed
from motcua.dossiers.prefill import PrefillOffer, prefill_offer_build, prefill_provenance
from motcua.dossiers.services import dossier_open_for, dossier_transition
from motcua.dossiers.tests.factories import AT, PDF, PERSONAL_ID, World, build_world, submit
from motcua.registry.models import AccessChannel, DataStoreItem, RegistryEvidence
from motcua.registry.selectors import access_log_for
from motcua.registry.tests.simulators import RegistrySim, run_registry_sim
from motcua_dev.testing.processes import free_port

pytestmark = pytest.mark.django_db
CERTIFICATE = "Giấy chứng nhận đăng ký nghĩa vụ quân sự"
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["full_name", "personal_id", "height_cm"],
    "properties": {
        "full_name": {"type": "string", "title": "Họ tên", "x-prefill": "population.full_name"},
        "personal_id": {"type": "string", "x-prefill": "population.personal_id"},
        "birth_date": {"type": "string", "format": "date", "x-prefill": "population.birth_date"},
        "height_cm": {"type": "integer"},
    },
    "additionalProperties": False,
}
FIRST: list[dict[str, Any]] = [
    {"code": "phieu", "name": "Phiếu tự khai", "kind": "form", "schema": SCHEMA},
    {
        "code": "can_cuoc",
        "name": "Bản sao Thẻ căn cước",
        "kind": "document",
        "reusable_from": ["population_db", "vneid"],
    },
]
MOVE: list[dict[str, Any]] = [
    {
        "code": "giay_chung_nhan_nvqs",
        "name": f"Bản sao {CERTIFICATE}",
        "kind": "document",
        "reusable_from": ["data_store"],
    },
]


@pytest.fixture(scope="module")
def _sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistrySim]:
    with run_registry_sim(tmp_path_factory.mktemp("reg") / "key.pem", people=500) as sim:
        yield sim


@pytest.fixture
def registry(_sim: RegistrySim, settings: Settings, tmp_path: Path) -> RegistrySim:
    _sim.control(reset=True)
    settings.MOTCUA_REGISTRY_URL = _sim.url
    settings.MOTCUA_REGISTRY_PUBLIC_KEY_FILE = str(_sim.public_key_file)
    settings.MOTCUA_REGISTRY_TIMEOUT_SECONDS = 1
    return _sim


def _world(components: list[dict[str, Any]], **extra: Any) -> World:
    return build_world(
        components=components,
        results=[{"kind": "certificate", "name": CERTIFICATE, "template": "", "validity": ""}],
        **extra,
    )


def _offer(world: World) -> PrefillOffer:
    return prefill_offer_build(
        version=world.version, applicant=world.applicant, actor=world.applicant_user, at=AT
    )


def _submit_with(world: World, offer: PrefillOffer, form: dict[str, Any], **kw: Any) -> Any:
    provenance = prefill_provenance(
        offer=offer, form_data=form, choices=kw.pop("choices", {}), at=AT
    )
    return submit(world, form_data=form, documents=kw.pop("documents", []),
                  form_provenance=provenance, **kw)  # fmt: skip


def _filled(offer: PrefillOffer) -> dict[str, Any]:
    values = {v.key.split(".")[1]: v.value for v in offer.values}
    return {"phieu": {**values, "height_cm": 170}}


def test_prefill_offers_registry_values_and_satisfies_the_id_document(
    registry: RegistrySim,
) -> None:
    world = _world(FIRST)
    offer = _offer(world)

    assert {v.key: v.value for v in offer.values} == {
        "phieu.full_name": "Nguyễn Văn An",
        "phieu.personal_id": PERSONAL_ID,
        "phieu.birth_date": "1990-05-01",
    }
    assert [d.component for d in offer.documents] == ["can_cuoc"]
    assert offer.missing == []
    [request] = registry.requests()
    assert "1.001748" in request["purpose"]

    # when the applicant keeps every value and supplies no document
    dossier = _submit_with(world, offer, _filled(offer)).dossier

    provenance = dossier.form_provenance
    assert provenance["phieu.full_name"]["source"] == "population_db"
    assert provenance["phieu.full_name"]["verified"] is True
    assert provenance["phieu.height_cm"] == {
        "source": "applicant", "at": AT.isoformat(), "evidence": "", "verified": False,
    }  # fmt: skip
    assert provenance["documents.can_cuoc"]["verified"] is True
    evidence = RegistryEvidence.objects.get(
        evidence_id=provenance["documents.can_cuoc"]["evidence"]
    )
    assert evidence.dossier_code == dossier.code  # kept with the dossier, no longer a draft's


def test_a_declined_or_changed_value_is_recorded_as_typed(registry: RegistrySim) -> None:
    world = _world(FIRST)
    offer = _offer(world)
    form = _filled(offer)
    form["phieu"]["full_name"] = "Nguyễn Văn Ân"
    dossier = _submit_with(
        world, offer, form, choices={"phieu.birth_date": "decline"},
        documents=[("can_cuoc", "cc.pdf", PDF)],
    ).dossier  # fmt: skip
    assert dossier.form_provenance["phieu.full_name"]["source"] == "applicant"
    assert dossier.form_provenance["phieu.full_name"]["declined"] is True
    assert dossier.form_provenance["phieu.birth_date"]["verified"] is False


def test_a_registry_that_is_down_leaves_hand_entry_marked_unverified(
    settings: Settings,
) -> None:
    settings.MOTCUA_REGISTRY_URL = f"http://127.0.0.1:{free_port()}"
    world = _world(FIRST)
    offer = _offer(world)
    assert offer.values == []
    assert offer.documents == []
    assert ("population_db", "unavailable") in offer.missing

    form = {"phieu": {"full_name": "Nguyễn Văn An", "personal_id": PERSONAL_ID, "height_cm": 170}}
    with pytest.raises(ValidationFailed, match="chưa hợp lệ"):
        _submit_with(world, offer, form)  # the ID document must now be uploaded
    dossier = _submit_with(world, offer, form, documents=[("can_cuoc", "cc.pdf", PDF)]).dossier
    entry = dossier.form_provenance["phieu.full_name"]
    assert entry["verified"] is False
    assert entry["unavailable"] == ["population_db"]


def test_a_forged_provenance_claim_is_not_trusted(registry: RegistrySim) -> None:
    world = _world(FIRST)
    offer = _offer(world)
    # evidence about somebody else cannot stand in for this applicant's document
    other = RegistryEvidence.objects.get(evidence_id=offer.documents[0].evidence)
    other.subject = "031203004567"
    other.save()
    forged = {
        "documents.can_cuoc": {
            "source": "population_db", "evidence": other.evidence_id, "verified": True, "at": "",
        },
        "phieu.full_name": {"source": "population_db", "evidence": "ev-none", "verified": True},
    }  # fmt: skip
    with pytest.raises(ValidationFailed) as error:
        submit(world, form_data=_filled(offer), documents=[], form_provenance=forged)
    assert "documents.can_cuoc" in {p.path for p in error.value.problems}

    forged.pop("documents.can_cuoc")
    dossier = submit(
        world, form_data=_filled(offer), documents=[("can_cuoc", "c.pdf", PDF)],
        form_provenance=forged,
    ).dossier  # fmt: skip
    assert dossier.form_provenance["phieu.full_name"]["verified"] is False
    assert dossier.form_provenance["phieu.full_name"]["unverified_claim"] is True


def _finish(world: World, dossier: Any) -> Any:
    for actor in (world.receiver, world.specialist, world.receiver):
        dossier = dossier_transition(
            dossier=dossier, action="complete_step", actor=actor, at=AT + timedelta(minutes=30)
        )
    return dossier


def test_a_finished_result_is_reused_by_a_later_dossier(registry: RegistrySim) -> None:
    world = _world(FIRST, steps=_steps())
    first = _submit_with(world, (offer := _offer(world)), _filled(offer)).dossier
    first = _finish(world, first)

    [item] = DataStoreItem.objects.filter(owner=PERSONAL_ID)
    assert item.title == CERTIFICATE
    assert item.source_dossier == first.code

    # a later procedure needing the certificate takes it from the data store
    from motcua.catalog.tests.factories import published_version

    move = published_version(national_code="1.001766", name="Chuyển đi", components=MOVE,
                             steps=_steps(), processing_time_value=3)  # fmt: skip
    later_world = World(**{**world.__dict__, "version": move})
    offer = _offer(later_world)
    [document] = offer.documents
    assert document.source == "data_store"
    assert document.item == item.pk
    second = _submit_with(later_world, offer, {}).dossier
    assert second.form_provenance["documents.giay_chung_nhan_nvqs"]["item"] == item.pk
    assert not second.documents.exists()


def _steps() -> list[dict[str, Any]]:
    """Without a leader's step: no signature here (signing has its own tests), plain results."""
    from motcua.dossiers.tests.factories import STEPS

    return [s for s in STEPS if s["role"] != "leader"]


def test_an_officer_opening_a_dossier_is_in_the_citizen_access_log(registry: RegistrySim) -> None:
    world = _world(FIRST)
    dossier = _submit_with(world, (offer := _offer(world)), _filled(offer)).dossier

    dossier_open_for(user=world.specialist, code=dossier.code, at=AT, purpose="view")
    dossier_open_for(user=world.applicant_user, code=dossier.code, at=AT, purpose="view")

    channels = [a.channel for a in access_log_for(subject=PERSONAL_ID)]
    assert sorted(channels) == [AccessChannel.OFFICER_VIEW, AccessChannel.REGISTRY_CALL]
    officer = access_log_for(subject=PERSONAL_ID).get(channel=AccessChannel.OFFICER_VIEW)
    assert officer.dossier_code == dossier.code
    assert officer.accessor == f"user:{world.specialist.pk}"
