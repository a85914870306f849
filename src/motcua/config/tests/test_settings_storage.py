"""MOTCUA_STORAGE: where files live, as the production settings read it from the environment.

The S3 case runs against moto's server, a simulator that speaks the S3 protocol over HTTP: it
proves the wiring, the private objects, the signed links and the names never replaced, not the
behaviour of a given S3-compatible product (MinIO, Ceph, a cloud's)."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from motcua.core.env import REGISTRY, secrets_generated
from motcua_dev.testing.processes import free_port, stop_process, wait_for_port

_PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
default_storage.exists  # resolves the lazy object, as the first upload does
storage = default_storage._wrapped
seen = {"backend": f"{type(storage).__module__}.{type(storage).__name__}"}
for name in ("bucket_name", "endpoint_url", "region_name", "access_key", "secret_key",
             "location", "default_acl", "querystring_auth", "file_overwrite"):
    if hasattr(storage, name):
        seen[name] = getattr(storage, name)
seen["staticfiles"] = settings.STORAGES["staticfiles"]["BACKEND"]
print(json.dumps(seen))
"""
# Through Django's default storage as the settings made it, into the bucket and back.
_ROUND_TRIP = """
import json
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
client = default_storage.connection.meta.client
client.create_bucket(Bucket=default_storage.bucket_name)
first = default_storage.save("ho-so/giay.pdf", ContentFile(b"%PDF-1.7 first"))
second = default_storage.save("ho-so/giay.pdf", ContentFile(b"%PDF-1.7 second"))
with default_storage.open(first) as kept:
    read = kept.read().decode()
listed = client.list_objects_v2(Bucket=default_storage.bucket_name)["Contents"]
print(json.dumps({"first": first, "second": second, "read": read, "url": default_storage.url(first),
                  "keys": sorted(o["Key"] for o in listed)}))
"""
_DEPLOYED = {
    "MOTCUA_ALLOWED_HOSTS": "dichvucong.example.gov.vn",
    "MOTCUA_CACHE_URL": "redis://127.0.0.1:6379/0",
}


def _production(
    tmp_path: Path, *, probe: str = _PROBE, **env: str
) -> subprocess.CompletedProcess[str]:
    left_out = {*REGISTRY, "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    outside = {k: v for k, v in os.environ.items() if k not in left_out}
    secrets = secrets_generated()
    secrets.pop("MOTCUA_S3_SECRET_ACCESS_KEY")
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", probe],
        env={
            **outside,
            **secrets,
            **_DEPLOYED,
            "DJANGO_SETTINGS_MODULE": "motcua.config.settings.production",
            "MOTCUA_VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_by_default_files_live_in_a_folder_and_no_s3_secret_is_asked(tmp_path: Path) -> None:
    done = _production(tmp_path)

    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert seen["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_s3_storage_takes_bucket_endpoint_and_keys_from_the_environment(tmp_path: Path) -> None:
    done = _production(
        tmp_path,
        MOTCUA_STORAGE="s3",
        MOTCUA_S3_BUCKET="motcua-ho-so",
        MOTCUA_S3_ENDPOINT_URL="https://s3.tinh.example.gov.vn",
        MOTCUA_S3_REGION="hn-1",
        MOTCUA_S3_ACCESS_KEY_ID="MOTCUAKEYID",
        MOTCUA_S3_SECRET_ACCESS_KEY="a-long-random-secret-of-the-province",
        MOTCUA_S3_PREFIX="media",
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "backend": "storages.backends.s3.S3Storage",
        "bucket_name": "motcua-ho-so",
        "endpoint_url": "https://s3.tinh.example.gov.vn",
        "region_name": "hn-1",
        "access_key": "MOTCUAKEYID",
        "secret_key": "a-long-random-secret-of-the-province",
        "location": "media",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }


def test_s3_storage_refuses_the_published_secret_and_a_missing_bucket(tmp_path: Path) -> None:
    on_default = _production(tmp_path, MOTCUA_STORAGE="s3", MOTCUA_S3_BUCKET="motcua-ho-so")
    no_bucket = _production(
        tmp_path, MOTCUA_STORAGE="s3", MOTCUA_S3_SECRET_ACCESS_KEY="a-long-random-secret"
    )
    unknown = _production(tmp_path, MOTCUA_STORAGE="ftp")

    assert on_default.returncode != 0
    assert "MOTCUA_S3_SECRET_ACCESS_KEY" in on_default.stderr
    assert no_bucket.returncode != 0
    assert "MOTCUA_STORAGE=s3 needs MOTCUA_S3_BUCKET" in no_bucket.stderr
    assert unknown.returncode != 0
    assert "MOTCUA_STORAGE must be filesystem or s3, got 'ftp'" in unknown.stderr


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    """moto's server: a simulator that answers the S3 protocol over HTTP (not AWS, not MinIO)."""
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)


def test_files_go_to_the_bucket_so_configured_behind_signed_links(
    s3_endpoint: str, tmp_path: Path
) -> None:
    done = _production(
        tmp_path,
        probe=_ROUND_TRIP,
        MOTCUA_STORAGE="s3",
        MOTCUA_S3_BUCKET="motcua-ho-so",
        MOTCUA_S3_ENDPOINT_URL=s3_endpoint,
        MOTCUA_S3_REGION="us-east-1",
        MOTCUA_S3_ACCESS_KEY_ID="MOTCUAKEYID",
        MOTCUA_S3_SECRET_ACCESS_KEY="a-long-random-secret-of-the-province",
        MOTCUA_S3_PREFIX="media",
    )

    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["first"] == "ho-so/giay.pdf"
    assert seen["second"] != seen["first"]  # a taken name gets a new name, never replaces
    assert seen["read"] == "%PDF-1.7 first"
    assert seen["keys"] == sorted(["media/" + seen["first"], "media/" + seen["second"]])
    assert "X-Amz-Signature=" in seen["url"] or "Signature=" in seen["url"]
    with urllib.request.urlopen(seen["url"], timeout=10) as response:  # noqa: S310 (loopback)
        assert response.read() == b"%PDF-1.7 first"
    with pytest.raises(urllib.error.HTTPError):  # the same object without the signature
        urllib.request.urlopen(seen["url"].split("?", 1)[0], timeout=10)  # noqa: S310
