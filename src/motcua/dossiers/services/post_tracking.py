"""What the post's tracking events do to a dossier whose result it carries.

:func:`post_tracking_noticed` listens to :data:`motcua.delivery.hooks.TRACKING_NOTICED`, inside the
transaction that records the event. The dispatch and a return to sender leave a note in the
history; the proof of delivery completes the return step through the transition engine, with the
post as a system actor (:func:`motcua.dossiers.postal.post_actor`) and the moment of delivery as
the closing moment, so its history, audit and outbox rows are those of any completed step.
"""

from django.utils.translation import gettext as _

from motcua.delivery.hooks import TrackingNotice
from motcua.delivery.models import ConsignmentKind, ConsignmentStatus
from motcua.delivery.selectors import consignment_latest_outbound
from motcua.delivery.services import DISPATCHED
from motcua.dossiers.history import history_note
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.postal import post_actor
from motcua.dossiers.services.transition import dossier_transition
from motcua.dossiers.workflow import Action


def post_tracking_noticed(notice: TrackingNotice) -> None:
    """Listener of the delivery app's hook: a result sent by post moved."""
    if notice.kind != ConsignmentKind.OUTBOUND_RESULT:
        return
    dossier = Dossier.objects.select_for_update().filter(code=notice.reference).first()
    if dossier is None:
        return
    latest = consignment_latest_outbound(reference=dossier.code)
    current = latest is not None and latest.attempt == notice.attempt
    post = post_actor()

    if notice.code == DISPATCHED:
        history_note(
            dossier=dossier,
            action="post_dispatched",
            note=_(
                "Đã gửi kết quả qua bưu chính, số hiệu %(number)s (lần %(attempt)s, cước "
                "%(postage)s đồng)."
            )
            % {
                "number": notice.tracking_number,
                "attempt": notice.attempt,
                "postage": f"{notice.postage:,}".replace(",", "."),
            },
            at=notice.at,
            actor=post,
        )
    elif (
        notice.code == ConsignmentStatus.DELIVERED
        and current
        and dossier.status == DossierStatus.RESULT_READY
    ):
        dossier_transition(
            dossier=dossier,
            action=Action.COMPLETE_STEP,
            actor=post,
            at=notice.at,
            note=_("Bưu chính đã phát kết quả thành công (bưu gửi %(number)s%(place)s).")
            % {
                "number": notice.tracking_number,
                "place": f", {notice.place}" if notice.place else "",
            },
        )
    elif notice.code == ConsignmentStatus.RETURNED_TO_SENDER:
        history_note(
            dossier=dossier,
            action="post_returned",
            note=_(
                "Bưu chính trả lại bưu gửi %(number)s (lần %(attempt)s): chưa phát được cho người "
                "nhận. Cán bộ một cửa liên hệ người nộp để gửi lại hoặc trả kết quả tại quầy."
            )
            % {"number": notice.tracking_number, "attempt": notice.attempt},
            at=notice.at,
            actor=post,
        )
