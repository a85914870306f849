import pytest
from django.core.management import CommandError, call_command

from motcua.core.models import AuditAnchor
from motcua.core.tests.factories import append_entries, tamper


@pytest.mark.django_db
def test_audit_verify_prints_verified_on_a_sound_log(capsys: pytest.CaptureFixture[str]) -> None:
    append_entries(2)

    call_command("audit", "verify")

    assert capsys.readouterr().out.strip() == "audit log verified"


@pytest.mark.django_db
def test_audit_verify_exits_1_naming_the_first_bad_row() -> None:
    entry = append_entries(2)[0]
    tamper("UPDATE core_auditentry SET data = %s WHERE id = %s", ['{"n": 99}', entry.pk])

    with pytest.raises(CommandError, match=f"row {entry.pk} ") as raised:
        call_command("audit", "verify")

    assert raised.value.returncode == 1


@pytest.mark.django_db
def test_audit_anchor_prints_the_root_to_copy_outside(capsys: pytest.CaptureFixture[str]) -> None:
    append_entries(1)

    call_command("audit", "anchor")

    anchor = AuditAnchor.objects.get()
    assert anchor.merkle_root in capsys.readouterr().out
