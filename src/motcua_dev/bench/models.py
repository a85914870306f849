"""Rows the benchmark's peer (SpiffWorkflow) writes: its serialized workflow state, one per instance.

Nothing in motcua reads them; they exist so the peer persists to the same database as motcua does.
"""

from django.db import models


class PeerWorkflowState(models.Model):
    """The serialized state of one SpiffWorkflow instance, rewritten after every step."""

    process = models.CharField(max_length=100)
    state = models.TextField()
    completed = models.BooleanField(default=False)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "trạng thái quy trình đối chứng"
        verbose_name_plural = "trạng thái quy trình đối chứng"

    def __str__(self) -> str:
        return f"{self.process} #{self.pk}"
