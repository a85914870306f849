"""The e-mail channel: read the monitored mailbox (a local Maildir, or IMAP when configured).

Each message becomes one item; its Message-ID makes a second read of the same message harmless
(the item is found, not created), so a message is removed from the box only after its commit.
"""

import imaplib
import logging
import mailbox
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from email.utils import parseaddr
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import ValidationFailed
from motcua.dossiers.models import Dossier
from motcua.feedback.models import FeedbackChannel, SenderKind
from motcua.feedback.services import feedback_submit

logger = logging.getLogger(__name__)

#: A dossier code as printed on the receipt (agency code, local day, number).
DOSSIER_CODE = re.compile(r"\b[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4}\b")
#: Largest message read; larger ones are left for a person to read.
MAX_MESSAGE = 1024 * 1024


@dataclass
class MailReport:
    received: list[str] = field(default_factory=list)
    refused: int = 0


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    text = content if isinstance(content, str) else ""
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", text)
    return text.strip()


def _dossier_code_in(*texts: str) -> str:
    for text in texts:
        for found in DOSSIER_CODE.findall(text or ""):
            if Dossier.objects.filter(code=found).exists():
                return str(found)
    return ""


def feedback_from_mail(raw: bytes, *, at: datetime, fallback_ref: str) -> str | None:
    """Create (or find) the item of one raw message; its code, or ``None`` if it is unusable."""
    if len(raw) > MAX_MESSAGE:
        return None
    message = BytesParser(policy=default).parsebytes(raw)
    assert isinstance(message, EmailMessage)  # noqa: S101 - the default policy builds these
    name, address = parseaddr(str(message.get("From", "")))
    subject = str(message.get("Subject", "")).strip() or _("Phản ánh, kiến nghị qua thư điện tử")
    body = _text_of(message) or subject
    ref = str(message.get("Message-ID", "")).strip() or fallback_ref
    try:
        item = feedback_submit(
            channel=FeedbackChannel.EMAIL,
            sender_kind=SenderKind.CITIZEN,
            sender_name=name,
            sender_email=address,
            title=subject[:300],
            content=body[:10_000],
            dossier_code=_dossier_code_in(subject, body),
            source_ref=ref,
            at=at,
        )
    except ValidationFailed as error:
        logger.info("feedback mail refused: %s", error.message)
        return None
    return item.code


def feedback_maildir_poll(*, maildir: Path, now: datetime) -> MailReport:
    report = MailReport()
    if not maildir.exists():
        return report
    box = mailbox.Maildir(maildir, create=False)
    for key in sorted(box.keys()):
        code = feedback_from_mail(box.get_bytes(key), at=now, fallback_ref=f"maildir:{key}")
        if code is None:
            report.refused += 1
            continue
        report.received.append(code)
        box.discard(key)
    return report


def feedback_imap_poll(*, now: datetime) -> MailReport:
    """Read the unseen messages of the IMAP inbox (TLS) and mark each one seen after its commit."""
    report = MailReport()
    client = imaplib.IMAP4_SSL(
        settings.MOTCUA_FEEDBACK_IMAP_HOST, settings.MOTCUA_FEEDBACK_IMAP_PORT, timeout=30
    )
    try:
        client.login(settings.MOTCUA_FEEDBACK_IMAP_USER, settings.MOTCUA_FEEDBACK_IMAP_PASSWORD)
        client.select("INBOX")
        _status, data = client.uid("search", "UNSEEN")
        for raw_uid in (data[0] or b"").split()[:200]:
            uid = raw_uid.decode() if isinstance(raw_uid, bytes) else str(raw_uid)
            _status, parts = client.uid("fetch", uid, "(RFC822)")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), b"")
            code = feedback_from_mail(raw, at=now, fallback_ref=f"imap:{uid}")
            if code is None:
                report.refused += 1
            else:
                report.received.append(code)
            client.uid("store", uid, "+FLAGS", "(\\Seen)")
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            logger.info("feedback imap logout failed")
    return report


def feedback_mail_poll(*, now: datetime) -> MailReport:
    """What the worker runs: the configured Maildir, then the configured IMAP inbox."""
    report = MailReport()
    if settings.MOTCUA_FEEDBACK_MAILDIR:
        report = feedback_maildir_poll(maildir=Path(settings.MOTCUA_FEEDBACK_MAILDIR), now=now)
    if settings.MOTCUA_FEEDBACK_IMAP_HOST:
        more = feedback_imap_poll(now=now)
        report.received += more.received
        report.refused += more.refused
    return report
