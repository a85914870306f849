from django.urls import path

from motcua.api import payment_views

urlpatterns = [
    path("payments/vnpay-style/ipn/", payment_views.vnpay_style_ipn, name="payment_ipn"),
]
