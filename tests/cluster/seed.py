"""Run inside the cluster's environment (``python -m tests.cluster.seed COUNT TRANSITIONS``): the
serving benchmark's world and fast fill to ``COUNT`` dossiers, then its requests
(:func:`motcua_dev.bench.http_requests.plan_requests`, the session signed with the cluster's secret
key), printed as one JSON line for the kill test."""

import base64
import dataclasses
import json
import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings.production")
    django.setup()
    from motcua.dossiers.models import Dossier
    from motcua.reporting.aggregates import reporting_rebuild
    from motcua_dev.bench.clients import local_now
    from motcua_dev.bench.fill import fast_fill
    from motcua_dev.bench.http_requests import Call, plan_requests
    from motcua_dev.bench.world import world_ensure

    count, transitions = int(sys.argv[1]), int(sys.argv[2])
    world = world_ensure(at=local_now())
    fast_fill(world=world, count=count, at=local_now())
    # The fill writes no outbox rows: its history is counted once here, so that after the load the
    # tallies kept row by row can be compared with a rebuild.
    reporting_rebuild()
    plan = plan_requests(
        world=world, secret_key=os.environ["MOTCUA_SECRET_KEY"], transitions=transitions
    )

    def encoded(call: Call) -> dict[str, object]:
        return {**dataclasses.asdict(call), "body": base64.b64encode(call.body).decode()}

    print(  # noqa: T201 - the parent test reads it
        json.dumps(
            {
                "highest_pk": Dossier.objects.order_by("-pk").values_list("pk", flat=True).first(),
                "reads": {name: [encoded(c) for c in calls] for name, calls in plan.reads.items()},
                "submissions": [encoded(c) for c in plan.submissions],
                "transitions": [encoded(c) for c in plan.transitions],
            }
        )
    )


if __name__ == "__main__":
    main()
