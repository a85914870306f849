"""The replica router on PostgreSQL: a second alias on the same server stands for a replica that
answers, one on a closed port for a replica that is down."""

import copy
import re
from collections.abc import Callable, Iterator

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from prometheus_client import REGISTRY
from pytest_django.fixtures import Settings

from motcua.dossiers.models import Dossier
from motcua.ops.replica import reads_may_lag, replica_state_forget
from motcua.ops.router import ReplicaRouter
from motcua_dev.testing.processes import free_port

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

AddAlias = Callable[..., str]


@pytest.fixture
def replica(settings: Settings) -> Iterator[AddAlias]:
    added: list[str] = []

    def add(alias: str, **changes: object) -> str:
        # Made here rather than configured, so that Django's test case lets it connect.
        settings_dict = {**copy.deepcopy(connections["default"].settings_dict), **changes}
        backend = load_backend(settings_dict["ENGINE"])
        connections[alias] = backend.DatabaseWrapper(settings_dict, alias)
        settings.MOTCUA_REPLICA_ALIAS = alias
        added.append(alias)
        replica_state_forget()
        return alias

    yield add
    for alias in added:
        connections[alias].close()
        del connections[alias]
    replica_state_forget()


def _fallbacks(reason: str) -> float:
    return REGISTRY.get_sample_value("motcua_replica_fallbacks_total", {"reason": reason}) or 0.0


def test_without_a_replica_every_read_goes_to_the_primary() -> None:
    with reads_may_lag():
        assert ReplicaRouter().db_for_read(Dossier) is None


def test_reads_that_may_lag_go_to_the_replica_and_the_rest_to_the_primary(
    replica: AddAlias,
) -> None:
    alias = replica("replica_up")
    router = ReplicaRouter()
    assert router.db_for_read(Dossier) is None
    with reads_may_lag():
        assert router.db_for_read(Dossier) == alias
        assert Dossier.objects.count() == 0  # read through the replica's connection
    assert router.db_for_write(Dossier) is None
    assert router.allow_migrate(alias, "dossiers") is False


def test_a_replica_that_is_down_sends_reads_back_to_the_primary_counted(
    replica: AddAlias,
) -> None:
    replica("replica_down", PORT=str(free_port()), OPTIONS={"connect_timeout": 2})
    before = _fallbacks("down")
    with reads_may_lag():
        assert ReplicaRouter().db_for_read(Dossier) is None
        assert Dossier.objects.count() == 0  # answered by the primary
    # Both reads fell back (the router's call and the count), the second without a new try.
    assert _fallbacks("down") == before + 2


def test_a_replica_too_far_behind_sends_reads_back_to_the_primary_counted(
    replica: AddAlias, settings: Settings
) -> None:
    replica("replica_behind")
    settings.MOTCUA_REPLICA_MAX_LAG_SECONDS = -1
    before = _fallbacks("behind")
    with reads_may_lag():
        assert ReplicaRouter().db_for_read(Dossier) is None
    assert _fallbacks("behind") == before + 1


def test_the_public_index_reads_the_replica_and_the_lookup_the_primary(
    replica: AddAlias,
) -> None:
    alias = replica("replica_views")
    client = Client()
    with CaptureQueriesContext(connections[alias]) as on_replica:
        assert client.get("/chi-so/").status_code == 200
    assert len(on_replica) > 0
    with CaptureQueriesContext(connections[alias]) as on_replica:
        assert client.get("/tra-cuu/").status_code == 200
    assert len(on_replica) == 0


def test_metrics_show_the_replica_up_and_its_lag(replica: AddAlias, settings: Settings) -> None:
    replica("replica_metrics")
    settings.MOTCUA_METRICS_TOKEN = "t"
    text = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer t").content.decode()
    assert "motcua_replica_up 1.0" in text
    assert "motcua_replica_lag_seconds 0.0" in text


def test_a_replica_that_dies_between_two_measures_costs_no_error(
    replica: AddAlias, settings: Settings
) -> None:
    alias = replica("replica_dies")
    settings.MOTCUA_REPLICA_CHECK_SECONDS = 3600
    client = Client()
    assert client.get("/chi-so/").status_code == 200  # measured up, and kept
    connections[alias].close()
    connections[alias].settings_dict["PORT"] = str(free_port())
    before = _fallbacks("down")
    assert client.get("/chi-so/").status_code == 200
    assert _fallbacks("down") > before
    assert client.get("/chi-so/").status_code == 200


def _figures_as_of(client: Client) -> str | None:
    page = client.get("/chi-so/")
    assert page.status_code == 200
    found = re.search(r'data-testid="figures-as-of">([^<]*)<', page.content.decode())
    return found.group(1) if found else None


def test_the_index_says_how_old_its_figures_are_when_read_from_a_lagging_replica(
    replica: AddAlias, settings: Settings
) -> None:
    replica("replica_lagging")
    client = Client()
    # The replica here replays at once (lag 0): below the default threshold, nothing is said.
    assert _figures_as_of(client) is None
    settings.MOTCUA_REPLICA_LAG_SHOWN_SECONDS = 0
    before = timezone.localtime()
    shown = _figures_as_of(client)
    after = timezone.localtime()
    assert shown in {f"Số liệu cập nhật đến {moment:%H:%M}." for moment in (before, after)}


def test_the_index_read_from_the_primary_says_nothing_of_a_lag(
    replica: AddAlias, settings: Settings
) -> None:
    settings.MOTCUA_REPLICA_LAG_SHOWN_SECONDS = 0
    assert _figures_as_of(Client()) is None  # no replica configured
    replica("replica_too_far")
    settings.MOTCUA_REPLICA_MAX_LAG_SECONDS = -1  # too far behind: read from the primary
    assert _figures_as_of(Client()) is None
