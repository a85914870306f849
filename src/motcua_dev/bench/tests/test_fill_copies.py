from datetime import UTC, datetime, timedelta

import pytest

from motcua.accounts.models import Applicant
from motcua.core.selectors import audit_verify
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, DossierStatus
from motcua.dossiers.selectors import dossier_public_status
from motcua_dev.bench.fill import fast_fill
from motcua_dev.bench.fill_copies import SPREAD_AGENCIES, copies_fill
from motcua_dev.bench.world import world_ensure

#: Thursday 26 November 2026, 09:00 in Hà Nội.
AT = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


@pytest.mark.postgresql
@pytest.mark.django_db
def test_copies_fill_adds_closed_dossiers_with_their_history_on_earlier_days() -> None:
    world = world_ensure(at=AT)
    fast_fill(world=world, count=8, at=AT)
    agency = world.unit.agency
    day = DossierCodeCounter.objects.get(agency=agency).day
    template = Dossier.objects.get(code=f"{agency.code}-{day:%y%m%d}-0001")
    lines: list[str] = []

    result = copies_fill(world=world, count=9_010, progress=lines.append)

    assert (result.existing, result.filled) == (8, 9_002)
    assert Dossier.objects.count() == 9_010
    counters = DossierCodeCounter.objects.filter(agency=agency).order_by("day")
    assert [(c.day, c.last) for c in counters] == [
        (day - timedelta(days=2), 2),
        (day - timedelta(days=1), 9_000),
        (day, 8),
    ]
    copy = Dossier.objects.get(code=f"{agency.code}-{day - timedelta(days=1):%y%m%d}-0002")
    assert copy.status == DossierStatus.RETURNED
    assert copy.received_at == template.received_at - timedelta(days=1) + timedelta(seconds=3)
    assert copy.closed_at is not None
    assert template.closed_at is not None
    assert copy.closed_at - copy.received_at == template.closed_at - template.received_at
    history = list(DossierEvent.objects.filter(dossier=copy).order_by("seq"))
    original = list(DossierEvent.objects.filter(dossier=template).order_by("seq"))
    assert [(e.seq, e.action, e.to_status) for e in history] == [
        (e.seq, e.action, e.to_status) for e in original
    ]
    assert history[-1].at - copy.received_at == original[-1].at - template.received_at
    assert dossier_public_status(code=copy.code).status == DossierStatus.RETURNED
    assert audit_verify() is None, "the copies add no chain, and break none"
    assert copies_fill(world=world, count=9_010).filled == 0


@pytest.mark.postgresql
@pytest.mark.django_db
def test_copies_fill_spreads_copies_over_agencies_and_applicants() -> None:
    world = world_ensure(at=AT)
    fast_fill(world=world, count=8, at=AT)

    copies_fill(world=world, count=3_008)

    copies = Dossier.objects.exclude(applicant=world.applicant)
    assert copies.count() == 3_000
    per_agency = copies.values("competent_agency").distinct().count()
    assert per_agency == SPREAD_AGENCIES
    own = Dossier.objects.filter(competent_agency=world.competent).count()
    assert 3_000 // SPREAD_AGENCIES <= own < 3_000 // SPREAD_AGENCIES + 20
    applicants = Dossier.objects.values("applicant").distinct().count()
    assert applicants == 3_008 // 5 + 1, "about five dossiers per applicant, and the fill's own"
    assert Applicant.objects.filter(pk__in=copies.values("applicant")).count() == applicants - 1
