"""The outermost middleware: names the request (``X-Request-ID``), times and counts it by view,
and lets the views that may read a lagging replica do so."""

import contextvars
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from motcua.core.logcontext import META_KEY, request_id_bound, request_id_from
from motcua.core.metrics import HTTP_LATENCY, HTTP_REQUESTS
from motcua.ops.replica import lag_tolerance_begin

#: The header the load balancer names each request in, answered back to the client.
REQUEST_ID_HEADER = "X-Request-ID"
#: The view label of a request no URL pattern matched (a 404 or a redirect before routing): one
#: label for all of them, so that scanners cannot grow the metrics with made-up paths.
UNMATCHED = "unmatched"


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.META[META_KEY] = request_id
        with request_id_bound(request_id):
            # A context of its own: what process_view sets for this request ends with it.
            response = contextvars.copy_context().run(self.get_response, request)
        match = request.resolver_match
        view = match.view_name if match is not None else UNMATCHED
        HTTP_REQUESTS.labels(
            view=view, method=request.method, status=str(response.status_code)
        ).inc()
        HTTP_LATENCY.labels(view=view).observe(time.perf_counter() - started)
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
