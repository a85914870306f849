"""Filing online gives an account without a chosen language the one it filed in."""

import pytest

from motcua.accounts.models import User
from motcua.dossiers.tests.factories import World, build_world, submit

pytestmark = pytest.mark.django_db


def _online(world: World, language: str) -> None:
    submit(
        world, channel="online", receiving_unit=None, actor=world.applicant_user, language=language
    )


def test_the_first_online_filing_sets_the_language_and_a_later_one_keeps_it() -> None:
    world = build_world()
    assert world.applicant_user.preferred_language == ""

    _online(world, "en")
    _online(world, "vi")

    assert User.objects.get(pk=world.applicant_user.pk).preferred_language == "en"


def test_a_counter_filing_leaves_the_officers_language_alone() -> None:
    world = build_world()

    submit(world, language="en")

    assert User.objects.get(pk=world.receiver.pk).preferred_language == ""
