"""Project-wide test rules.

Under ``CI=true`` a skipped test is a failure: a check that needs a missing tool must not pass
silently on the machine that decides whether a change lands.
"""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which counts as a failure: {report.longrepr}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect tests of PostgreSQL-only behaviour on SQLite: CI runs the suite on both databases."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    deselected = [item for item in items if item.get_closest_marker("postgresql") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate limits, login lockouts and cached rankings live in the cache: each test starts with an
    empty one, so that one test's requests never count against another's."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_catalog_rows() -> None:
    """The catalogue rows a process keeps (:mod:`motcua.catalog.snapshot`) are kept under the
    catalogue's generation, which a rolled-back test leaves as it found it: each test starts with
    none kept, so that one test's rows never answer another's."""
    from motcua.catalog.snapshot import catalog_kept_clear

    catalog_kept_clear()


@pytest.fixture(autouse=True)
def _source_language() -> None:
    """Each test starts in Vietnamese, the source language: a page an earlier test requested under
    ``/en/`` leaves English active in the thread (LocaleMiddleware), and later tests assert
    Vietnamese words."""
    from django.utils import translation

    translation.deactivate()
