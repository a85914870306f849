from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="backoffice:login"), name="logout"),
    path("", views.home, name="home"),
    path("tiep-nhan/", views.intake_start, name="intake_start"),
    path("tiep-nhan/<str:procedure_code>/", views.intake, name="intake"),
    path("ho-so/", views.queue, name="queue"),
    path("ho-so/<str:code>/", views.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/giay-tiep-nhan/", views.receipt, name="receipt"),
    path("ho-so/<str:code>/thao-tac/", views.dossier_action, name="dossier_action"),
    path("ho-so/<str:code>/xin-loi/", views.dossier_apology_approve, name="dossier_apology"),
    path("ho-so/<str:code>/lay-y-kien/", views.dossier_consult_request, name="dossier_consult"),
    path(
        "ho-so/<str:code>/tra-loi-y-kien/",
        views.dossier_consult_answer,
        name="dossier_consult_answer",
    ),
    path("ho-so/<str:code>/giay-to/<int:pk>/", views.document_download, name="document"),
]
