from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.backoffice import (
    access,
    appointment_views,
    assignment_views,
    delivery_views,
    document_views,
    payment_views,
    reform_views,
    result_views,
    reuse_views,
    second_factor,
    transparency_views,
    views,
)

app_name = "backoffice"
# Everything but signing in and out is for officers only (decided once, in ``access``); an
# administrator counts as one there, so the second factor's pages are inside too.
_officer_pages = [
    path("xac-thuc-hai-buoc/", second_factor.otp_verify, name="otp_verify"),
    path("xac-thuc-hai-buoc/dang-ky/", second_factor.otp_enrol, name="otp_enrol"),
    path("", views.home, name="home"),
    path("tiep-nhan/", views.intake_start, name="intake_start"),
    path("tiep-nhan/<str:procedure_code>/", views.intake, name="intake"),
    path("ho-so/", views.queue, name="queue"),
    path("lich-hen/", appointment_views.appointments_day, name="appointments"),
    path("tai-su-dung-du-lieu/", reuse_views.reuse_rate, name="reuse_rate"),
    path("ho-so/<str:code>/", views.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/giay-tiep-nhan/", views.receipt, name="receipt"),
    path("ho-so/<str:code>/thao-tac/", views.dossier_action, name="dossier_action"),
    path("ho-so/<str:code>/du-thao-ket-qua/", result_views.result_draft, name="result_draft"),
    path(
        "ho-so/<str:code>/phan-cong/",
        assignment_views.dossier_assign_view,
        name="dossier_assign",
    ),
    path("ho-so/<str:code>/xin-loi/", views.dossier_apology_approve, name="dossier_apology"),
    path("ho-so/<str:code>/lay-y-kien/", views.dossier_consult_request, name="dossier_consult"),
    path(
        "ho-so/<str:code>/tra-loi-y-kien/",
        views.dossier_consult_answer,
        name="dossier_consult_answer",
    ),
    path("ho-so/<str:code>/giay-to/<int:pk>/", views.document_download, name="document"),
    path("so-hoa/", document_views.digitize, name="digitize"),
    path("so-hoa/tim-kiem/", document_views.document_search, name="document_search"),
    path("so-hoa/ty-le/", document_views.digitization_rate, name="digitization_rate"),
    path("so-hoa/<int:pk>/", document_views.digitized_document, name="digitized_document"),
    path("so-hoa/<int:pk>/tep/", document_views.digitized_file, name="digitized_file"),
    path("phan-anh/", transparency_views.feedback_queue, name="feedback_queue"),
    path("phan-anh/<str:code>/", transparency_views.feedback_detail, name="feedback"),
    path("bao-cao/", transparency_views.dashboard, name="dashboard"),
    path(
        "ho-so/<str:code>/gui-lai/", delivery_views.dossier_post_resend, name="dossier_post_resend"
    ),
    path("ho-so/<str:code>/thu-phi/", payment_views.dossier_fee_record, name="dossier_fee_record"),
    path("ho-so/<str:code>/muc-phi/", payment_views.dossier_fee_set, name="dossier_fee_determine"),
    path(
        "ho-so/<str:code>/bien-lai/", payment_views.dossier_fee_receipt, name="dossier_fee_receipt"
    ),
    path("doi-soat/", payment_views.reconciliation, name="reconciliation"),
    # The reform team's workspace (tổ công tác cải cách).
    path("cai-cach/", reform_views.home, name="reform_home"),
    path("cai-cach/thu-tuc-noi-bo/", reform_views.register, name="reform_register"),
    path("cai-cach/trung-lap/", reform_views.overlaps, name="reform_overlaps"),
    path("cai-cach/trung-lap/ra-soat/", reform_views.overlaps_scan, name="reform_overlaps_scan"),
    path("cai-cach/trung-lap/<int:pk>/", reform_views.overlap_judge, name="reform_overlap_judge"),
    path("cai-cach/phuong-an/", reform_views.plans, name="reform_plans"),
    path("cai-cach/phuong-an/<int:pk>/", reform_views.plan_detail, name="reform_plan"),
    path("cai-cach/nhiem-vu/", reform_views.tasks, name="reform_tasks"),
    path(
        "cai-cach/nhiem-vu/<int:pk>/gia-han/", reform_views.task_extend, name="reform_task_extend"
    ),
    path("cai-cach/nhiem-vu/<int:pk>/hoan-thanh/", reform_views.task_done, name="reform_task_done"),
    path("cai-cach/quy-trinh/", reform_views.processes, name="reform_processes"),
    path("cai-cach/quy-trinh/<str:code>/", reform_views.process_detail, name="reform_process"),
    path("cai-cach/quy-trinh/<str:code>/xes/", reform_views.process_xes, name="reform_xes"),
    path("cai-cach/bao-cao/", reform_views.report, name="reform_report"),
]
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="backoffice:login"), name="logout"),
    *access.officers_only(_officer_pages),
]
