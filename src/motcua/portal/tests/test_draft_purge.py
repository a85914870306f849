"""The purge of abandoned online applications, on real files in a temporary storage folder."""

import logging
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings

from motcua.accounts.models import User
from motcua.core.outbox import registered_periodic
from motcua.dossiers.models import DossierDocument
from motcua.dossiers.tests.factories import build_world, submit
from motcua.portal.draft_purge import drafts_purge, drafts_purge_job
from motcua.portal.drafts import DRAFTS_DIR, draft_get
from motcua.portal.models import ApplicationDraft

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)
OLD_KEY = "a" * 32
FRESH_KEY = "b" * 32
MIXED_KEY = "c" * 32


def draft_file(key: str, name: str, content: bytes, *, age: timedelta) -> str:
    stored = default_storage.save(f"{DRAFTS_DIR}/{key}/{name}", ContentFile(content))
    moment = (NOW - age).timestamp()
    os.utime(default_storage.path(stored), (moment, moment))
    return stored


def test_only_drafts_untouched_for_the_retention_time_go_whole() -> None:
    # given an abandoned draft (two files, 80 h old), a fresh one, and one with a file added lately
    old = [
        draft_file(OLD_KEY, "can_cuoc.pdf", b"x" * 1000, age=timedelta(hours=80)),
        draft_file(OLD_KEY, "anh.jpg", b"y" * 500, age=timedelta(hours=75)),
    ]
    fresh = draft_file(FRESH_KEY, "can_cuoc.pdf", b"z" * 10, age=timedelta(hours=1))
    mixed = [
        draft_file(MIXED_KEY, "can_cuoc.pdf", b"m" * 10, age=timedelta(hours=100)),
        draft_file(MIXED_KEY, "anh.jpg", b"n" * 10, age=timedelta(hours=71)),
    ]

    # when the purge runs with a 72-hour retention
    report = drafts_purge(now=NOW, older_than=timedelta(hours=72))

    # then only the abandoned draft is gone, files and folder, counted in files and bytes
    assert (report.drafts, report.files, report.bytes) == (1, 2, 1500)
    assert report.kept_in_use == 2
    assert not any(default_storage.exists(name) for name in old)
    assert not (Path(settings.MEDIA_ROOT) / DRAFTS_DIR / OLD_KEY).exists()
    assert default_storage.exists(fresh)
    assert all(default_storage.exists(name) for name in mixed)
    assert "Đã xóa 1 hồ sơ nộp dở (2 tệp, 1500 byte)" in report.line()

    # and running it again does nothing more
    again = drafts_purge(now=NOW, older_than=timedelta(hours=72))
    assert (again.drafts, again.files, again.bytes) == (0, 0, 0)


def test_files_of_submitted_dossiers_are_never_removed() -> None:
    # given a submitted dossier whose files are as old as any abandoned draft
    world = build_world()
    dossier = submit(world).dossier
    document = DossierDocument.objects.get(dossier=dossier)
    ancient = (NOW - timedelta(days=400)).timestamp()
    os.utime(default_storage.path(document.file.name), (ancient, ancient))
    # and, defensively, a dossier document that points into the drafts folder
    referenced = draft_file(OLD_KEY, "giay.pdf", b"%PDF-1.7", age=timedelta(days=30))
    loose = draft_file(OLD_KEY, "khac.pdf", b"%PDF-1.7", age=timedelta(days=30))
    other = DossierDocument.objects.get(pk=document.pk)
    other.pk = None
    other.file.name = referenced
    other.save()

    report = drafts_purge(now=NOW, older_than=timedelta(hours=1))

    assert default_storage.exists(document.file.name)
    assert default_storage.exists(referenced)
    assert not default_storage.exists(loose)
    assert report.kept_referenced == 1
    assert report.drafts == 0  # a draft with a kept file is not counted as removed
    assert report.files == 1


def test_nothing_to_purge_when_no_draft_was_ever_saved() -> None:
    report = drafts_purge(now=NOW, older_than=timedelta(hours=72))
    assert (report.drafts, report.files, report.bytes) == (0, 0, 0)


def test_the_log_says_how_much_and_names_nothing(caplog: pytest.LogCaptureFixture) -> None:
    draft_file(OLD_KEY, "can_cuoc_nguyen_van_an.pdf", b"x" * 42, age=timedelta(hours=80))

    with caplog.at_level(logging.INFO, logger="motcua.portal.draft_purge"):
        drafts_purge(now=NOW, older_than=timedelta(hours=72))

    [record] = [r for r in caplog.records if r.name == "motcua.portal.draft_purge"]
    message = record.getMessage()
    assert "1 drafts, 1 files, 42 bytes" in message
    assert OLD_KEY not in message
    assert "nguyen" not in message


def test_command_takes_the_retention_in_hours(capsys: pytest.CaptureFixture[str]) -> None:
    kept = draft_file(FRESH_KEY, "a.pdf", b"a", age=timedelta(hours=0))
    # The command runs at the real "now": age the file from the real clock.
    recent = (datetime.now(tz=UTC) - timedelta(hours=30)).timestamp()
    os.utime(default_storage.path(kept), (recent, recent))

    call_command("drafts", "purge", "--older-than", "48")
    assert default_storage.exists(kept)
    call_command("drafts", "purge", "--older-than", "24")
    assert not default_storage.exists(kept)

    out = capsys.readouterr().out
    assert "Đã xóa 0 hồ sơ nộp dở" in out
    assert "Đã xóa 1 hồ sơ nộp dở (1 tệp, 1 byte)" in out
    with pytest.raises(CommandError, match="lớn hơn 0"):
        call_command("drafts", "purge", "--older-than", "0")


def test_the_worker_runs_it_with_the_configured_retention(settings: Settings) -> None:
    assert "portal.drafts_purge" in registered_periodic()
    name = draft_file(OLD_KEY, "a.pdf", b"a", age=timedelta(hours=10))

    settings.MOTCUA_DRAFT_RETENTION_HOURS = 12
    assert drafts_purge_job(now=NOW).files == 0
    settings.MOTCUA_DRAFT_RETENTION_HOURS = 8
    assert drafts_purge_job(now=NOW).files == 1
    assert not default_storage.exists(name)


def test_a_draft_whose_files_were_purged_asks_for_them_again() -> None:
    kept = draft_file(OLD_KEY, "anh.jpg", b"a", age=timedelta(hours=1))
    citizen = User.objects.create_user(username="nguyenvanan")
    ApplicationDraft.objects.create(
        user=citizen,
        key=OLD_KEY,
        procedure="1.000001",
        data={"ho_ten": ["Nguyễn Văn An"]},
        files={
            "can_cuoc": ["can-cuoc.pdf", f"{DRAFTS_DIR}/{OLD_KEY}/can_cuoc.pdf"],
            "anh": ["anh.jpg", kept],
        },
        created_at=NOW,
        updated_at=NOW,
    )

    draft = draft_get(user=citizen, key=OLD_KEY, procedure="1.000001")

    assert draft is not None
    assert draft.files == {"anh": ("anh.jpg", kept)}
    assert draft.data == {"ho_ten": ["Nguyễn Văn An"]}
    other = User.objects.create_user(username="tranthibinh")
    assert draft_get(user=other, key=OLD_KEY, procedure="1.000001") is None


def test_draft_rows_not_updated_for_the_retention_time_go() -> None:
    citizen = User.objects.create_user(username="nguyenvanan")
    for key, age in ((OLD_KEY, timedelta(hours=80)), (FRESH_KEY, timedelta(hours=1))):
        ApplicationDraft.objects.create(
            user=citizen,
            key=key,
            procedure="1.000001",
            data={"ho_ten": ["Nguyễn Văn An"]},
            created_at=NOW - age,
            updated_at=NOW - age,
        )

    drafts_purge(now=NOW, older_than=timedelta(hours=72))

    assert list(ApplicationDraft.objects.values_list("key", flat=True)) == [FRESH_KEY]
