from django.urls import URLPattern, path

from motcua.api.dossier_views import (
    DossierActionView,
    DossierDetailView,
    DossierListView,
    LookupView,
)

urlpatterns: list[URLPattern] = [
    path("dossiers/", DossierListView.as_view(), name="dossier-list"),
    path("dossiers/<str:code>/", DossierDetailView.as_view(), name="dossier-detail"),
    path("dossiers/<str:code>/actions/", DossierActionView.as_view(), name="dossier-actions"),
    path("lookup/<str:code>/", LookupView.as_view(), name="dossier-lookup"),
]
