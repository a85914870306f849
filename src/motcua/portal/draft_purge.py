"""Purge of abandoned online applications (hồ sơ nộp dở): their files, once untouched for long.

A draft's answers are kept for the citizen's account (``ApplicationDraft``); its files live in
storage under ``portal-drafts/<key>/`` until the dossier is submitted (then :func:`draft_discard`
removes both). A citizen who never comes back leaves them behind: this purge deletes a draft's
folder once none of its files was touched for the retention time
(``MOTCUA_DRAFT_RETENTION_HOURS``), and the rows not updated for as long. A draft is
removed whole or not at all, and a file that a dossier or a result refers to is never removed.
The log says how many drafts, files and bytes went, never a name.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from motcua.dossiers.models import DossierDocument, DossierResult
from motcua.portal.drafts import DRAFTS_DIR
from motcua.portal.models import ApplicationDraft

logger = logging.getLogger(__name__)


@dataclass
class PurgeReport:
    cutoff: datetime
    drafts: int = 0
    files: int = 0
    bytes: int = 0
    kept_in_use: int = 0  # drafts touched since the cutoff
    kept_referenced: int = 0  # files a dossier or a result refers to

    def line(self) -> str:
        return _(
            "Đã xóa %(drafts)s hồ sơ nộp dở (%(files)s tệp, %(bytes)s byte) không được cập nhật từ "
            "%(cutoff)s; giữ lại %(in_use)s hồ sơ đang nộp và %(referenced)s tệp thuộc hồ sơ đã nộp."
        ) % {
            "drafts": self.drafts,
            "files": self.files,
            "bytes": self.bytes,
            "cutoff": self.cutoff.isoformat(timespec="seconds"),
            "in_use": self.kept_in_use,
            "referenced": self.kept_referenced,
        }


def _referenced() -> set[str]:
    """Storage names under the drafts folder that a dossier's document or result points to."""
    prefix = f"{DRAFTS_DIR}/"
    names = set(
        DossierDocument.objects.filter(file__startswith=prefix).values_list("file", flat=True)
    )
    names |= set(
        DossierResult.objects.filter(file__startswith=prefix).values_list("file", flat=True)
    )
    return names


def drafts_purge(*, now: datetime, older_than: timedelta) -> PurgeReport:
    """Delete the files of every draft none of whose files changed after ``now - older_than``."""
    report = PurgeReport(cutoff=now - older_than)
    rows, _by_model = ApplicationDraft.objects.filter(updated_at__lt=report.cutoff).delete()
    if rows:
        logger.info("portal draft rows purged: %d", rows)
    try:
        keys, _loose = default_storage.listdir(DRAFTS_DIR)
    except FileNotFoundError:
        return report
    referenced = _referenced()
    for key in sorted(keys):
        folder = f"{DRAFTS_DIR}/{key}"
        _nested, names = default_storage.listdir(folder)
        paths = [f"{folder}/{name}" for name in names]
        if any(default_storage.get_modified_time(p) > report.cutoff for p in paths):
            report.kept_in_use += 1
            continue
        kept = False
        for path in paths:
            if path in referenced:
                report.kept_referenced += 1
                kept = True
                continue
            size = default_storage.size(path)
            default_storage.delete(path)
            report.files += 1
            report.bytes += size
        if kept:
            continue
        if not _nested:
            # Local storage keeps the empty folder; object storage has none to remove.
            default_storage.delete(folder)
        report.drafts += 1
    logger.info(
        "portal drafts purged: %d drafts, %d files, %d bytes; kept %d in use, %d referenced",
        report.drafts,
        report.files,
        report.bytes,
        report.kept_in_use,
        report.kept_referenced,
    )
    return report


def drafts_purge_job(*, now: datetime) -> PurgeReport:
    """The worker's periodic run, with the configured retention."""
    return drafts_purge(now=now, older_than=timedelta(hours=settings.MOTCUA_DRAFT_RETENTION_HOURS))
