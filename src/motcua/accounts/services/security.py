"""Sign-in security: failed password logins and lockouts, the officers' second factor (TOTP)."""

from datetime import datetime

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import (
    User,
)
from motcua.core.services import audit_append

LOGIN_CHAIN = "security:logins"


def login_failure_record(
    *, username: str, address: str, path: str, locked_out: bool, at: datetime
) -> None:
    """Audit a failed password login, and the lockout it triggered if any (never the password)."""
    with transaction.atomic():
        audit_append(
            actor=f"anonymous@{address}",
            action="login.locked_out" if locked_out else "login.failed",
            object_type="login",
            object_id=username,
            at=at,
            data={"username": username, "address": address, "path": path},
            chain=LOGIN_CHAIN,
        )


def totp_device_start(*, user: User) -> TOTPDevice:
    """The officer's authenticator being enrolled: one unconfirmed TOTP device, kept until
    confirmed (reloading the enrolment page shows the same secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="motcua", confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str, at: datetime) -> bool:
    """Confirm the authenticator with a code it shows; audited. ``False``: wrong or expired."""
    with transaction.atomic():
        if not device.verify_token(token.strip()):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_append(
            actor=device.user.username,
            action="second_factor.enrolled",
            object_type="user",
            object_id=str(device.user_id),
            at=at,
            data={"device": "totp", "device_id": device.pk},
        )
    return True
