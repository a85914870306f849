"""Citizens who log in with VNeID become users and applicants (accounts/identity.py)."""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from motcua.accounts.identity import applicant_from_identity
from motcua.accounts.models import Applicant, ApplicantKind, User
from motcua.accounts.services import applicant_create
from motcua.core.errors import ValidationFailed
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def _claims(**overrides: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "sub": "vneid-0001",
        "name": "Nguyễn Văn An",
        "personal_id": "001090012345",
        "birthdate": "1990-05-01",
        "gender": "male",
        "phone_number": "0912345678",
        "email": "an@example.vn",
        "address": "Số 1 phố Tràng Tiền, Hà Nội",
        "acr": "vneid:level2",
    }
    claims.update(overrides)
    return claims


def test_first_login_creates_user_and_applicant() -> None:
    applicant = applicant_from_identity(claims=_claims(), at=AT)

    assert applicant.kind == ApplicantKind.CITIZEN
    assert applicant.personal_id == "001090012345"
    assert applicant.birth_date == date(1990, 5, 1)
    assert applicant.user is not None
    assert applicant.user.full_name == "Nguyễn Văn An"
    assert not applicant.user.has_usable_password()
    assert AuditEntry.objects.filter(action="applicant.identity").count() == 1


def test_second_login_updates_the_same_rows() -> None:
    first = applicant_from_identity(claims=_claims(), at=AT)

    again = applicant_from_identity(claims=_claims(address="Địa chỉ mới"), at=AT)

    assert again.pk == first.pk
    assert again.address == "Địa chỉ mới"
    assert User.objects.filter(username__startswith="vneid-").count() == 1


def test_applicant_known_from_the_counter_is_linked_not_duplicated() -> None:
    known = applicant_create(
        kind=ApplicantKind.CITIZEN,
        name="Nguyễn Văn An",
        personal_id="001090012345",
        at=AT,
        actor="test",
    )

    applicant = applicant_from_identity(claims=_claims(), at=AT)

    assert applicant.pk == known.pk
    assert applicant.user is not None
    assert Applicant.objects.count() == 1


def test_invalid_personal_id_writes_nothing() -> None:
    with pytest.raises(ValidationFailed) as caught:
        applicant_from_identity(claims=_claims(personal_id="12345"), at=AT)

    assert [p.path for p in caught.value.problems] == ["personal_id"]
    assert not User.objects.exists()
    assert not Applicant.objects.exists()
