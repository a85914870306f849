"""Officers (cán bộ, công chức), their roles, and applicants (người nộp hồ sơ). Atomic and audited."""

from datetime import date, datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.identifiers import (
    check_mobile_phone,
    check_personal_id,
    check_tax_code,
)
from motcua.accounts.models import (
    Agency,
    Applicant,
    ApplicantKind,
    OneStopUnit,
    Role,
    RoleAssignment,
    Sex,
    User,
)
from motcua.accounts.services.checks import check_period, clean_name, raise_problems
from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.services import audit_append
from motcua.core.text import nfc

# Officers and roles ------------------------------------------------------------------------


def officer_create(
    *,
    username: str,
    full_name: str,
    password: str,
    email: str,
    at: datetime,
    actor: str,
    is_superuser: bool = False,
) -> User:
    """Create an officer's login (cán bộ). Django's password validators apply.

    ``is_superuser`` also makes the user staff, for the administrator who uses /admin/.
    """
    problems: list[FieldProblem] = []
    username = nfc(username).strip()
    if not username:
        problems.append(FieldProblem("username", _("Tên đăng nhập không được để trống.")))
    full_name = clean_name(full_name, "full_name", _("Họ và tên"), problems)
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            problems.append(FieldProblem("email", _("Địa chỉ thư điện tử không hợp lệ.")))
    user = User(username=username, full_name=full_name, email=email)
    try:
        validate_password(password, user=user)
    except DjangoValidationError as error:
        problems.extend(FieldProblem("password", str(message)) for message in error.messages)
    with transaction.atomic():
        if username and User.objects.filter(username=username).exists():
            problems.append(
                FieldProblem(
                    "username", _("Tên đăng nhập %(name)s đã được dùng.") % {"name": username}
                )
            )
        raise_problems(_("Không tạo được tài khoản cán bộ."), problems)
        user.is_superuser = is_superuser
        user.is_staff = is_superuser
        user.set_password(password)
        user.save()
        audit_append(
            actor=actor,
            action="user.create",
            object_type="user",
            object_id=str(user.pk),
            at=at,
            data={"username": username, "is_superuser": is_superuser},
        )
    return user


def role_assign(
    *,
    user: User,
    agency: Agency,
    role: str,
    valid_from: date,
    at: datetime,
    actor: str,
    one_stop_unit: OneStopUnit | None = None,
    valid_to: date | None = None,
) -> RoleAssignment:
    """Give an officer a role in an agency for a period (phân công).

    A one-stop officer must be placed in a one-stop unit; under Decree 118/2025 that unit may
    belong to another agency (a department's officer seconded to the provincial centre).
    The same role in the same agency may not overlap in time.
    """
    problems: list[FieldProblem] = []
    if role not in Role.values:
        problems.append(FieldProblem("role", _("Vai trò không hợp lệ.")))
    if role == Role.ONE_STOP_OFFICER and one_stop_unit is None:
        problems.append(
            FieldProblem("one_stop_unit", _("Cán bộ một cửa phải thuộc một bộ phận một cửa."))
        )
    check_period(valid_from, valid_to, problems)
    if agency.valid_to is not None and agency.valid_to <= valid_from:
        problems.append(FieldProblem("agency", _("Cơ quan đã hết hiệu lực vào ngày phân công.")))
    with transaction.atomic():
        overlapping = (
            RoleAssignment.objects.select_for_update()
            .filter(user=user, agency=agency, role=role)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from))
        )
        if valid_to is not None:
            overlapping = overlapping.filter(valid_from__lt=valid_to)
        if overlapping.exists():
            problems.append(
                FieldProblem(
                    "valid_from",
                    _("Cán bộ đã có vai trò này tại cơ quan này trong khoảng thời gian trùng."),
                )
            )
        raise_problems(_("Không phân công được vai trò."), problems)
        assignment = RoleAssignment.objects.create(
            user=user,
            agency=agency,
            role=role,
            one_stop_unit=one_stop_unit,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        audit_append(
            actor=actor,
            action="role_assignment.create",
            object_type="role_assignment",
            object_id=str(assignment.pk),
            at=at,
            data={
                "user": user.pk,
                "agency": agency.code,
                "role": role,
                "one_stop_unit": one_stop_unit.pk if one_stop_unit else None,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat() if valid_to else None,
            },
        )
    return assignment


def role_assignment_end(
    *, assignment: RoleAssignment, valid_to: date, at: datetime, actor: str
) -> RoleAssignment:
    """End a role assignment on ``valid_to`` (exclusive): the officer no longer holds it that day."""
    if valid_to <= assignment.valid_from:
        raise ValidationFailed(
            _("Không kết thúc được phân công."),
            problems=[
                FieldProblem("valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
            ],
        )
    with transaction.atomic():
        RoleAssignment.objects.filter(pk=assignment.pk).update(valid_to=valid_to)
        assignment.valid_to = valid_to
        audit_append(
            actor=actor,
            action="role_assignment.end",
            object_type="role_assignment",
            object_id=str(assignment.pk),
            at=at,
            data={"valid_to": valid_to.isoformat()},
        )
    return assignment


# Applicants --------------------------------------------------------------------------------


def applicant_create(
    *,
    kind: str,
    name: str,
    at: datetime,
    actor: str,
    personal_id: str = "",
    tax_code: str = "",
    birth_date: date | None = None,
    sex: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    user: User | None = None,
) -> Applicant:
    """Create an applicant (tổ chức, cá nhân nộp hồ sơ) with checked, normalised identifiers.

    A citizen needs a personal ID; a business needs a tax code. Names are stored NFC.
    """
    problems: list[FieldProblem] = []
    today = timezone.localdate(at)
    if kind not in ApplicantKind.values:
        problems.append(FieldProblem("kind", _("Loại người nộp hồ sơ không hợp lệ.")))
    name = clean_name(name, "name", _("Họ tên hoặc tên tổ chức"), problems)
    if sex and sex not in Sex.values:
        problems.append(FieldProblem("sex", _("Giới tính không hợp lệ.")))
    if birth_date is not None and birth_date > today:
        problems.append(FieldProblem("birth_date", _("Ngày sinh không được ở tương lai.")))
    if personal_id or kind == ApplicantKind.CITIZEN:
        checked = check_personal_id(
            personal_id, today=today, birth_date=birth_date, sex=sex or None
        )
        if checked.valid:
            personal_id = checked.value
        else:
            problems.append(FieldProblem("personal_id", checked.reason))
    if tax_code or kind == ApplicantKind.BUSINESS:
        checked = check_tax_code(tax_code)
        if checked.valid:
            tax_code = checked.value
        else:
            problems.append(FieldProblem("tax_code", checked.reason))
    if phone:
        checked = check_mobile_phone(phone)
        if checked.valid:
            phone = checked.value
        else:
            problems.append(FieldProblem("phone", checked.reason))
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            problems.append(FieldProblem("email", _("Địa chỉ thư điện tử không hợp lệ.")))
    with transaction.atomic():
        if personal_id and Applicant.objects.filter(personal_id=personal_id).exists():
            problems.append(
                FieldProblem("personal_id", _("Số định danh cá nhân này đã được đăng ký."))
            )
        if tax_code and Applicant.objects.filter(tax_code=tax_code).exists():
            problems.append(FieldProblem("tax_code", _("Mã số thuế này đã được đăng ký.")))
        raise_problems(_("Không tạo được người nộp hồ sơ."), problems)
        applicant = Applicant.objects.create(
            kind=kind,
            name=name,
            personal_id=personal_id,
            tax_code=tax_code,
            birth_date=birth_date,
            sex=sex,
            phone=phone,
            email=email,
            address=nfc(address).strip(),
            user=user,
        )
        # The identifiers themselves stay out of the audit data: it is copied and kept long.
        audit_append(
            actor=actor,
            action="applicant.create",
            object_type="applicant",
            object_id=str(applicant.pk),
            at=at,
            data={"kind": kind},
        )
    return applicant


def preferred_language_default(*, user: User, language: str) -> bool:
    """Record ``language`` as ``user``'s preferred one if they have none yet; whether it did.

    One conditional update: a choice already made (or made meanwhile) is never overwritten.
    """
    if user.preferred_language or not language:
        return False
    updated = User.objects.filter(pk=user.pk, preferred_language="").update(
        preferred_language=language
    )
    if updated:
        user.preferred_language = language
    return bool(updated)
