"""A dossier received at the counter of the demo's Hà Nội centre, for journeys that start later
in the walk (the counter intake itself has its own journey)."""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from motcua.dossiers.models import Dossier, ReturnMethod
from motcua.dossiers.services import ApplicantData
from motcua.dossiers.tests import judicial_record
from motcua.dossiers.tests.judicial_record import MAI, PDF, PROCEDURE_CODE, TO_THE_RESULT, walked
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo

__all__ = [
    "PDF",
    "PROCEDURE_CODE",
    "TO_THE_RESULT",
    "demo_loaded",
    "received_at_the_counter",
    "walked",
]


def demo_loaded(*, at: datetime) -> None:
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)


def received_at_the_counter(
    *,
    at: datetime,
    load_demo: bool = True,
    applicant: ApplicantData = MAI,
    return_method: str = ReturnMethod.COUNTER,
    return_address: Mapping[str, Any] | None = None,
) -> Dossier:
    """The demo data (loaded well before ``at``), and a dossier the one-stop officer received."""
    if load_demo:
        demo_loaded(at=at - timedelta(days=60))
    return judicial_record.received_at_the_counter(
        at=at, applicant=applicant, return_method=return_method, return_address=return_address
    )
