"""An application in progress, kept in the session between the form and "check your answers".

The answers are the raw form values; the files are kept in storage under the draft's key (the
idempotency key made when the form was first shown) until the dossier is submitted.
"""

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict

SESSION_KEY = "portal_drafts"
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


def draft_get(session: SessionBase, *, key: str, procedure: str) -> Draft | None:
    raw: dict[str, Any] | None = session.get(SESSION_KEY, {}).get(key)
    if not valid_key(key) or raw is None or raw.get("procedure") != procedure:
        return None
    return Draft(
        key=key,
        procedure=procedure,
        data={k: list(v) for k, v in raw["data"].items()},
        # A file purged as abandoned (drafts_purge) is asked for again rather than failing later.
        files={k: (v[0], v[1]) for k, v in raw["files"].items() if default_storage.exists(v[1])},
    )


def draft_save(
    session: SessionBase,
    *,
    key: str,
    procedure: str,
    data: QueryDict,
    uploads: dict[str, UploadedFile],
    previous: Draft | None,
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
    drafts = dict(session.get(SESSION_KEY, {}))
    drafts[key] = {
        "procedure": procedure,
        "data": values,
        "files": {k: list(v) for k, v in files.items()},
    }
    session[SESSION_KEY] = drafts
    return Draft(key=key, procedure=procedure, data=values, files=files)


def draft_discard(session: SessionBase, *, draft: Draft) -> None:
    for _name, stored in draft.files.values():
        default_storage.delete(stored)
    drafts = dict(session.get(SESSION_KEY, {}))
    drafts.pop(draft.key, None)
    session[SESSION_KEY] = drafts
