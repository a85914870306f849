import pytest
from django.core.management import call_command

from motcua.core.env import REGISTRY, env_bool, env_int


def test_every_setting_read_is_listed_with_a_help_text(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("settings-help", "--markdown")

    out = capsys.readouterr().out
    assert "| `DATABASE_URL` |" in out
    assert "| `MOTCUA_PAPER_CUTOFF` | `15:00` |" in out
    assert all(var.help for var in REGISTRY.values())


def test_env_reads_typed_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("motcua.core.env.REGISTRY", {})
    monkeypatch.setenv("MOTCUA_TEST_FLAG", "yes")
    monkeypatch.setenv("MOTCUA_TEST_NUMBER", "seven")

    assert env_bool("MOTCUA_TEST_FLAG", default=False, help="a flag") is True
    with pytest.raises(ValueError, match="MOTCUA_TEST_NUMBER must be a whole number"):
        env_int("MOTCUA_TEST_NUMBER", default=1, help="a number")


def test_the_readme_lists_every_environment_variable() -> None:
    from pathlib import Path

    from django.conf import settings

    readme = (Path(settings.PROJECT_DIR) / "README.md").read_text(encoding="utf-8")

    missing = [name for name in REGISTRY if f"`{name}`" not in readme]
    assert missing == [], f"add these to the README's settings table: {missing}"


def test_the_listing_shows_no_path_of_the_machine_it_runs_on() -> None:
    from django.conf import settings

    project = str(settings.PROJECT_DIR)

    assert [var.name for var in REGISTRY.values() if project in var.default] == []
