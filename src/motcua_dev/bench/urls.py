"""The URLs ``motcua bench http`` serves (settings ``bench_http``): the product's, and the bare
ceiling view beside them. The product's own URLconf never serves the ceiling."""

from django.urls import path

from motcua.bench.views import ceiling
from motcua.config.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    path("bench/ceiling/<int:pk>/", ceiling, name="bench-ceiling"),
    *product_urlpatterns,
]
