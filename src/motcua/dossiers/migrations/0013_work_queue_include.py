from django.db import migrations, models

from motcua.core.migration_ops import (
    AddIndexConcurrentlyOnPostgres,
    RemoveIndexConcurrentlyOnPostgres,
)


class Migration(migrations.Migration):
    # The indexes are built and dropped concurrently, which PostgreSQL refuses inside a transaction.
    atomic = False

    dependencies = [
        ('dossiers', '0012_idempotency_scope'),
    ]

    # The work queue's indexes again, with the step's due moment and the id beside their keys
    # (INCLUDE, PostgreSQL only): each new one is built before the old one is dropped, so the
    # queue is never read without one.
    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name='dossier',
            index=models.Index(models.F('current_agency'), models.F('current_role'), models.OrderBy(models.F('marked_late'), descending=True), models.F('due_at'), models.F('code'), condition=models.Q(('status__in', ['received', 'processing', 'result_ready'])), include=('step_due_at', 'id'), name='dossier_work_queue_incl_idx'),
        ),
        RemoveIndexConcurrentlyOnPostgres(
            model_name='dossier',
            name='dossier_work_queue_idx',
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name='dossier',
            index=models.Index(models.OrderBy(models.F('marked_late'), descending=True), models.F('due_at'), models.F('code'), condition=models.Q(('status__in', ['received', 'processing', 'result_ready'])), include=('step_due_at', 'id'), name='dossier_open_due_incl_idx'),
        ),
        RemoveIndexConcurrentlyOnPostgres(
            model_name='dossier',
            name='dossier_open_due_idx',
        ),
    ]
