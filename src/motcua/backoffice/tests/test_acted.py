from datetime import datetime

import pytest
from django.test import Client

from motcua.backoffice.acted import _SESSION_KEY
from motcua.dossiers.tests.factories import build_world, submit

pytestmark = pytest.mark.django_db


def _counts(client: Client, total: int) -> bool:
    body = client.get("/can-bo/ho-so/").content.decode()
    return f'<span class="figures__number">{total}</span>hồ sơ trong danh sách' in body


def test_a_dossier_the_officer_moves_is_no_longer_counted_on_their_next_page(
    client: Client,
) -> None:
    world = build_world()
    moved, _stays = submit(world).dossier, submit(world).dossier
    client.force_login(world.receiver)
    assert _counts(client, 2)

    response = client.post(
        f"/can-bo/ho-so/{moved.code}/thao-tac/",
        {"action": "complete_step", "version": moved.version},
    )

    assert response.status_code == 302
    assert isinstance(datetime.fromisoformat(client.session[_SESSION_KEY]), datetime)
    # Within the 30 seconds the counts are kept, yet counted again for the officer who acted.
    assert _counts(client, 1)


def test_an_action_refused_or_a_page_read_notes_nothing(client: Client) -> None:
    world = build_world()
    dossier = submit(world).dossier
    client.force_login(world.receiver)

    client.get("/can-bo/ho-so/")
    refused = client.post(
        f"/can-bo/ho-so/{dossier.code}/thao-tac/",
        {"action": "refuse", "version": dossier.version, "reasons": ""},
    )

    assert refused.status_code == 400
    assert _SESSION_KEY not in client.session


def test_signing_out_leaves_no_session_behind(client: Client) -> None:
    world = build_world()
    client.force_login(world.receiver)

    response = client.post("/can-bo/dang-xuat/")

    assert response.status_code == 302
    assert not client.session.session_key
