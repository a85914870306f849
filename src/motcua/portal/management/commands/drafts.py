"""``motcua drafts purge [--older-than HOURS]``: delete the files of abandoned online applications.

The worker runs the same purge every hour with ``MOTCUA_DRAFT_RETENTION_HOURS``.
"""

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.portal.draft_purge import drafts_purge


class Command(BaseCommand):
    help = (
        "Hồ sơ nộp dở: purge [--older-than GIỜ] (xóa tệp của hồ sơ nộp trực tuyến bỏ dở, không "
        "được cập nhật trong số giờ đã cho; mặc định MOTCUA_DRAFT_RETENTION_HOURS)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["purge"])
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="GIỜ",
            help="Xóa hồ sơ nộp dở không được cập nhật trong số giờ này.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["older_than"]
        if hours is None:
            hours = settings.MOTCUA_DRAFT_RETENTION_HOURS
        if hours < 1:
            raise CommandError(_("--older-than phải là số giờ lớn hơn 0."), returncode=1)
        report = drafts_purge(now=timezone.now(), older_than=timedelta(hours=hours))
        self.stdout.write(report.line())
