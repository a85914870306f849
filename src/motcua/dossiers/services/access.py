"""Opening a dossier to read it: the read, or its refusal, in the audit log and, when an officer
reads someone else's dossier, in the citizen's access log (nhật ký truy cập dữ liệu cá nhân)."""

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.actors import actor_for
from motcua.accounts.models import User
from motcua.core.errors import NotFound
from motcua.core.services import audit_append
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_get_for
from motcua.registry.models import AccessChannel
from motcua.registry.services import personal_data_access_record


def dossier_open_for(
    *, user: User | AnonymousUser, code: str, at: datetime, purpose: str
) -> Dossier:
    """The dossier ``code`` for ``user`` to read, with the read written to the audit log.

    Every read of a person's data is logged (who, when, why), and so is every refusal: another
    agency's dossier answers :class:`NotFound` like a missing one, but the attempt is kept, on the
    reader's own chain so that guessing codes cannot create chains for dossiers that do not exist.
    """
    reader = actor_for(user) if isinstance(user, User) else "anonymous"
    try:
        dossier = dossier_get_for(user=user, code=code, on=timezone.localdate(at))
    except NotFound:
        audit_append(
            actor=reader,
            action="dossier.read_denied",
            object_type="dossier",
            object_id=code.strip()[:100],
            at=at,
            data={"purpose": purpose},
            chain=f"reads:{reader}",
        )
        raise
    audit_append(
        actor=reader,
        action="dossier.read",
        object_type="dossier",
        object_id=dossier.code,
        at=at,
        data={"purpose": purpose},
        chain=f"dossier:{dossier.code}",
    )
    if user.is_authenticated and dossier.applicant.user_id != user.pk:
        # The citizen sees every officer who opened their dossier ("Ai đã truy cập dữ liệu").
        personal_data_access_record(
            subject=dossier.applicant.personal_id,
            accessor=reader,
            accessor_name=user.get_full_name() or user.get_username(),
            channel=AccessChannel.OFFICER_VIEW,
            purpose=_("Xem hồ sơ để giải quyết"),
            at=at,
            dossier_code=dossier.code,
        )
    return dossier
