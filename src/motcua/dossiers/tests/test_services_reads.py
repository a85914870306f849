"""Every read of a dossier (a person's data) is in the audit log, and so is every refusal."""

import pytest

from motcua.core.errors import NotFound
from motcua.core.models import AuditEntry
from motcua.core.selectors import audit_verify
from motcua.dossiers.services import dossier_open_for
from motcua.dossiers.tests.factories import AT, build_world, submit


@pytest.mark.django_db
def test_an_officer_reading_a_dossier_is_logged_on_its_chain() -> None:
    world = build_world()
    code = submit(world).dossier.code

    dossier = dossier_open_for(user=world.specialist, code=code, at=AT, purpose="view")

    read = AuditEntry.objects.get(action="dossier.read")
    assert dossier.code == code
    assert (read.actor, read.chain, read.data) == (
        f"user:{world.specialist.pk}",
        f"dossier:{code}",
        {"purpose": "view"},
    )
    assert audit_verify() is None


@pytest.mark.django_db
def test_an_officer_of_another_agency_gets_not_found_and_the_attempt_is_logged() -> None:
    world = build_world()
    code = submit(world).dossier.code

    with pytest.raises(NotFound):
        dossier_open_for(user=world.outsider, code=code, at=AT, purpose="view")

    denied = AuditEntry.objects.get(action="dossier.read_denied")
    assert denied.object_id == code
    assert denied.chain == f"reads:user:{world.outsider.pk}"
    assert not AuditEntry.objects.filter(action="dossier.read").exists()


@pytest.mark.django_db
def test_guessing_codes_does_not_create_chains_for_dossiers_that_do_not_exist() -> None:
    world = build_world()

    for guess in ("000.00.00.H00-260101-0001", "000.00.00.H00-260101-0002"):
        with pytest.raises(NotFound):
            dossier_open_for(user=world.outsider, code=guess, at=AT, purpose="view")

    chains = set(
        AuditEntry.objects.filter(action="dossier.read_denied").values_list("chain", flat=True)
    )
    assert chains == {f"reads:user:{world.outsider.pk}"}
