"""The URLs ``motcua bench http`` serves (settings ``motcua_dev.bench.settings``): the product's,
and the bare ceiling view beside them. The product's own URLconf never serves the ceiling."""

from django.urls import path

from motcua.config.urls import urlpatterns as product_urlpatterns
from motcua_dev.bench.views import ceiling

urlpatterns = [
    path("bench/ceiling/<int:pk>/", ceiling, name="bench-ceiling"),
    *product_urlpatterns,
]
