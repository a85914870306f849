"""Aggregates of the history, maintained as it grows (no nightly scan).

:class:`ReportFact` keeps, per dossier or feedback item, the keys it currently contributes
(``month|measure|procedure``) and the last history ``seq`` folded in. A change recomputes the
subject's keys and applies the difference to :class:`ReportTally`, in one transaction: folding the
same event twice changes nothing. ``motcua reporting rebuild`` recomputes everything from the
history, and must agree with the incremental figures.
"""

from django.db import models

from motcua.accounts.models import Agency, User

#: ``procedure_code`` of the rows that sum every procedure of an agency and month.
ALL_PROCEDURES = "*"
#: ``procedure_code`` of the rows that sum every procedure over a calendar year (``month`` is
#: 1 January): a yearly dashboard reads twelve times fewer rows.
WHOLE_YEAR = "**"


class ReportFact(models.Model):
    subject = models.CharField(max_length=100, unique=True)  # "dossier:<code>", "feedback:<code>"
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveIntegerField(default=0)
    keys = models.JSONField(default=list)

    def __str__(self) -> str:
        return self.subject


class ReportTally(models.Model):
    """How many subjects count in ``measure`` for one agency, procedure and month."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    province = models.CharField(max_length=5)
    procedure_code = models.CharField(max_length=40)
    month = models.DateField()
    measure = models.CharField(max_length=40)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure_code", "month", "measure"], name="report_tally_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["procedure_code", "month", "agency", "measure"],
                name="report_tally_period_idx",
            ),
            models.Index(
                fields=["procedure_code", "province", "month"], name="report_tally_province_idx"
            ),
            models.Index(
                fields=["procedure_code", "measure", "month"], name="report_tally_measure_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.procedure_code} {self.month} {self.measure}={self.count}"


class ReportStepTally(models.Model):
    """Steps an officer completed per month, by outcome (trước hạn / đúng hạn / quá hạn)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    outcome = models.CharField(max_length=10)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "officer", "month", "outcome"], name="report_step_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.month} {self.outcome}={self.count}"


class ReportRollup(models.Model):
    """The ``*`` and ``**`` tallies summed over the agencies of one province (tổng hợp theo tỉnh).

    Kept in the same transaction as :class:`ReportTally` (and rebuilt with it), so the national
    index, the national monthly trend and the list of provinces read at most 34 rows per month and
    measure instead of one per agency.
    """

    province = models.CharField(max_length=5)
    procedure_code = models.CharField(max_length=40)  # ALL_PROCEDURES or WHOLE_YEAR only
    month = models.DateField()
    measure = models.CharField(max_length=40)
    count = models.BigIntegerField(default=0)
    #: Starts at a random number and grows by one with every change of the row: the sum over a
    #: period's rows names one state of its figures (the key of the cached ranking), with no
    #: counter shared by every write, and never repeats after a rebuild or in another database.
    revision = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["procedure_code", "month", "province", "measure"],
                name="report_rollup_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.procedure_code} {self.month} {self.measure}={self.count}"
