from django.urls import path

from motcua.portal import (
    account_views,
    apply_views,
    booking_views,
    dossier_views,
    feedback_views,
    payment_views,
    place_views,
    prefill_views,
    transparency_views,
    verify_views,
    views,
)

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("noi-nop-ho-so/", views.office_list, name="offices"),
    path("dat-lich/", booking_views.booking_new, name="booking_new"),
    path("dat-lich/<str:booking_code>/", booking_views.booking_detail, name="booking"),
    path("dat-lich/<str:booking_code>/huy/", booking_views.booking_cancel, name="booking_cancel"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path(
        "thu-tuc/<str:code>/mau-to-khai/<str:component>.pdf",
        views.procedure_form_pdf,
        name="procedure_form_pdf",
    ),
    path("thu-tuc/<str:code>/noi-giai-quyet/", place_views.procedure_place, name="procedure_place"),
    path("thu-tuc/<str:code>/nop-ho-so/", apply_views.apply, name="apply"),
    path("thu-tuc/<str:code>/nop-ho-so/kiem-tra/", apply_views.apply_check, name="apply_check"),
    path(
        "thu-tuc/<str:code>/nop-ho-so/lay-du-lieu/",
        prefill_views.apply_prefill,
        name="apply_prefill",
    ),
    path("du-lieu-cua-toi/", prefill_views.my_data, name="my_data"),
    path(
        "du-lieu-cua-toi/dong-y/<int:pk>/rut-lai/",
        prefill_views.my_consent_withdraw,
        name="my_consent_withdraw",
    ),
    path("dang-nhap/", account_views.login_page, name="login"),
    path("dang-nhap/xac-thuc/", account_views.login_callback, name="login_callback"),
    path("dang-xuat/", account_views.logout_view, name="logout"),
    path("ho-so-cua-toi/", dossier_views.dossier_list, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", dossier_views.dossier_detail, name="my_dossier"),
    path(
        "ho-so-cua-toi/<str:code>/da-nop/",
        dossier_views.dossier_submitted,
        name="dossier_submitted",
    ),
    path(
        "ho-so-cua-toi/<str:code>/bo-sung/",
        dossier_views.dossier_supplement,
        name="dossier_supplement",
    ),
    path(
        "ho-so-cua-toi/<str:code>/danh-gia/", feedback_views.dossier_rating, name="dossier_rating"
    ),
    path("phan-anh-kien-nghi/", feedback_views.feedback_new, name="feedback_new"),
    path("phan-anh-kien-nghi/tra-cuu/", feedback_views.feedback_follow, name="feedback_follow"),
    path(
        "phan-anh-kien-nghi/cong-khai/",
        feedback_views.feedback_published,
        name="feedback_published",
    ),
    path("chi-so/", transparency_views.index_home, name="index_home"),
    path("chi-so/dinh-nghia/", transparency_views.index_definitions, name="index_definitions"),
    path("chi-so/xuat.<str:fmt>", transparency_views.index_export, name="index_export"),
    path("chi-so/co-quan/<str:code>/", transparency_views.index_agency, name="index_agency"),
    path("ho-so-cua-toi/<str:code>/thanh-toan/", payment_views.payment_pay, name="payment_pay"),
    path(
        "ho-so-cua-toi/<str:code>/bien-lai/",
        payment_views.payment_receipt,
        name="payment_receipt",
    ),
    path("thanh-toan/ket-qua/", payment_views.payment_return, name="payment_return"),
    path("tra-cuu/", dossier_views.lookup, name="lookup"),
    path("tra-cuu/<str:code>/", dossier_views.lookup_result, name="lookup_result"),
    path("verify/<str:code>/", verify_views.verify, name="verify"),
]
