from django.urls import URLPattern, path

from motcua.api.slip_views import RegisterBookView, SlipView

urlpatterns: list[URLPattern] = [
    path("dossiers/<str:code>/slips/<str:form>/", SlipView.as_view(), name="dossier-slip"),
    path("register-book/", RegisterBookView.as_view(), name="register-book"),
]
