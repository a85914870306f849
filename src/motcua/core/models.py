"""The audit log (nhật ký kiểm tra): append-only, hash-chained, one chain per object.

A single global chain would serialise every write in the system behind one lock, so each object
(a procedure, a dossier) has its own chain, and :class:`AuditAnchor` rows bind the heads of all
chains together in a Merkle root that an operator copies outside the database.
"""

from django.db import models


class AuditChainHead(models.Model):
    """The last entry of one chain; locked while an entry is appended to that chain."""

    chain = models.CharField(max_length=200, primary_key=True)
    seq = models.PositiveBigIntegerField()
    head_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq}"


class AuditEntry(models.Model):
    chain = models.CharField(max_length=200)
    seq = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    actor = models.CharField(max_length=200, help_text="Who acted: user:<id>, system, cli.")
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    # Unique through ``audit_entry_hash_unique`` (Meta), without PostgreSQL's pattern-matching copy.
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_entry_chain_seq_unique"),
            models.UniqueConstraint(fields=["hash"], name="audit_entry_hash_unique"),
        ]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_entry_object_idx")]
        verbose_name = "bản ghi nhật ký"
        verbose_name_plural = "nhật ký kiểm tra"

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action}"


class AuditAnchor(models.Model):
    """A Merkle root over the heads of every chain at one moment, itself chained to the previous anchor."""

    created_at = models.DateTimeField()
    heads = models.JSONField(help_text="[[chain, seq, hash], ...] sorted by chain.")
    merkle_root = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"anchor {self.pk} {self.merkle_root[:12]}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "chờ chạy"
    RUNNING = "running", "đang chạy"
    DONE = "done", "đã xong"
    FAILED = "failed", "thất bại"


class OutboxMessage(models.Model):
    """One piece of work to do after a commit, written in the same transaction as the change.

    ``(topic, key)`` is unique, so enqueuing the same effect twice is a no-op. The row is the source
    of truth: a broker message only carries its id, and a lost message is found by the poll.
    """

    topic = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    available_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    #: The id of the web request that caused the row (``X-Request-ID``), bound again while its
    #: handlers run, so that the worker's log lines join the request's; empty for work no request
    #: caused (a periodic job, a command).
    request_id = models.CharField(max_length=128, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "key"], name="outbox_topic_key_unique"),
        ]
        indexes = [
            models.Index(fields=["status", "available_at"], name="outbox_due_idx"),
        ]
        verbose_name = "việc chờ chạy"
        verbose_name_plural = "hàng đợi việc"

    def __str__(self) -> str:
        return f"{self.topic} {self.key} ({self.status})"


class OutboxDelivery(models.Model):
    """One handler's share of one outbox row: its own effect-once key, attempts and retries.

    A topic may have several handlers (a dossier's history row is told to the applicant and counted
    in the published figures). ``(message, handler)`` is unique, and the row turns ``done`` in the
    handler's own transaction: when the message runs again, only the handlers not done yet run,
    and a handler's attempts are its own (the message waits the backoff of its least-tried
    failing handler).
    """

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="deliveries")
    handler = models.CharField(max_length=100)
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "handler"], name="outbox_delivery_handler_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.handler} of {self.message_id} ({self.status})"


class EffectLedger(models.Model):
    """One row per side effect done: a consumer that runs twice finds it and does nothing."""

    effect = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["effect", "key"], name="effect_ledger_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.effect} {self.key}"


class PeriodicJob(models.Model):
    """When a periodic job registered with the worker last ran and is next due (shared by workers)."""

    name = models.CharField(max_length=100, primary_key=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    next_run_at = models.DateTimeField()
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class Generation(models.Model):
    """A counter that the services of one kind of public content bump whenever they change it
    (``catalog``: a procedure version, a fee policy, a field), in the same transaction.

    Pages built from that content are cached under its current value
    (:mod:`motcua.portal.page_cache`): a committed change is a new value, hence new pages at once
    on every web process, and a rolled-back one changes nothing.
    """

    name = models.CharField(max_length=50, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}#{self.value}"
