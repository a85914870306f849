"""Backups proven by a restore (sao lưu và phục hồi).

A backup is a folder: ``db.dump`` (``pg_dump`` custom format), ``files.tar`` (every stored file:
uploads, scans, signed results, slips) and ``manifest.json``, which keeps the audit anchor made at
the start of the backup, the number of dossiers and the SHA-256 of every file. A restore loads
both into an empty database and an empty files folder, then checks what the manifest says: the
audit log verifies, the anchor is there with the same hash and every chain head it bound is in
the log with the same hash, the dossiers are as many, and every file has its hash.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from motcua.core.models import AuditAnchor, AuditEntry
from motcua.core.selectors import audit_verify
from motcua.core.services import audit_anchor_create
from motcua.dossiers.models import Dossier

MANIFEST = "manifest.json"
DUMP = "db.dump"
FILES = "files.tar"
_CHUNK = 1 << 20


class BackupRefused(Exception):
    """A backup or a restore that cannot be done as asked (the message says why)."""


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump and pg_restore, from ``DATABASES``."""
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        message = "backup and restore need PostgreSQL (DATABASE_URL=postgres://...)"
        raise BackupRefused(message)
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    """A PostgreSQL client program: on the PATH, else where Debian's PostgreSQL 15 keeps it."""
    found = shutil.which(name) or f"/usr/lib/postgresql/15/bin/{name}"
    if not Path(found).is_file():
        message = f"{name} was not found: install PostgreSQL's client programs"
        raise BackupRefused(message)
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def files_hashes(root: Path) -> dict[str, str]:
    """Every file under ``root`` by its relative path, with its SHA-256."""
    if not root.is_dir():
        return {}
    return {
        str(path.relative_to(root)): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _anchor_json(anchor: AuditAnchor) -> dict[str, Any]:
    return {
        "id": anchor.pk,
        "created_at": anchor.created_at.isoformat(),
        "merkle_root": anchor.merkle_root,
        "hash": anchor.hash,
        "heads": anchor.heads,
    }


def backup_create(*, target: Path, at: datetime) -> dict[str, Any]:
    """Anchor the audit log, dump the database, pack the files; write and return the manifest."""
    args, env = _pg_env()
    if target.exists() and any(target.iterdir()):
        message = f"the backup folder {target} is not empty"
        raise BackupRefused(message)
    target.mkdir(parents=True, exist_ok=True)
    anchor = audit_anchor_create(at=at)
    subprocess.run(  # noqa: S603 - pg_dump with arguments built from the settings
        [_tool("pg_dump"), *args, "--format", "custom", "--no-owner", "--file", str(target / DUMP)],
        env=env,
        check=True,
    )
    media = Path(settings.MEDIA_ROOT)
    hashes = files_hashes(media)
    with tarfile.open(target / FILES, "w") as archive:
        for relative in hashes:
            archive.add(media / relative, arcname=relative, recursive=False)
    manifest = {
        "created_at": at.isoformat(),
        "anchor": _anchor_json(anchor),
        "dossiers": Dossier.objects.count(),
        "files": hashes,
        "dump_sha256": _sha256(target / DUMP),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


@dataclass
class RestoreReport:
    problems: list[str] = field(default_factory=list)
    dossiers: int = 0
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def backup_restore(*, source: Path) -> RestoreReport:
    """Load a backup into the configured (empty) database and files folder, then check it."""
    args, env = _pg_env()
    manifest = json.loads((source / MANIFEST).read_text())
    if _sha256(source / DUMP) != manifest["dump_sha256"]:
        message = f"{source / DUMP} does not match the SHA-256 its manifest recorded"
        raise BackupRefused(message)
    if not _database_is_empty():
        message = "restore needs an empty database: this one already has tables"
        raise BackupRefused(message)
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        message = f"restore needs an empty files folder: {media} is not empty"
        raise BackupRefused(message)
    subprocess.run(  # noqa: S603 - pg_restore with arguments built from the settings
        [
            _tool("pg_restore"),
            *args,
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            env["PGDATABASE"],
            str(source / DUMP),
        ],
        env=env,
        check=True,
    )
    connection.close()  # the tables appeared under this connection's feet
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / FILES) as archive:
        archive.extractall(media, filter="data")
    return restore_check(manifest=manifest, media=media)


def restore_check(*, manifest: dict[str, Any], media: Path) -> RestoreReport:
    """What a restored instance must show to count as the backup it came from."""
    report = RestoreReport()
    if (broken := audit_verify()) is not None:
        report.problems.append(f"audit log broken at {broken.where}: {broken.reason}")
    saved = manifest["anchor"]
    anchor = AuditAnchor.objects.filter(pk=saved["id"]).first()
    if anchor is None or anchor.hash != saved["hash"] or anchor.merkle_root != saved["merkle_root"]:
        report.problems.append(f"the saved audit anchor {saved['id']} is not in the restored log")
    for chain, seq, head_hash in saved["heads"]:
        if not AuditEntry.objects.filter(chain=chain, seq=seq, hash=head_hash).exists():
            report.problems.append(f"audit chain {chain} has no entry {seq} with the saved hash")
    report.dossiers = Dossier.objects.count()
    if report.dossiers != manifest["dossiers"]:
        report.problems.append(
            f"{report.dossiers} dossiers restored, {manifest['dossiers']} backed up"
        )
    restored = files_hashes(media)
    report.files = len(restored)
    for relative, digest in manifest["files"].items():
        if restored.get(relative) != digest:
            report.problems.append(f"file {relative} is missing or differs")
    return report


def backup_folder_remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
