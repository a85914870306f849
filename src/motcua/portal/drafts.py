"""An application in progress (hồ sơ nộp dở), kept for the citizen's account between the form,
"check your answers" and the submission.

The answers are the raw form values; the files are kept in storage under the draft's key (the
idempotency key made when the form was first shown) until the dossier is submitted. The row also
holds the registries' answer the citizen consented to (:mod:`motcua.portal.prefill_forms`), so
that reopening the form without its key, on any device, keeps both.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import Conflict
from motcua.portal.models import ApplicationDraft

#: The storage folder of draft files, one sub-folder per draft key.
DRAFTS_DIR = "portal-drafts"
KEY_PATTERN = re.compile(r"[0-9a-f]{32}")


@dataclass
class Draft:
    key: str
    procedure: str
    data: dict[str, list[str]]
    #: component code -> (original file name, storage name)
    files: dict[str, tuple[str, str]] = field(default_factory=dict)

    def query(self) -> QueryDict:
        bound = QueryDict(mutable=True)
        for name, values in self.data.items():
            bound.setlist(name, values)
        return bound

    def documents(self) -> list[tuple[str, str, bytes]]:
        """The files as ``dossier_submit`` takes them: (component, name, content)."""
        found = []
        for component, (name, stored) in sorted(self.files.items()):
            with default_storage.open(stored, "rb") as handle:
                found.append((component, name, handle.read()))
        return found


def valid_key(key: str) -> bool:
    return bool(KEY_PATTERN.fullmatch(key or ""))


def draft_key_usable(*, user: User, key: str) -> bool:
    """A well-formed key that no other account's draft holds."""
    return (
        valid_key(key) and not ApplicationDraft.objects.filter(key=key).exclude(user=user).exists()
    )


def draft_row(*, user: User, key: str, procedure: str) -> ApplicationDraft | None:
    """The account's row for ``key``; another account's key finds nothing."""
    if not valid_key(key) or not user.pk:
        return None
    return ApplicationDraft.objects.filter(user=user, key=key, procedure=procedure).first()


def draft_from_row(row: ApplicationDraft) -> Draft | None:
    """The answers of ``row``, or ``None`` while the form was never accepted."""
    if not row.data:
        return None
    files: dict[str, Any] = row.files or {}
    return Draft(
        key=row.key,
        procedure=row.procedure,
        data={k: list(v) for k, v in row.data.items()},
        # A file purged as abandoned (drafts_purge) is asked for again rather than failing later.
        files={k: (v[0], v[1]) for k, v in files.items() if default_storage.exists(v[1])},
    )


def draft_get(*, user: User, key: str, procedure: str) -> Draft | None:
    row = draft_row(user=user, key=key, procedure=procedure)
    return draft_from_row(row) if row is not None else None


def draft_touch(*, user: User, key: str, procedure: str, at: datetime) -> ApplicationDraft:
    """The account's row for ``key``, made now if it is new."""
    row, _created = ApplicationDraft.objects.get_or_create(
        key=key,
        defaults={"user": user, "procedure": procedure, "created_at": at, "updated_at": at},
    )
    return row


def draft_save(
    *,
    user: User,
    key: str,
    procedure: str,
    data: QueryDict,
    uploads: dict[str, UploadedFile],
    previous: Draft | None,
    at: datetime,
) -> Draft:
    files = dict(previous.files) if previous else {}
    for component, upload in uploads.items():
        if component in files:
            default_storage.delete(files[component][1])
        name = upload.name or component
        suffix = PurePosixPath(name.lower()).suffix
        upload.seek(0)
        stored = default_storage.save(
            f"{DRAFTS_DIR}/{key}/{re.sub(r'[^A-Za-z0-9_-]', '_', component)}{suffix}",
            ContentFile(upload.read()),
        )
        files[component] = (name, stored)
    values = {k: data.getlist(k) for k in data if k != "csrfmiddlewaretoken"}
    with transaction.atomic():
        row = draft_touch(user=user, key=key, procedure=procedure, at=at)
        if row.user_id != user.pk:
            # Keys are random; a clash with another account's draft is refused, never merged.
            raise Conflict(_("Phiên nộp hồ sơ không hợp lệ, vui lòng tải lại trang."))
        row.data = values
        row.files = {k: list(v) for k, v in files.items()}
        row.updated_at = at
        row.save(update_fields=["data", "files", "updated_at"])
    return Draft(key=key, procedure=procedure, data=values, files=files)


def draft_discard(*, user: User, draft: Draft) -> None:
    """After submission: the draft's files and its row go."""
    for _name, stored in draft.files.values():
        default_storage.delete(stored)
    ApplicationDraft.objects.filter(user=user, key=draft.key).delete()
