"""The load balancer's and the monitoring's views: outside the language prefixes, no session, no
template, cheap enough to be asked every second."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from motcua.core.metrics import bearer_token_matches, metrics_exposition
from motcua.ops.collectors import OutboxCollector, ReplicaCollector
from motcua.ops.probes import readiness


def _json(body: dict[str, object], *, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(body), status=status, content_type="application/json; charset=utf-8"
    )


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answers (liveness): nothing outside it is asked."""
    return _json({"status": "ok"})


@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """The node can serve (readiness): database, cache and broker answered; 503 naming the one
    that did not, so the load balancer takes the node out of rotation."""
    probes = readiness()
    ready = all(p.ok for p in probes)
    body: dict[str, object] = {
        "status": "ready" if ready else "not ready",
        "checks": {
            p.name: {
                "ok": p.ok,
                "ms": round(p.seconds * 1000, 1),
                **({"error": p.error} if p.error else {}),
            }
            for p in probes
        },
    }
    return _json(body, status=200 if ready else 503)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics for the holder of ``MOTCUA_METRICS_TOKEN`` (``Authorization: Bearer``);
    404 to anyone else, as if there were nothing here."""
    if not bearer_token_matches(request.headers.get("Authorization", "")):
        raise Http404
    # Every gunicorn worker of this node writes its own files; they are summed here.
    output = metrics_exposition()
    registry = CollectorRegistry(auto_describe=False)
    registry.register(OutboxCollector(now=timezone.now()))
    registry.register(ReplicaCollector())
    output += generate_latest(registry)
    return HttpResponse(output, content_type=CONTENT_TYPE_LATEST)
