from django.db.models import QuerySet

from motcua.notifications.models import Notification


def notifications_for_dossier(*, dossier_code: str) -> QuerySet[Notification]:
    """The messages sent (or tried) about one dossier, oldest first."""
    return Notification.objects.filter(dossier_code=dossier_code).order_by("created_at", "pk")
