"""The backup drill on PostgreSQL: back up a small database with its files, restore it into an
empty database and files folder in another process, and check it as the manifest says."""

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connections
from django.utils import timezone
from pytest_django.fixtures import Settings

from motcua.dossiers.tests.factories import build_world, submit
from motcua.ops.backup import BackupRefused, backup_create, backup_restore, restore_check

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]

DOSSIERS = 3


def _url(name: str) -> str:
    db = connections["default"].settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


@pytest.fixture
def empty_database() -> Iterator[str]:
    name = f"motcua_cluster_drill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _motcua(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("motcua")), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_backup_restores_into_an_empty_instance_and_checks_out(
    settings: Settings, tmp_path: Path, empty_database: str
) -> None:
    # given a small instance with dossiers and their stored documents
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    codes = [submit(world).dossier.code for _ in range(DOSSIERS)]
    assert len(set(codes)) == DOSSIERS

    # when it is backed up, then restored by another process into an empty database and folder
    manifest = backup_create(target=tmp_path / "backup", at=timezone.now())
    assert manifest["dossiers"] == DOSSIERS
    assert len(manifest["files"]) >= DOSSIERS
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.config.settings.local",
        "DATABASE_URL": _url(empty_database),
        "MOTCUA_VAR_DIR": str(tmp_path / "restored"),
    }
    restored = _motcua("restore", str(tmp_path / "backup"), env=env)

    # then the audit log verifies against the saved anchor, with every dossier and file
    assert restored.returncode == 0, restored.stderr
    assert f"{DOSSIERS} dossiers" in restored.stdout
    verified = _motcua("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stderr
    with psycopg.connect(_url(empty_database)) as copy:
        row = copy.execute("SELECT array_agg(code ORDER BY code) FROM dossiers_dossier").fetchone()
    assert row is not None
    assert row[0] == sorted(codes)

    # and restoring again over the restored instance is refused
    again = _motcua("restore", str(tmp_path / "backup"), env=env)
    assert again.returncode == 2
    assert "empty database" in again.stderr


def test_the_check_names_a_missing_dossier_a_changed_file_and_a_foreign_anchor(
    settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    submit(build_world())
    manifest = backup_create(target=tmp_path / "backup", at=timezone.now())
    altered = json.loads(json.dumps(manifest))
    altered["dossiers"] += 1
    first_file = next(iter(altered["files"]))
    altered["files"][first_file] = "0" * 64
    altered["anchor"]["hash"] = "f" * 64

    report = restore_check(manifest=altered, media=tmp_path / "media")

    assert not report.ok
    assert any("dossiers restored" in p for p in report.problems)
    assert any(first_file in p for p in report.problems)
    assert any("saved audit anchor" in p for p in report.problems)
    assert restore_check(manifest=manifest, media=tmp_path / "media").ok


def test_a_restore_into_a_database_with_tables_is_refused(
    tmp_path: Path, settings: Settings
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    backup_create(target=tmp_path / "backup", at=timezone.now())
    with pytest.raises(BackupRefused, match="empty database"):
        backup_restore(source=tmp_path / "backup")
