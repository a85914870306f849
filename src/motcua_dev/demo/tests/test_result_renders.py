"""Every demo procedure that issues a result issues its real document: each renders to PNG, its QR
code opens the verification page, ``pdftotext`` finds every required part of its template, and
the file is PDF/A-2b (output intent, XMP declaration, embedded fonts)."""

import io
import re
import subprocess
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pikepdf
import pytest
from pikepdf import pdfa

from motcua.accounts.models import OneStopUnit
from motcua.catalog.models import Channel, Level, ProcedureVersion, VersionStatus
from motcua.catalog.result_templates import result_template
from motcua.dossiers.models import Dossier
from motcua.dossiers.paper.result_pdf import render_result
from motcua.dossiers.paper.slips import MOTTO, MOTTO_LINE
from motcua.dossiers.result_content import result_document, result_number, verify_url
from motcua.dossiers.services import dossier_submit
from motcua.dossiers.tests.judicial_record import MAI
from motcua.dossiers.tests.slip_helpers import qr_texts
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo.result_documents import RESULT_DOCUMENTS
from motcua_dev.demo.tests.test_demo_routing import _application
from motcua_dev.testing.processes import require_tools

pytestmark = pytest.mark.django_db

#: A Monday morning in Hà Nội, after the demo's units and agencies came into force.
AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
SIGNER = "Nguyễn Văn Bình"
CODE = "ABCD-EFGH-JKLM-NPQR"


def _filed(
    version: ProcedureVersion, more: Mapping[str, Mapping[str, Any]] = MappingProxyType({})
) -> Dossier:
    """A dossier of Phạm Thị Mai for ``version``, filed for Phường Hoàn Kiếm; ``more`` answers
    optional questions, by form, besides the demo's required ones."""
    forms, documents = _application(version)
    for form, answers in more.items():
        forms[form] = {**forms.get(form, {}), **answers}
    online = Channel.ONLINE in version.channels
    return dossier_submit(
        version=version,
        applicant=MAI,
        channel="online" if online else "counter",
        form_data=forms,
        documents=documents,
        administrative_unit_code="01" if Level.PROVINCE in version.levels else "00070",
        receiving_unit=None if online else OneStopUnit.objects.get(agency__code="000.00.01.H26"),
        actor=None,
        at=AT,
    ).dossier


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(pdf)
    layout = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(layout.split())


def test_every_demo_result_renders_with_every_required_part_as_pdfa(tmp_path: Path) -> None:
    require_tools("pdftotext", "pdftoppm", packages="poppler-utils")
    accounts_demo.load(at=AT)
    calendar_demo.load(at=AT)
    catalog_demo.load(at=AT)
    versions = list(
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("procedure")
        .prefetch_related("components")
        .order_by("procedure__national_code")
    )
    issuing = [v for v in versions if v.results]
    # every procedure of the demo that issues a result has its document
    assert sorted(v.procedure.code for v in issuing) == sorted(RESULT_DOCUMENTS)

    for version in issuing:
        label = version.procedure.code
        template = result_template(version.results)
        assert template is not None, label
        dossier = _filed(version)
        number = result_number(dossier)
        assert number == f"{dossier.code}/{RESULT_DOCUMENTS[label]['symbol']}", label
        document = result_document(dossier, CODE, number, at=AT, signer_name=SIGNER)
        pdf = render_result(document)

        # the pages render, and the QR code of the last one (under the signer block: a
        # construction permit takes two pages) opens the verification page
        with pikepdf.open(io.BytesIO(pdf)) as rendered:
            last = len(rendered.pages)
        assert qr_texts(pdf, tmp_path, page=last) == [verify_url(CODE)], label
        text = _text(pdf, tmp_path)
        agency = dossier.competent_agency
        required = [
            MOTTO,
            MOTTO_LINE,
            # the superior agency heads the issuing one, where there is one
            *([agency.parent.name.upper()] if agency.parent else []),
            agency.name.upper(),
            f"Số: {number}",
            "Hà Nội, ngày 02 tháng 03 năm 2026",
            document.title.upper(),
            f"Cấp cho: {MAI.name}",
            f"{template.statement_label}: {document.statement[1] if document.statement else ''}",
            *(line.upper() for line in template.signer_title.splitlines()),
            SIGNER,
            f"Mã xác thực: {CODE}",
            *document.basis,
            *document.closing,
        ]
        missing = [part for part in required if part not in text]
        assert not missing, f"{label}: {missing}"
        assert "{" not in text, label  # every placeholder filled

        # PDF/A-2b: the written file passes pikepdf's validator, with its declaration and intent
        assert pdfa.validate_written(tmp_path / "ket-qua.pdf", "2b").passed, label
        with pikepdf.open(tmp_path / "ket-qua.pdf") as opened:
            meta = opened.open_metadata()
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B"), label
            [intent] = opened.Root.OutputIntents
            assert intent.S == "/GTS_PDFA1", label
            assert "sRGB" in str(intent.OutputConditionIdentifier), label
        fonts = subprocess.run(
            ["pdffonts", str(tmp_path / "ket-qua.pdf")], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert fonts, label
        assert all(re.search(r"NotoSans|DejaVuSans", row) for row in fonts), fonts
        assert all(" yes yes " in row for row in fonts), fonts  # embedded, subset
