"""The demo's declaration forms ask what their procedure needs, as the official template lists
it, and a result template that is not well formed cannot be stored."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from motcua.catalog.models import ComponentKind, ProcedureVersion, VersionStatus
from motcua.catalog.services import procedure_draft_update, procedure_version_new_draft
from motcua.core.errors import ValidationFailed
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo

pytestmark = pytest.mark.django_db

#: Procedure, its form, and the questions of the official template that form must ask.
ASKED = {
    "1.004194": ("to_khai_cu_tru", {"full_name", "personal_id", "new_address"}),
    "2.000575": (
        "giay_de_nghi_hkd",
        {"full_name", "business_name", "business_line", "capital", "business_location"},
    ),
    "2.001417": ("to_khai_lltp", {"full_name", "birth_date", "form_no", "purpose"}),
}


def _version(code: str) -> ProcedureVersion:
    return ProcedureVersion.objects.get(
        procedure__national_code=code, status=VersionStatus.PUBLISHED
    )


@pytest.fixture
def demo() -> None:
    at = timezone.now() - timedelta(days=1)
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)


@pytest.mark.parametrize("code", sorted(ASKED))
def test_each_form_requires_the_questions_of_its_official_template(demo: None, code: str) -> None:
    form_code, wanted = ASKED[code]
    form = _version(code).components.get(code=form_code, kind=ComponentKind.FORM)
    schema: dict[str, Any] = form.schema or {}
    assert wanted <= set(schema["required"])
    assert all(schema["properties"][name]["title"] for name in wanted)


def test_the_judicial_record_form_offers_form_no_1_or_2_and_counts_copies_with_the_fee(
    demo: None,
) -> None:
    version = _version("2.001417")
    schema: dict[str, Any] = version.components.get(code="to_khai_lltp").schema or {}
    assert schema["properties"]["form_no"]["enum"] == ["1", "2"]
    # the copies are asked once, by the fee fields, because a fee rule counts them
    assert "copies" not in schema["properties"]
    assert "so_ban" not in schema["properties"]
    assert version.fees.filter(item_input="copies", from_item=3).exists()


def test_a_result_template_without_a_signer_title_is_refused_naming_it(demo: None) -> None:
    version = _version("2.001417")
    draft = procedure_version_new_draft(
        procedure=version.procedure, at=timezone.now(), actor="test"
    )
    broken = [{**version.results[0], "document": {"title": "Phiếu", "fields": []}}]
    with pytest.raises(ValidationFailed) as refused:
        procedure_draft_update(
            version=draft, changes={"results": broken}, at=timezone.now(), actor="test"
        )
    assert "signer_title" in str(
        [problem.message for problem in refused.value.problems if "document" in problem.path]
    )
