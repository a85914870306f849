"""``motcua feedback sweep|poll-mail``: what the worker runs every minute, by hand."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from motcua.feedback.mail import feedback_mail_poll
from motcua.feedback.sweep import feedback_sweep


class Command(BaseCommand):
    help = (
        "Feedback and petitions: 'sweep' reminds and escalates late answers; 'poll-mail' reads the "
        "monitored mailbox (MOTCUA_FEEDBACK_MAILDIR, MOTCUA_FEEDBACK_IMAP_*)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["sweep", "poll-mail"])

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["action"] == "sweep":
            report = feedback_sweep(now=now)
            self.stdout.write(f"reminded {len(report.reminded)}, escalated {len(report.escalated)}")
            for code, level in report.escalated:
                self.stdout.write(f"  {code} -> level {level}")
            return
        mail = feedback_mail_poll(now=now)
        self.stdout.write(f"received {len(mail.received)}, refused {mail.refused}")
        for code in mail.received:
            self.stdout.write(f"  {code}")
