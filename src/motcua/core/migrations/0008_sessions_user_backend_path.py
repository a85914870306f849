"""Sessions signed in under Django's ``ModelBackend`` name the backend that replaced it.

A session records the dotted path of the backend that signed its user in, and Django ends a
session whose path is no longer among ``AUTHENTICATION_BACKENDS``: without this rewrite, every
officer signed in before ``motcua.accounts.backends.UserBackend`` would be signed out once.
Sessions are kept in the database (``SESSION_ENGINE = "motcua.core.sessions"``); each live one is
read, and written back only if it names the old path. Reversed, the new path becomes the old.
"""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import migrations
from django.utils import timezone

# Frozen here: the paths as they were when the backend changed.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
USER_BACKEND = "motcua.accounts.backends.UserBackend"
BATCH = 1000


def backend_path_rewritten(apps: Any, schema_editor: Any, *, old: str, new: str) -> int:
    """Rewrite ``old`` to ``new`` in the live sessions; the number of sessions written."""
    session_model = apps.get_model("sessions", "Session")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    sessions = session_model.objects.using(schema_editor.connection.alias)
    changed: list[Any] = []
    written = 0
    live = sessions.filter(expire_date__gt=timezone.now()).order_by("pk")
    for session in live.iterator(chunk_size=BATCH):
        # A session that does not decode (another secret key) decodes as empty and stays.
        data = store.decode(session.session_data)
        if data.get(BACKEND_SESSION_KEY) != old:
            continue
        data[BACKEND_SESSION_KEY] = new
        session.session_data = store.encode(data)
        changed.append(session)
        if len(changed) == BATCH:
            written += sessions.bulk_update(changed, ["session_data"])
            changed = []
    if changed:
        written += sessions.bulk_update(changed, ["session_data"])
    return written


def forwards(apps: Any, schema_editor: Any) -> None:
    backend_path_rewritten(apps, schema_editor, old=MODEL_BACKEND, new=USER_BACKEND)


def backwards(apps: Any, schema_editor: Any) -> None:
    backend_path_rewritten(apps, schema_editor, old=USER_BACKEND, new=MODEL_BACKEND)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_public_content_generation"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
