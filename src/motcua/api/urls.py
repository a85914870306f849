from django.urls import include, path

from motcua.api.schema_views import schema_view

app_name = "api"
urlpatterns = [
    path("schema/", schema_view, name="schema"),
    path("calendar/", include("motcua.api.calendar_urls")),
    path("", include("motcua.api.catalog_urls")),
    path("", include("motcua.api.dossier_urls")),
    path("", include("motcua.api.slip_urls")),
    path("", include("motcua.api.result_urls")),
    path("", include("motcua.api.feedback_urls")),
    path("", include("motcua.api.delivery_urls")),
    path("", include("motcua.api.payment_urls")),
]
