"""A submission's body read into the domain's inputs: its JSON shape, the documents (JSON or
multipart), the applicant, and who files on which channel (a citizen for themself or as a
representative, an officer at the counter or by post).
"""

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.request import Request

from motcua.accounts.models import Applicant, OneStopUnit, User
from motcua.accounts.permissions import filer_rights
from motcua.api.fields import (
    ChoiceField,
    IdField,
    ListField,
    ObjectField,
    TextField,
    day_or_problem,
)
from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.dossiers.models import (
    DossierChannel,
    Representation,
    RepresentationBasis,
    ReturnMethod,
)
from motcua.dossiers.services import (
    ApplicantData,
    DocumentInput,
)


def document_inputs(request: Request, raw: Any) -> list[DocumentInput]:
    documents: list[DocumentInput] = []
    problems: list[FieldProblem] = []
    for index, item in enumerate(raw or []):
        if not isinstance(item, dict):
            problems.append(FieldProblem(f"documents[{index}]", _("Giấy tờ không hợp lệ.")))
            continue
        try:
            content = base64.b64decode(str(item.get("content_base64", "")), validate=True)
        except (binascii.Error, ValueError):
            problems.append(
                FieldProblem(
                    f"documents[{index}].content_base64", _("Nội dung base64 không hợp lệ.")
                )
            )
            continue
        documents.append((str(item.get("component", "")), str(item.get("name", "")), content))
    # Multipart: each file's field name is its component code.
    documents.extend(
        (component, upload.name or "", upload)
        for component, files in request.FILES.lists()
        for upload in files
        if isinstance(upload, UploadedFile)
    )
    if problems:
        raise ValidationFailed(_("Hồ sơ chưa hợp lệ nên chưa được tiếp nhận."), problems=problems)
    return documents


def _applicant_data(raw: dict[str, Any], problems: list[FieldProblem]) -> ApplicantData:
    birth = raw.get("birth_date")
    return ApplicantData(
        kind=str(raw.get("kind", "citizen")),
        name=str(raw.get("name", "")),
        personal_id=str(raw.get("personal_id", "")),
        tax_code=str(raw.get("tax_code", "")),
        birth_date=(
            day_or_problem(birth, path="applicant.birth_date", problems=problems) if birth else None
        ),
        sex=str(raw.get("sex", "")),
        phone=str(raw.get("phone", "")),
        email=str(raw.get("email", "")),
        address=str(raw.get("address", "")),
    )


def _applicant(
    user: User, raw: Any, problems: list[FieldProblem]
) -> Applicant | ApplicantData | None:
    if isinstance(raw, dict) and raw:
        return _applicant_data(raw, problems)
    own = Applicant.objects.filter(user=user).first()
    if own is None:
        problems.append(
            FieldProblem("applicant", _("Vui lòng cung cấp thông tin người nộp hồ sơ."))
        )
    return own


@dataclass(frozen=True)
class Filing:
    """What the server knows of a submission from its principal, not from the client's word."""

    channel: str
    applicant: Applicant | ApplicantData
    representation: Representation | None = None


def _same_person(own: Applicant, raw: dict[str, Any]) -> bool:
    personal_id = str(raw.get("personal_id", "")).strip()
    tax_code = str(raw.get("tax_code", "")).strip()
    if not personal_id and not tax_code:
        return True  # names no one else: the filer themself
    return (not personal_id or personal_id == own.personal_id) and (
        not tax_code or tax_code == own.tax_code
    )


def _citizen_filing(user: User, body: Any, problems: list[FieldProblem]) -> Filing | None:
    """A citizen (or business) files online, as themself or as a declared representative.

    Counter and postal reception are an officer's record: a client-sent ``channel`` other than
    ``online`` is refused, naming the field. Another person's identity is accepted only with a
    ``representation`` (basis, and for an authorisation its reference: the represented person's
    consent), and the filer is kept on the dossier as the representative.
    """
    channel = body.get("channel")
    if channel not in (None, "", DossierChannel.ONLINE):
        problems.append(
            FieldProblem(
                "channel",
                _(
                    "Người dân, doanh nghiệp nộp hồ sơ trực tuyến; hồ sơ tiếp nhận tại quầy hoặc "
                    "qua bưu chính do cán bộ một cửa ghi nhận."
                ),
            )
        )
    own = Applicant.objects.filter(user=user).first()
    if own is None:
        problems.append(
            FieldProblem(
                "applicant",
                _("Tài khoản này chưa gắn với người nộp hồ sơ; hãy đăng nhập bằng VNeID."),
            )
        )
        return None
    raw = body.get("applicant")
    raw = raw if isinstance(raw, dict) else {}
    declared = body.get("representation")
    if declared in (None, "", {}):
        if not _same_person(own, raw):
            problems.append(
                FieldProblem(
                    "applicant.personal_id",
                    _(
                        "Bạn chỉ nộp hồ sơ cho chính mình. Nộp thay người khác thì khai báo việc "
                        "đại diện (representation) với căn cứ và văn bản ủy quyền."
                    ),
                )
            )
        return Filing(channel=DossierChannel.ONLINE, applicant=own)
    if not isinstance(declared, dict):
        problems.append(
            FieldProblem("representation", _("Thông tin đại diện phải là một đối tượng."))
        )
        return None
    basis = declared.get("basis")
    reference = str(declared.get("authorisation_reference") or "").strip()
    if basis not in RepresentationBasis.values:
        problems.append(
            FieldProblem(
                "representation.basis",
                _("Căn cứ đại diện phải là authorised (ủy quyền) hoặc legal (theo pháp luật)."),
            )
        )
    if basis == RepresentationBasis.AUTHORISED and not reference:
        problems.append(
            FieldProblem(
                "representation.authorisation_reference",
                _("Nêu số, ngày của văn bản ủy quyền của người được đại diện."),
            )
        )
    if len(reference) > 200:
        problems.append(
            FieldProblem("representation.authorisation_reference", _("Tối đa 200 ký tự."))
        )
    if not raw or _same_person(own, raw):
        problems.append(
            FieldProblem(
                "applicant",
                _("Khai báo người được đại diện (họ tên, số định danh cá nhân hoặc mã số thuế)."),
            )
        )
    return Filing(
        channel=DossierChannel.ONLINE,
        applicant=_applicant_data(raw, problems),
        representation=Representation(
            representative=own, basis=str(basis), authorisation_reference=reference
        ),
    )


def filing_of(
    user: User, body: Any, unit: OneStopUnit | None, at: datetime, problems: list[FieldProblem]
) -> Filing | None:
    """The channel and applicant of a submission, decided from who sends it."""
    officer, receives = filer_rights(user=user, unit=unit, on=timezone.localdate(at))
    if not officer:
        return _citizen_filing(user, body, problems)
    channel = str(body.get("channel") or DossierChannel.COUNTER)
    if channel not in (DossierChannel.COUNTER, DossierChannel.POST):
        problems.append(
            FieldProblem(
                "channel",
                _(
                    "Cán bộ ghi nhận hồ sơ tiếp nhận tại quầy (counter) hoặc qua bưu chính "
                    "(post); hồ sơ trực tuyến do chính người nộp gửi."
                ),
            )
        )
    if unit is not None and not receives:
        problems.append(
            FieldProblem(
                "receiving_unit",
                _("Chỉ cán bộ một cửa của bộ phận này mới ghi nhận hồ sơ tiếp nhận tại đây."),
            )
        )
    applicant = _applicant(user, body.get("applicant"), problems)
    if applicant is None:
        return None
    return Filing(channel=channel, applicant=applicant)


class DossierReturnAddress(serializers.Serializer[Any]):
    recipient = TextField(required=False, help_text="Họ tên người nhận")
    phone = TextField(required=False, help_text="Số điện thoại di động người nhận")
    street = TextField(required=False, help_text="Số nhà, đường, thôn, xóm")
    commune_code = TextField(
        required=False, help_text="Mã xã, phường, đặc khu (5 chữ số) đang có hiệu lực"
    )

    default_error_messages = {
        "invalid": gettext_lazy("Phải là một đối tượng JSON ({{…}})."),
    }


class DossierSubmitRequest(serializers.Serializer[Any]):
    """The body of a submission, each field of its JSON type; what the values mean is checked by
    ``dossier_submit``."""

    procedure = TextField(help_text="Mã thủ tục, ví dụ 1.001748")
    channel = TextField(
        required=False,
        help_text=(
            "Kênh nộp (online, counter, post), do máy chủ xác định theo người gửi: người dân, "
            "doanh nghiệp chỉ nộp online; cán bộ một cửa ghi nhận counter (mặc định) hoặc post. "
            "Giá trị trái với người gửi bị từ chối (400)."
        ),
    )
    administrative_unit_code = TextField(required=False)
    receiving_unit = IdField(required=False, allow_null=True)
    applicant = ObjectField(
        required=False,
        allow_null=True,
        help_text="Người nộp hồ sơ. Người dân chỉ nộp cho chính mình, trừ khi khai báo representation",
    )
    representation = ObjectField(
        required=False,
        allow_null=True,
        help_text="Người dân nộp thay người khác: người gửi được ghi là người đại diện",
    )
    form_data = ObjectField(required=False, allow_null=True)
    documents = ListField(child=ObjectField(), required=False, allow_null=True)
    return_method = ChoiceField(
        choices=ReturnMethod.choices,
        required=False,
        help_text="Hình thức nhận kết quả; mặc định counter (tại Bộ phận Một cửa)",
    )
    return_address = DossierReturnAddress(
        required=False, help_text="Bắt buộc khi return_method là post"
    )
