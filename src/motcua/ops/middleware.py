"""The outermost middleware: names the request (``X-Request-ID``), times and counts it by view,
and lets the views that may read a lagging replica do so."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from motcua.core.logcontext import META_KEY, request_id_bound, request_id_from
from motcua.core.metrics import HTTP_LATENCY, HTTP_REQUESTS
from motcua.ops.replica import (
    lag_tolerance_begin,
    lag_tolerance_end,
    lag_tolerated,
    replica_failed,
)

#: The header the load balancer names each request in, answered back to the client.
REQUEST_ID_HEADER = "X-Request-ID"
#: The view label of a request no URL pattern matched (a 404 or a redirect before routing): one
#: label for all of them, so that scanners cannot grow the metrics with made-up paths.
UNMATCHED = "unmatched"
#: The methods counted by name; any other (a scanner's made-up verb) is counted as ``OTHER``, so
#: that neither the metrics nor the kept series grow with what a client sends.
COUNTED_METHODS = frozenset(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
OTHER_METHOD = "other"

#: This process's counter and histogram children by (view, method, status): prometheus-client's
#: ``labels()`` checks, converts and locks on every call, at every request; the children it
#: hands back are the same objects each time.
_CHILDREN: dict[tuple[str, str, str], tuple[Any, Any]] = {}


def request_metrics(view: str, method: str, status: str) -> tuple[Any, Any]:
    """The request counter's and the latency histogram's children for one answer."""
    key = (view, method, status)
    children = _CHILDREN.get(key)
    if children is None:
        children = (
            HTTP_REQUESTS.labels(view=view, method=method, status=status),
            HTTP_LATENCY.labels(view=view),
        )
        _CHILDREN[key] = children
    return children


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.META[META_KEY] = request_id
        with request_id_bound(request_id):
            try:
                response = self.get_response(request)
            finally:
                # What process_view allowed ends with the request.
                lag_tolerance_end()
        match = request.resolver_match
        view = match.view_name if match is not None else UNMATCHED
        method = request.method if request.method in COUNTED_METHODS else OTHER_METHOD
        counted, timed = request_metrics(view, method, str(response.status_code))
        counted.inc()
        timed.observe(time.perf_counter() - started)
        response[REQUEST_ID_HEADER] = request_id
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[object, ...],
        view_kwargs: dict[str, object],
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name not in settings.MOTCUA_REPLICA_VIEWS:
            return None
        lag_tolerance_begin()
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A replica that died since it was last measured fails the read: it is marked down and
        the view runs again on the primary, once (the views that may lag only read)."""
        if not (lag_tolerated() and isinstance(exception, DatabaseError)):
            return None
        if not replica_failed():
            return None
        lag_tolerance_end()
        match = request.resolver_match
        if match is None:
            return None
        response: HttpResponse = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        return response
