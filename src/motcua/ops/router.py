"""The database router: the primary for every write and for every read that must be current; the
replica for the reads :func:`motcua.ops.replica.reads_may_lag` marks, while it is up and close
enough behind."""

from typing import Any

from django.conf import settings
from django.db.models import Model

from motcua.core.metrics import REPLICA_FALLBACKS
from motcua.ops.replica import (
    lag_tolerated,
    replica_alias,
    replica_read_noted,
    replica_state,
)


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not lag_tolerated():
            return None
        state = replica_state()
        if state is None:
            return None
        if not state.up:
            REPLICA_FALLBACKS.labels(reason="down").inc()
            return None
        if state.lag_seconds > settings.MOTCUA_REPLICA_MAX_LAG_SECONDS:
            REPLICA_FALLBACKS.labels(reason="behind").inc()
            return None
        replica_read_noted(state)
        return state.alias

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary: objects read from either may relate.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # A physical standby replays the primary's migrations; nothing is migrated on it.
        return False if db == replica_alias() else None
