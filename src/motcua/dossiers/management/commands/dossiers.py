"""``motcua dossiers``: move in-flight dossiers to a new procedure version; run the SLA sweep.

* ``motcua dossiers migrate --from VERSION_ID --to VERSION_ID --map STEP=STEP ... [--dry-run]``
* ``motcua dossiers sla-sweep``
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.actors import system_actor
from motcua.catalog.models import ProcedureVersion
from motcua.core.errors import DomainError, ValidationFailed
from motcua.core.text import is_ascii_digits
from motcua.dossiers.services import MigrationPlan, dossiers_migrate_version
from motcua.dossiers.sla import dossier_sla_sweep

ACTOR = "cli:dossiers"


def _version(value: str, *, option: str) -> ProcedureVersion:
    version = (
        ProcedureVersion.objects.select_related("procedure").filter(pk=int(value)).first()
        if is_ascii_digits(value)
        else None
    )
    if version is None:
        raise CommandError(
            _("%(option)s: không tìm thấy phiên bản thủ tục mã %(value)s.")
            % {"option": option, "value": value},
            returncode=1,
        )
    return version


def _step_map(pairs: list[str]) -> dict[int, int]:
    mapping: dict[int, int] = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not is_ascii_digits(old.strip()) or not is_ascii_digits(new.strip()):
            raise CommandError(
                _("--map phải có dạng BƯỚC_CŨ=BƯỚC_MỚI (số thứ tự bước): %(value)s.")
                % {"value": pair},
                returncode=1,
            )
        if int(old) in mapping:
            raise CommandError(
                _("--map: bước %(step)s được ánh xạ hai lần.") % {"step": int(old)}, returncode=1
            )
        mapping[int(old)] = int(new)
    return mapping


class Command(BaseCommand):
    help = (
        "Hồ sơ: migrate --from ID --to ID --map BƯỚC=BƯỚC ... [--dry-run] (chuyển hồ sơ đang "
        "giải quyết sang phiên bản mới của cùng thủ tục) | sla-sweep (quét thời hạn một lần)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["migrate", "sla-sweep"])
        parser.add_argument("--from", dest="from_version", help="Mã phiên bản thủ tục nguồn.")
        parser.add_argument("--to", dest="to_version", help="Mã phiên bản thủ tục đích.")
        parser.add_argument(
            "--map",
            nargs="+",
            default=[],
            metavar="STEP=STEP",
            help="Ánh xạ số thứ tự bước hiện tại sang bước của phiên bản đích.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ liệt kê, không thay đổi dữ liệu."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "sla-sweep":
            report = dossier_sla_sweep(now=timezone.now())
            for line in report.lines():
                self.stdout.write(line)
            return
        if not options["from_version"] or not options["to_version"]:
            raise CommandError(_("migrate cần --from và --to."), returncode=1)
        source = _version(options["from_version"], option="--from")
        target = _version(options["to_version"], option="--to")
        mapping = _step_map(options["map"])

        def progress(done: int, total: int) -> None:
            self.stdout.write(
                _("Đã chuyển %(done)s/%(total)s hồ sơ…") % {"done": done, "total": total}
            )

        try:
            plan = dossiers_migrate_version(
                from_version=source,
                to_version=target,
                step_map=mapping,
                actor=system_actor(ACTOR),
                at=timezone.now(),
                dry_run=options["dry_run"],
                progress=progress,
            )
        except ValidationFailed as error:
            lines = [error.message, *(f"  {p.path}: {p.message}" for p in error.problems)]
            raise CommandError("\n".join(lines), returncode=1) from error
        except DomainError as error:
            raise CommandError(error.message, returncode=1) from error
        self._print(plan)

    def _print(self, plan: MigrationPlan) -> None:
        for move in plan.moves:
            self.stdout.write(f"{move.code}: {_('bước')} {move.from_step} → {move.to_step}")
        values = {
            "count": len(plan.moves),
            "procedure": plan.from_version.procedure.code,
            "old": plan.from_version.number,
            "new": plan.to_version.number,
        }
        if plan.dry_run:
            message = _(
                "Chạy thử: sẽ chuyển %(count)s hồ sơ của thủ tục %(procedure)s từ phiên bản "
                "%(old)s sang phiên bản %(new)s; chưa thay đổi gì."
            )
        else:
            message = _(
                "Đã chuyển %(count)s hồ sơ của thủ tục %(procedure)s từ phiên bản %(old)s sang "
                "phiên bản %(new)s."
            )
        self.stdout.write(message % values)
