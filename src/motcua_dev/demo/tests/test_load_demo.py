import pytest
from django.core.management import call_command

from motcua.accounts.models import Agency, User
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.core.selectors import audit_verify


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_data_and_prints_the_logins(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("load-demo")
    counts = (Agency.objects.count(), User.objects.count(), ProcedureVersion.objects.count())
    call_command("load-demo")

    out = capsys.readouterr().out
    assert (
        Agency.objects.count(),
        User.objects.count(),
        ProcedureVersion.objects.count(),
    ) == counts
    assert ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).count() >= 12
    assert "canbo.motcua" in out
    assert "motcua-demo-2026" in out
    assert audit_verify() is None
