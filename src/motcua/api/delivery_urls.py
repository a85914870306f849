from django.urls import URLPattern, path

from motcua.api.delivery_views import post_tracking_webhook

# The path is ``motcua.delivery.services.WEBHOOK_PATH`` under /api/v1/.
urlpatterns: list[URLPattern] = [
    path("delivery/post/tracking/", post_tracking_webhook, name="post-tracking-webhook"),
]
