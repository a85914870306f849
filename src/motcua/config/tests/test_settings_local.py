"""``make run``'s settings: debug off unless asked for, so errors show the project's own pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error
from pytest_django.fixtures import Settings

from motcua.dossiers.tests.factories import build_world, submit


def _local_debug(tmp_path: Path, **env: str) -> bool:
    """``settings.DEBUG`` as ``make run`` loads it, in a process of its own."""
    outside = {k: v for k, v in os.environ.items() if k not in {"MOTCUA_DEBUG", "DATABASE_URL"}}
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("motcua")),
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        env={
            **outside,
            "DJANGO_SETTINGS_MODULE": "motcua.config.settings.local",
            "MOTCUA_VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer = result.stdout.strip().splitlines()[-1]
    assert answer in {"True", "False"}, result.stdout
    return answer == "True"


def test_debug_is_off_by_default_and_one_variable_away(tmp_path: Path) -> None:
    assert _local_debug(tmp_path) is False
    assert _local_debug(tmp_path, MOTCUA_DEBUG="1") is True


@pytest.mark.django_db
def test_another_agency_s_dossier_answers_the_project_s_404_page(
    client: Client, settings: Settings, tmp_path: Path
) -> None:
    settings.DEBUG = _local_debug(tmp_path)
    world = build_world()
    dossier = submit(world).dossier
    client.force_login(world.outsider)

    response = client.get(f"/can-bo/ho-so/{dossier.code}/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert "URLconf" not in body
    assert 'href="/"' in body
    assert 'href="/tra-cuu/"' in body
    assert 'href="/phan-anh-kien-nghi/"' in body
    assert "motcua/design.css" in body
    # WhiteNoise serves the design system with debug off (runserver's own handler would not).
    stylesheet = client.get("/static/motcua/design.css")
    assert stylesheet.status_code == 200
    # Read to the end, the test client closes the file the response holds open.
    assert b"".join(stylesheet.streaming_content)  # type: ignore[attr-defined]

    english = client.get(f"/en/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Page not found" in english
    assert 'href="/en/tra-cuu/"' in english


@pytest.mark.django_db
def test_the_500_page_is_the_project_s_in_both_languages() -> None:
    request = RequestFactory().get("/")

    with translation.override("vi"):
        vietnamese = server_error(request).content.decode()
    with translation.override("en"):
        english = server_error(request).content.decode()

    assert "Hệ thống đang gặp sự cố" in vietnamese
    assert 'href="/tra-cuu/"' in vietnamese
    assert "Sorry, there is a problem with the service" in english
    assert 'href="/en/phan-anh-kien-nghi/"' in english
