"""Citizens who log in with VNeID: their user and applicant rows, from verified ID-token claims.

The claims are trusted only after :mod:`motcua.accounts.contrib.vneid.client` has checked the
token; the personal ID is checked again here, as every identifier entering the system is.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.identifiers import check_mobile_phone, check_personal_id
from motcua.accounts.models import Applicant, ApplicantKind, Sex, User
from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.services import audit_append
from motcua.core.text import nfc

ACTOR = "system:vneid"


def _claim(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    if isinstance(value, dict):  # the standard "address" claim is an object
        value = value.get("formatted", "")
    return nfc(str(value)).strip() if value is not None else ""


def _birth_date(value: str, problems: list[FieldProblem]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(FieldProblem("birthdate", _("Ngày sinh do VNeID cung cấp không hợp lệ.")))
        return None


def applicant_from_identity(*, claims: dict[str, Any], at: datetime) -> Applicant:
    """The applicant (and its user) of the citizen who logged in; created or brought up to date.

    The personal ID is the key: an applicant already known by it (filed at a counter, say) is
    linked to the login rather than duplicated. Bad claims raise :class:`ValidationFailed` and
    write nothing.
    """
    problems: list[FieldProblem] = []
    today = timezone.localdate(at)
    name = _claim(claims, "name")
    if not name:
        problems.append(FieldProblem("name", _("VNeID không cung cấp họ tên.")))
    birth_date = _birth_date(_claim(claims, "birthdate"), problems)
    sex = _claim(claims, "gender")
    sex = sex if sex in Sex.values else ""
    checked = check_personal_id(
        _claim(claims, "personal_id"), today=today, birth_date=birth_date, sex=sex or None
    )
    if not checked.valid:
        problems.append(FieldProblem("personal_id", checked.reason))
    phone = _claim(claims, "phone_number")
    if phone:
        phone_check = check_mobile_phone(phone)
        phone = phone_check.value if phone_check.valid else ""
    email = _claim(claims, "email")
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            email = ""
    if problems:
        raise ValidationFailed(_("Không xác minh được danh tính từ VNeID."), problems=problems)
    personal_id = checked.value
    address = _claim(claims, "address")
    username = f"vneid-{personal_id}"
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        created_user = user is None
        if user is None:
            user = User(username=username)
            user.set_unusable_password()
        user.full_name = name
        user.email = email
        user.is_active = True
        user.save()
        applicant = (
            Applicant.objects.select_for_update().filter(personal_id=personal_id).first()
            or Applicant.objects.select_for_update().filter(user=user).first()
        )
        created_applicant = applicant is None
        if applicant is None:
            applicant = Applicant(kind=ApplicantKind.CITIZEN, personal_id=personal_id)
        applicant.user = user
        applicant.name = name
        applicant.birth_date = birth_date or applicant.birth_date
        applicant.sex = sex or applicant.sex
        applicant.phone = phone or applicant.phone
        applicant.email = email or applicant.email
        applicant.address = address or applicant.address
        applicant.save()
        # The identifiers themselves stay out of the audit data: it is copied and kept long.
        audit_append(
            actor=ACTOR,
            action="applicant.identity",
            object_type="applicant",
            object_id=str(applicant.pk),
            at=at,
            data={
                "user": user.pk,
                "created_user": created_user,
                "created_applicant": created_applicant,
                "level": _claim(claims, "acr"),
            },
        )
    return applicant
