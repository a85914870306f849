"""Outbox handlers of dossiers: what happens after a dossier's transaction commits.

``dossier_submit`` and ``dossier_transition`` enqueue one ``dossier.event`` row per history row
(key ``<code>:<event seq>``) in their transaction; :func:`dossier_event_task` turns the events the
applicant must hear about into notifications, one outbox row per channel, so an e-mail already
sent is not sent again when the SMS gateway fails and the SMS is retried.

The topic has other handlers beside this one (reporting's tallies register their own in
``AppConfig.ready()``); the outbox runs and retries each on its own.
"""

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from motcua.catalog.models import ProcessStep
from motcua.core.errors import ValidationFailed
from motcua.core.localtime import LOCAL_TZ
from motcua.core.outbox import effect_once
from motcua.dossiers.models import DossierEvent, DossierStatus
from motcua.dossiers.workflow import Action
from motcua.notifications.services import notification_enqueue

logger = logging.getLogger(__name__)

#: The name of this app's handler of :data:`~motcua.dossiers.hooks.EVENT_TOPIC`.
NOTIFY = "dossiers.notify"

_BY_ACTION = {
    "submit": "dossier_received",
    Action.SUPPLEMENT: "dossier_received",
    Action.REQUEST_SUPPLEMENT: "dossier_supplement_requested",
    Action.REFUSE: "dossier_refused",
    Action.STOP: "dossier_stopped",
    Action.WITHDRAW: "dossier_withdrawn",
    # Form 04: the leader approved the apology; the applicant learns the one new date.
    Action.APOLOGY_APPROVE: "dossier_apology",
}


def event_payload(*, code: str, seq: int) -> dict[str, Any]:
    return {"code": code, "seq": seq}


def event_key(*, code: str, seq: int) -> str:
    return f"{code}:{seq}"


def _local(moment: datetime | None) -> str:
    """``moment`` in local time, worded in the active language."""
    if moment is None:
        return ""
    return moment.astimezone(LOCAL_TZ).strftime(gettext("%H:%M ngày %d/%m/%Y"))


def _template_for(event: DossierEvent, steps: dict[int, ProcessStep]) -> str | None:
    """The template the applicant gets for this event, or ``None`` when the event is internal."""
    if event.action in _BY_ACTION:
        return _BY_ACTION[event.action]
    if event.action == "fee_paid":  # the receipt is on the dossier's page; nothing to send
        return None
    if event.action == Action.COMPLETE_STEP:
        if event.to_status == DossierStatus.RETURNED:
            return "dossier_returned"
        if (
            event.to_status == DossierStatus.RESULT_READY
            and event.from_status != DossierStatus.RESULT_READY
        ):
            return "dossier_result_ready"
    step = steps.get(event.to_step) if event.to_step is not None else None
    if step is not None and step.citizen_facing:
        return "dossier_step"
    return None


def dossier_event_task(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    """Notify the applicant of one history row, by e-mail and SMS where they gave an address."""
    event = (
        DossierEvent.objects.select_related("dossier__applicant", "dossier__procedure_version")
        .filter(dossier__code=payload["code"], seq=payload["seq"])
        .first()
    )
    if event is None:
        return
    dossier = event.dossier
    steps = {
        s.order: s for s in ProcessStep.objects.filter(version_id=dossier.procedure_version_id)
    }
    template = _template_for(event, steps)
    if template is None or not effect_once(effect="dossier.notify", key=key, at=now):
        return
    step = steps.get(event.to_step) if event.to_step is not None else None
    version = dossier.procedure_version
    # In the applicant's language: the dates' wording, the procedure's translated name where the
    # catalogue has one, the lookup page of that language.
    with translation.override(dossier.language):
        context = {
            "code": dossier.code,
            "name": dossier.applicant.name,
            "procedure": (version.name_en if dossier.language == "en" else "") or version.name,
            "received": _local(dossier.received_at),
            "due": _local(dossier.due_at) if dossier.due_at else "",
            "new_due": _local(event.due_after),
            "at": _local(event.at),
            "step": step.name if step is not None else "",
            "reasons": "\n".join(f"- {reason}" for reason in event.reasons or []),
            "lookup_url": settings.MOTCUA_PUBLIC_BASE_URL
            + reverse("portal:lookup_result", kwargs={"code": dossier.code}),
        }
    applicant = dossier.applicant
    for channel, recipient in (("email", applicant.email), ("sms", applicant.phone)):
        if not recipient:
            continue
        try:
            notification_enqueue(
                channel=channel,
                recipient=recipient,
                template=template,
                context=context,
                dossier_code=dossier.code,
                key=f"{key}:{channel}",
                at=now,
                language=dossier.language,
            )
        except ValidationFailed:
            # A stored address the channel cannot use: nothing to send; never log the address.
            logger.info("dossier %s: no usable %s address", dossier.code, channel)
