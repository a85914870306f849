from django.urls import URLPattern, path

from motcua.api.feedback_views import (
    AgencyIndexView,
    FeedbackDetailView,
    FeedbackListView,
    FeedbackRatingView,
    FeedbackSmsView,
    IndexView,
)

urlpatterns: list[URLPattern] = [
    path("feedback/", FeedbackListView.as_view(), name="feedback-list"),
    path("feedback/sms/", FeedbackSmsView.as_view(), name="feedback-sms"),
    path("feedback/<str:code>/", FeedbackDetailView.as_view(), name="feedback-detail"),
    path("feedback/<str:code>/rating/", FeedbackRatingView.as_view(), name="feedback-rating"),
    path("index/", IndexView.as_view(), name="index"),
    path("index/<str:code>/", AgencyIndexView.as_view(), name="index-agency"),
]
