"""The public post's tracking callbacks: the raw bytes go to the delivery app, which checks the
HMAC signature and records each event once."""

from django.http import HttpRequest, JsonResponse, RawPostDataException
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.delivery.registry import WebhookRefused
from motcua.delivery.services import tracking_webhook_receive


@csrf_exempt  # a server-to-server callback, authenticated by its HMAC signature, not a cookie
@require_POST
def post_tracking_webhook(request: HttpRequest) -> JsonResponse:
    try:
        body = request.body
    except RawPostDataException:
        body = b""  # a form body, already parsed at the edge, is no signed callback
    try:
        recorded = tracking_webhook_receive(body=body, headers=request.headers, now=timezone.now())
    except WebhookRefused:
        return JsonResponse({"error": "refused"}, status=401)
    return JsonResponse({"recorded": recorded})
