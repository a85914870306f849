"""A judicial record dossier (Cấp Phiếu lý lịch tư pháp) of the demo data, received at the counter
of the Hà Nội centre and walked through its steps by the demo's officers, for tests that start
further along the way: the browser journeys, and the demo's signing (in a ``motcua shell`` too).

The demo data must be loaded before ``at``.
"""

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from motcua.accounts.models import ApplicantKind, OneStopUnit, User
from motcua.catalog.selectors import procedure_version_current
from motcua.catalog.steps import process_steps_of
from motcua.dossiers.models import Dossier, ReturnMethod
from motcua.dossiers.results import completing_signs, result_preview
from motcua.dossiers.services import ApplicantData, dossier_submit, dossier_transition
from motcua_dev.testing.samples import sample_pdf

PROCEDURE_CODE = "2.001417"  # judicial record certificate, 10 working days, Department of Justice
PDF = sample_pdf()
MAI = ApplicantData(
    kind=ApplicantKind.CITIZEN,
    name="Phạm Thị Mai",
    personal_id="001192012345",
    birth_date=date(1992, 8, 20),
    sex="female",
    phone="0987654321",
    email="",
    address="Số 5 phố Tràng Tiền, Phường Hoàn Kiếm",
)
#: The demo's officers completing the steps, in order, from the counter to the signed result.
TO_THE_RESULT = ("canbo.motcua", "chuyenvien.tuphap", "chuyenvien.tuphap", "lanhdao.tuphap")


def received_at_the_counter(
    *,
    at: datetime,
    applicant: ApplicantData = MAI,
    return_method: str = ReturnMethod.COUNTER,
    return_address: Mapping[str, Any] | None = None,
) -> Dossier:
    """The dossier of ``applicant``, received by the demo's one-stop officer at ``at``."""
    version = procedure_version_current(code=PROCEDURE_CODE, on=timezone.localdate(at))
    assert version is not None
    assert applicant.birth_date is not None
    return dossier_submit(
        version=version,
        applicant=applicant,
        channel="counter",
        form_data={
            "to_khai_lltp": {
                "full_name": applicant.name,
                "personal_id": applicant.personal_id,
                "birth_date": applicant.birth_date.isoformat(),
                "address": applicant.address,
                "form_no": "2",
                "purpose": "Bổ sung hồ sơ xin việc",
            }
        },
        documents=[("can_cuoc", "can-cuoc.pdf", PDF)],
        administrative_unit_code="01",
        receiving_unit=OneStopUnit.objects.get(agency__code="000.00.01.H26"),
        actor=User.objects.get(username="canbo.motcua"),
        at=at,
        return_method=return_method,
        return_address=return_address,
    ).dossier


def walked(dossier: Dossier, *, by: Sequence[str], at: datetime, every: timedelta) -> Dossier:
    """``dossier`` once each officer of ``by`` (usernames) has completed their step, the first
    ``every`` after ``at`` and each next one ``every`` later."""
    for username in by:
        at += every
        officer = User.objects.get(username=username)
        steps = process_steps_of(version=dossier.procedure_version)
        step = next((s for s in steps if s.order == dossier.current_step), None)
        if completing_signs(dossier, step, steps):
            # the signer sees the document first: the signature is bound to what was shown
            result_preview(dossier=dossier, actor=officer, at=at)
        dossier = dossier_transition(
            dossier=dossier,
            action="complete_step",
            actor=User.objects.get(username=username),
            at=at,
        )
    return dossier
