"""The digitization rate: dossiers received on paper with a scan, over all received on paper."""

from datetime import date, timedelta

import pytest

from motcua.documents.tests.factories import StoredDocumentFactory
from motcua.dossiers.selectors import digitization_rates
from motcua.dossiers.tests.factories import AT, build_world, submit

pytestmark = pytest.mark.django_db


def test_rate_per_agency_and_month_counts_only_paper_dossiers_with_a_scan() -> None:
    world = build_world()
    scanned = submit(world).dossier
    submit(world)  # received on paper, never digitized
    online = submit(
        world, channel="online", receiving_unit=None, actor=world.applicant_user
    ).dossier
    next_month = submit(world, at=AT + timedelta(days=31)).dossier
    StoredDocumentFactory.create(reference=scanned.code, agency=world.centre)
    StoredDocumentFactory.create(
        reference=scanned.code, agency=world.centre
    )  # two scans: one dossier
    StoredDocumentFactory.create(reference=online.code, agency=world.centre)  # online: not counted
    StoredDocumentFactory.create(
        reference=next_month.code, agency=world.centre, source="electronic"
    )

    rates = digitization_rates(
        agency_ids=[world.centre.pk], since=date(2026, 3, 1), until=date(2026, 4, 30)
    )

    assert [(r.month, r.received_on_paper, r.digitized, r.percent) for r in rates] == [
        (date(2026, 3, 1), 2, 1, 50.0),
        (date(2026, 4, 1), 1, 0, 0.0),
    ]
    assert rates[0].agency_code == world.centre.code
