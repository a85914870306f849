"""A dossier received at the counter of the demo's Hà Nội centre, for journeys that start later
in the walk (the counter intake itself has its own journey)."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from motcua.accounts import demo as accounts_demo
from motcua.accounts.models import ApplicantKind, OneStopUnit, User
from motcua.calendar import demo as calendar_demo
from motcua.catalog import demo as catalog_demo
from motcua.catalog.selectors import procedure_version_current
from motcua.documents.samples import sample_pdf
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ApplicantData, dossier_submit

PROCEDURE_CODE = "2.001417"  # judicial record certificate, 10 working days, Department of Justice
PDF = sample_pdf()


def demo_loaded(*, at: datetime) -> None:
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)


def received_at_the_counter(*, at: datetime, load_demo: bool = True) -> Dossier:
    """The demo data (loaded well before ``at``), and a dossier the one-stop officer received."""
    if load_demo:
        demo_loaded(at=at - timedelta(days=60))
    version = procedure_version_current(code=PROCEDURE_CODE, on=timezone.localdate(at))
    assert version is not None
    return dossier_submit(
        version=version,
        applicant=ApplicantData(
            kind=ApplicantKind.CITIZEN,
            name="Phạm Thị Mai",
            personal_id="001192012345",
            birth_date=date(1992, 8, 20),
            sex="female",
            phone="0987654321",
            email="",
            address="Số 5 phố Tràng Tiền, Phường Hoàn Kiếm",
        ),
        channel="counter",
        form_data={
            "to_khai_lltp": {
                "full_name": "Phạm Thị Mai",
                "personal_id": "001192012345",
                "birth_date": "1992-08-20",
                "address": "Số 5 phố Tràng Tiền, Phường Hoàn Kiếm",
            }
        },
        documents=[("can_cuoc", "can-cuoc.pdf", PDF)],
        administrative_unit_code="01",
        receiving_unit=OneStopUnit.objects.get(agency__code="000.00.01.H26"),
        actor=User.objects.get(username="canbo.motcua"),
        at=at,
    ).dossier
