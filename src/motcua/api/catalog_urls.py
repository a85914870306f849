from django.urls import URLPattern, path

from motcua.api.catalog_views import ProcedureDetailView, ProcedureListView

urlpatterns: list[URLPattern] = [
    path("procedures/", ProcedureListView.as_view(), name="procedure-list"),
    path("procedures/<str:code>/", ProcedureDetailView.as_view(), name="procedure-detail"),
]
