"""One fee answer everywhere: for every procedure of the demo catalogue and every channel it offers,
the procedure page, the search results, the API, the check page before sending and the fee stored
on the dossier all give the amount of the one calculation (``catalog.fees.fee_quote``)."""

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from motcua.accounts.models import AdministrativeUnit, ApplicantKind, OneStopUnit, User
from motcua.accounts.services import applicant_create
from motcua.catalog.fee_rules import FeeQuote
from motcua.catalog.fees import fee_quote, version_channels
from motcua.catalog.models import Channel, Component, ComponentKind, ProcedureVersion
from motcua.catalog.selectors import procedure_search
from motcua.dossiers.models import Dossier, DossierChannel
from motcua.dossiers.services import ApplicantData, dossier_submit, dossier_submit_by_post
from motcua.portal.selectors import places_for
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.testing.samples import sample_pdf

pytestmark = pytest.mark.django_db

#: Phường Hoàn Kiếm, Hà Nội: the demo's ward with a centre and every competent agency.
WARD = "00070"
APPLICANT = ApplicantData(
    kind=ApplicantKind.CITIZEN,
    name="Phạm Thị Mai",
    personal_id="001192012345",
    birth_date=date(1992, 8, 20),
    sex="female",
    phone="0987654321",
    email="",
    address="Số 5 phố Tràng Tiền, Phường Hoàn Kiếm",
)
DOSSIER_CHANNEL: dict[str, str] = {
    Channel.ONLINE: DossierChannel.ONLINE,
    Channel.DIRECT: DossierChannel.COUNTER,
    Channel.POST: DossierChannel.POST,
}
AMOUNT = re.compile(r'data-fee-channel="(\w+)" data-fee-amount="(\d*)"')


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _amounts(html: str) -> dict[str, int | None]:
    return {channel: int(v) if v else None for channel, v in AMOUNT.findall(html)}


def _value(prop: dict[str, Any]) -> Any:
    if prop.get("type") == "array":  # a repeating group: one line of it
        return [{name: _value(sub) for name, sub in prop["items"]["properties"].items()}]
    if "enum" in prop:
        return prop["enum"][0]
    if prop.get("type") == "integer":
        return prop.get("minimum", 1)
    if prop.get("type") == "boolean":
        return True
    if prop.get("format") == "date":
        return "1992-08-20"
    if prop.get("format") == "email":
        return "mai@example.vn"
    if prop.get("pattern") == "^[0-9]{12}$":
        return APPLICANT.personal_id
    if prop.get("pattern") == "^0[0-9]{9}$":
        return APPLICANT.phone
    if prop.get("pattern") == "^[0-2][0-9]:[0-5][0-9]$":
        return "08:30"
    return "Phạm Thị Mai"


def _form_data(version: ProcedureVersion) -> dict[str, dict[str, Any]]:
    return {
        c.code: {name: _value(prop) for name, prop in (c.schema or {})["properties"].items()}
        for c in Component.objects.filter(version=version, kind=ComponentKind.FORM)
    }


def _documents(version: ProcedureVersion) -> list[tuple[str, str, bytes]]:
    return [
        (c.code, f"{c.code}.pdf", sample_pdf())
        for c in Component.objects.filter(version=version, kind=ComponentKind.DOCUMENT)
    ]


def _portal_check_and_send(client: Client, version: ProcedureVersion) -> tuple[str, Dossier]:
    url = f"/thu-tuc/{version.code}/nop-ho-so/"
    form = client.get(url).content.decode()
    key = re.search(r'name="khoa" value="([0-9a-f]{32})"', form)
    assert key is not None, version.code
    # The place the form offers: the ward, or its province for a procedure the province decides.
    places = places_for(version=version, on=timezone.localdate())
    province = AdministrativeUnit.objects.get(code=WARD).parent
    place = province.code if places.province_level and province is not None else WARD
    answers: dict[str, Any] = {"don_vi_hanh_chinh": place, "khoa": key.group(1)}
    for code, data in _form_data(version).items():
        for name, value in data.items():
            cells = (
                {
                    f"{name}__{row}__{sub}": v
                    for row, line in enumerate(value)
                    for sub, v in line.items()
                }
                if isinstance(value, list)
                else {name: value}
            )
            for cell, given in cells.items():
                answers[f"f__{code}__{cell}"] = "on" if given is True else str(given)
    for code, name, content in _documents(version):
        answers[f"d__{code}"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    step = client.post(url, answers)
    assert step.status_code == 302, (version.code, step.content.decode()[:3000])
    check = client.get(step["Location"]).content.decode()
    sent = client.post(f"/thu-tuc/{version.code}/nop-ho-so/kiem-tra/", {"khoa": key.group(1)})
    assert sent.status_code == 302, version.code
    return check, Dossier.objects.get(code=sent["Location"].split("/")[2])


def _stored(
    version: ProcedureVersion, channel: str, *, at: datetime, officer: User, unit: OneStopUnit
) -> Dossier:
    if channel == DossierChannel.POST:
        result = dossier_submit_by_post(
            inbound_tracking_number=f"EB{abs(hash(version.code)) % 10**9:09d}VN",
            version=version,
            applicant=APPLICANT,
            form_data=_form_data(version),
            documents=_documents(version),
            administrative_unit_code=WARD,
            receiving_unit=unit,
            actor=officer,
            at=at,
        )
        return result.dossier
    return dossier_submit(
        version=version,
        applicant=APPLICANT,
        channel=channel,
        form_data=_form_data(version),
        documents=_documents(version),
        administrative_unit_code=WARD,
        receiving_unit=unit,
        actor=officer,
        at=at,
    ).dossier


def test_every_demo_procedure_and_channel_has_one_fee_everywhere(citizen: Client) -> None:
    at = timezone.now()
    loaded = at - timedelta(days=60)
    accounts_demo.load(at=loaded)
    calendar_demo.load(at=loaded)
    catalog_demo.load(at=loaded)
    on = timezone.localdate(at)
    officer = User.objects.get(username="canbo.hoankiem")
    unit = OneStopUnit.objects.filter(agency__administrative_unit__code=WARD).first()
    assert unit is not None
    anonymous = Client()
    versions = list(procedure_search(on=on))
    assert len(versions) >= 12
    seen_unknown = seen_channel_difference = False

    for version in versions:
        channels = version_channels(version)
        quotes: dict[str, FeeQuote] = {
            c: fee_quote(version=version, administrative_unit_code=None, on=on, channel=c)
            for c in channels
        }
        expected = {c: q.amount for c, q in quotes.items()}
        seen_unknown |= None in expected.values()
        seen_channel_difference |= len(set(expected.values())) > 1

        page = anonymous.get(f"/thu-tuc/{version.code}/").content.decode()
        channels_block = page.split('data-testid="fee-channels"')[1].split("</dl>")[0]
        assert _amounts(channels_block) == expected, version.code
        for q in quotes.values():
            assert q.text in channels_block, version.code

        results = anonymous.get("/thu-tuc/", {"q": version.code}).content.decode()
        assert _amounts(results.split('data-testid="result-fee"')[1].split("</p>")[0]) == expected

        api = anonymous.get(f"/api/v1/procedures/{version.code}/").json()
        assert {f["channel"]: f["amount"] for f in api["fee_by_channel"]} == expected
        assert {f["channel"]: f["text"] for f in api["fee_by_channel"]} == {
            c: q.text for c, q in quotes.items()
        }

        for channel in channels:
            local = fee_quote(
                version=version, administrative_unit_code=WARD, on=on, channel=channel
            )
            if channel == Channel.ONLINE:
                check, dossier = _portal_check_and_send(citizen, version)
                fee_block = check.split('data-testid="fee-quote"')[1].split("</dl>")[0]
                assert _amounts(fee_block) == {"online": local.amount}, version.code
                assert local.text in fee_block
            else:
                dossier = _stored(
                    version, DOSSIER_CHANNEL[channel], at=at, officer=officer, unit=unit
                )
            assert dossier.fee_basis["amount"] == local.amount, (version.code, channel)
            assert dossier.fee_amount == (local.amount or 0), (version.code, channel)
            assert dossier.fee_basis["known"] is local.known
            assert dossier.fee_basis["channel"] == channel

    # the demo has a fee left to a regulation and a fee cheaper online: both were compared
    assert seen_unknown
    assert seen_channel_difference


@pytest.fixture
def citizen() -> Client:
    user = User.objects.create(username="citizen.fees")
    applicant_create(
        kind=ApplicantKind.CITIZEN,
        name="Nguyễn Văn An",
        personal_id="001090012345",
        birth_date=date(1990, 5, 1),
        phone="0912345678",
        address="Số 1 phố Thử",
        user=user,
        at=timezone.now(),
        actor="test",
    )
    client = Client()
    client.force_login(user)
    return client
