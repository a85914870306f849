"""Public verification of a signed result (``/verify/<code>/``, the QR code of Circular 01/2023).

No login: anyone holding the document may check it. The stored file is verified cryptographically
on each visit; an uploaded copy must pass the same checks and equal the stored file byte for byte.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers.models import DossierResult
from motcua.dossiers.results import result_by_verification_code, result_bytes

if TYPE_CHECKING:
    from motcua.signing.verification import VerificationReport


def pdf_verify(*, pdf: bytes) -> "VerificationReport":
    """pyHanko is loaded by the first verification, not by every web worker at start."""
    from motcua.signing.verification import pdf_verify as verify_pdf

    return verify_pdf(pdf=pdf)


class VerifyUploadForm(forms.Form):
    tep = forms.FileField(
        label=gettext_lazy("Tệp PDF cần kiểm tra"),
        help_text=gettext_lazy(
            "Tệp văn bản bạn nhận được; hệ thống so khớp từng byte với bản gốc."
        ),
        error_messages={"required": gettext_lazy("Vui lòng chọn tệp PDF.")},
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


@dataclass(frozen=True)
class SignerLine:
    name: str
    organisation: str
    signed_at: datetime | None
    ok: bool


@dataclass(frozen=True)
class VerifyView:
    code: str
    title: str
    number: str
    dossier_code: str
    agency: str
    sha256: str
    authentic: bool
    final: bool
    signers: tuple[SignerLine, ...]
    problems: tuple[str, ...]


def _view(result: DossierResult, report: "VerificationReport") -> VerifyView:
    problems = report.all_problems()
    if report.sha256 != result.sha256:
        problems.append(_("Tệp lưu trữ không khớp với mã băm đã ghi khi ban hành."))
    return VerifyView(
        code=result.verification_code,
        title=result.title,
        number=result.number,
        dossier_code=result.dossier.code,
        # A slip names the agency that issued it (the receiving one for a receipt).
        agency=str((result.data or {}).get("agency_name") or result.dossier.competent_agency.name),
        sha256=result.sha256,
        authentic=not problems and result.signed_at is not None,
        final=result.signed_at is not None,
        signers=tuple(
            SignerLine(s.signer, s.organisation, s.signed_at, s.ok) for s in report.signatures
        ),
        problems=tuple(problems),
    )


def _upload_verdict(result: DossierResult, data: bytes) -> tuple[bool, list[str]]:
    report = pdf_verify(pdf=data)
    problems = report.all_problems()
    if hashlib.sha256(data).hexdigest() != result.sha256:
        problems.insert(0, _("Tệp không trùng khớp từng byte với văn bản gốc đã ban hành."))
    return not problems, problems


def verify(request: HttpRequest, code: str) -> HttpResponse:
    result = result_by_verification_code(code)
    if result is None:
        return render(request, "portal/verify_missing.html", {"code": code}, status=404)
    view = _view(result, pdf_verify(pdf=result_bytes(result)))
    form = VerifyUploadForm()
    upload: dict[str, object] | None = None
    status = 200
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            file = form.cleaned_data["tep"]
            if file.size > settings.MOTCUA_MAX_UPLOAD_BYTES:
                form.add_error("tep", _("Tệp quá lớn."))
            else:
                ok, problems = _upload_verdict(result, file.read())
                upload = {"ok": ok, "problems": problems, "name": file.name}
                status = 200 if ok else 422
        if form.errors:
            status = 400
    return render(
        request,
        "portal/verify.html",
        {"result": view, "form": form, "upload": upload},
        status=status,
    )
