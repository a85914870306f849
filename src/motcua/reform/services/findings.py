"""Overlap findings: the scan of every procedure text in force and the reform team's judgement."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import FieldProblem, NotFound, ValidationFailed
from motcua.core.outbox import outbox_enqueue
from motcua.core.services import audit_append
from motcua.core.text import nfc
from motcua.reform.models import (
    Judgement,
    OverlapFinding,
)
from motcua.reform.overlap import find_overlaps
from motcua.reform.permissions import ReformScope
from motcua.reform.selectors import overlap_texts

#: Outbox topic of a scan the team asked for. A scan compares every text in force with every
#: other: a province's two thousand take minutes of CPU, far past a web request's timeout, so the
#: worker runs it.
SCAN_TOPIC = "reform.overlaps_scan"


def overlaps_scan_request(*, actor: str, at: datetime) -> None:
    """Ask the worker for a scan (:func:`overlaps_scan`); asked again within the same minute, it
    is the same scan."""
    minute = timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")
    outbox_enqueue(topic=SCAN_TOPIC, key=minute, payload={"actor": actor}, at=at)


def overlaps_scan_asked(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    """Outbox handler: the scan asked for, as of when the worker runs it. Running it twice leaves
    what once does (a scan updates its findings in place)."""
    overlaps_scan(actor=str(payload["actor"]), at=now)


def overlaps_scan(*, actor: str, at: datetime) -> list[OverlapFinding]:
    """Compare the register and the catalogue in force; keep the team's earlier judgements."""
    texts = overlap_texts(on=timezone.localdate(at))
    by_ref = {t.ref: t for t in texts}
    findings = find_overlaps(texts)
    kept: list[OverlapFinding] = []
    with transaction.atomic():
        existing = {(f.left_ref, f.right_ref): f for f in OverlapFinding.objects.all()}
        for finding in findings:
            left, right = sorted((finding.left, finding.right))
            row = existing.get((left, right))
            values = {
                "left_name": by_ref[left].name[:500],
                "right_name": by_ref[right].name[:500],
                "left_agency": by_ref[left].agency[:300],
                "right_agency": by_ref[right].agency[:300],
                "score": round(finding.score * 1000),
                "evidence": finding.evidence(),
                "cluster": finding.cluster,
            }
            if row is None:
                row = OverlapFinding.objects.create(
                    left_ref=left, right_ref=right, found_at=at, **values
                )
            else:
                for key, value in values.items():
                    setattr(row, key, value)
                row.save(update_fields=list(values))
            kept.append(row)
        audit_append(
            actor=actor,
            action="reform.overlaps_scanned",
            object_type="reform_register",
            object_id="overlaps",
            at=at,
            data={"compared": len(texts), "found": len(findings)},
        )
    return kept


def overlap_judge(
    *, finding_id: int, judgement: str, note: str, scope: ReformScope, actor: str, at: datetime
) -> OverlapFinding:
    """The team's judgement of a finding: overlap, not overlap, or to merge."""
    if judgement not in (Judgement.OVERLAP, Judgement.NOT_OVERLAP, Judgement.MERGE):
        raise ValidationFailed(
            _("Đánh giá không hợp lệ."),
            problems=[FieldProblem("judgement", _("Chọn một trong ba kết luận."))],
        )
    with transaction.atomic():
        finding = scope.findings().select_for_update().filter(pk=finding_id).first()
        if finding is None:
            raise NotFound(_("Không tìm thấy kết quả rà soát."))
        finding.judgement = judgement
        finding.note = nfc(note).strip()[:2000]
        finding.judged_by = actor
        finding.judged_at = at
        finding.save(update_fields=["judgement", "note", "judged_by", "judged_at"])
        audit_append(
            actor=actor,
            action="reform.overlap_judged",
            object_type="reform_overlap",
            object_id=f"{finding.left_ref}~{finding.right_ref}",
            at=at,
            data={"judgement": judgement, "note": finding.note},
        )
    return finding
