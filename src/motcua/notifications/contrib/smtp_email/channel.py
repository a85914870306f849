import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from motcua.notifications.registry import ChannelError

#: Seconds to wait on the SMTP server.
TIMEOUT = 10


class SmtpEmailChannel:
    name = "email"

    def check_recipient(self, recipient: str) -> str | None:
        try:
            validate_email(recipient)
        except ValidationError:
            return _("Địa chỉ thư điện tử không hợp lệ.")
        return None

    def send(self, *, recipient: str, subject: str, body: str, key: str) -> str:
        message_id = make_msgid(domain="motcua.local")
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient],
            headers={"Message-ID": message_id, "X-Motcua-Key": key},
            connection=get_connection(timeout=TIMEOUT),
        )
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as error:
            raise ChannelError("SMTP server refused the recipient", permanent=True) from error
        except (smtplib.SMTPException, OSError) as error:
            raise ChannelError(f"SMTP delivery failed: {type(error).__name__}") from error
        return message_id
