from typing import Any

from django.db import migrations, models
from django.db.models import Count, Q


def count_open(apps: Any, schema_editor: Any) -> None:
    """Dossiers already waiting on consultations get their count, so none moves on too early."""
    dossier_model = apps.get_model("dossiers", "Dossier")
    waiting = (
        dossier_model.objects.annotate(
            open_count=Count("consultations", filter=Q(consultations__answered_at__isnull=True))
        )
        .filter(open_count__gt=0)
        .values_list("pk", "open_count")
    )
    for pk, open_count in waiting:
        dossier_model.objects.filter(pk=pk).update(consultations_open=open_count)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0004_results_fees_return_provenance"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="consultations_open",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(count_open, migrations.RunPython.noop),
    ]
