"""The data-reuse rate of once-only filing, over dossiers submitted with and without prefill."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from pytest_django.fixtures import Settings

from motcua.dossiers.prefill import prefill_offer_build, prefill_provenance
from motcua.dossiers.tests.factories import AT, PDF, PERSONAL_ID, build_world, submit
from motcua.registry.tests.simulators import RegistrySim, run_registry_sim
from motcua.reporting.reuse import reuse_rate_by_procedure

pytestmark = pytest.mark.django_db
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


def test_reuse_rate_counts_state_filled_fields_over_fields_needed(registry: RegistrySim) -> None:
    world = build_world(components=FIRST)
    offer = prefill_offer_build(
        version=world.version, applicant=world.applicant, actor=world.applicant_user, at=AT
    )
    values = {v.key.split(".")[1]: v.value for v in offer.values}
    form = {"phieu": {**values, "height_cm": 170}}
    provenance = prefill_provenance(offer=offer, form_data=form, choices={}, at=AT)
    submit(world, form_data=form, documents=[], form_provenance=provenance)  # 3 of 4 fields, 1 doc
    submit(
        world,
        form_data={"phieu": {"full_name": "A", "personal_id": PERSONAL_ID, "height_cm": 1}},
        documents=[("can_cuoc", "c.pdf", PDF)],
    )  # nothing from the state: 0 of 3 fields and 1 document
    [row] = reuse_rate_by_procedure()
    assert (row.dossiers, row.needed, row.from_state) == (2, 9, 4)
    assert row.percent == "44,4%"
    with translation.override("en"):
        assert row.percent == "44.4%"
