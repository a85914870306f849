from django.urls import path

from motcua.portal import account_views, apply_views, dossier_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("thu-tuc/<str:code>/nop-ho-so/", apply_views.apply, name="apply"),
    path("thu-tuc/<str:code>/nop-ho-so/kiem-tra/", apply_views.apply_check, name="apply_check"),
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
    path("tra-cuu/", dossier_views.lookup, name="lookup"),
    path("tra-cuu/<str:code>/", dossier_views.lookup_result, name="lookup_result"),
]
