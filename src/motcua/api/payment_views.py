"""The payment gateway's server-to-server notification (IPN): one domain call, a JSON answer."""

import logging

from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from motcua.payments.gateways import gateway_get
from motcua.payments.services import payment_notification_handle

logger = logging.getLogger(__name__)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def vnpay_style_ipn(request: HttpRequest) -> JsonResponse:
    """Answered with ``RspCode``; ``99`` (the gateway sends it again) when the database is busy."""
    query = request.GET if request.method == "GET" else request.POST
    params = {str(k): str(v) for k, v in query.items()}
    try:
        answer = payment_notification_handle(
            gateway="vnpay_style", params=params, at=timezone.now()
        )
    except DatabaseError as error:
        logger.warning("payment notification not taken, the gateway will retry: %s", error)
        return JsonResponse(gateway_get("vnpay_style").answer("99"))
    return JsonResponse(answer.body)
