from django.urls import URLPattern, path

from motcua.api.result_views import ResultView

urlpatterns: list[URLPattern] = [
    path(
        "dossiers/<str:code>/results/<str:verification_code>/",
        ResultView.as_view(),
        name="dossier-result",
    ),
]
