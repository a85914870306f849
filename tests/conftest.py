"""Browser journeys: Playwright (sync API) on the machine's Chromium, with an axe-core check.

The browser is never downloaded: it is the system Chromium. When it is missing the tests skip
with the reason, and the root conftest turns that skip into a failure under CI=true.

Every page a journey loads is checked by axe-core, without the journey asking: the pages of the
``page`` and ``browser_phone`` fixtures carry axe and run it when each document has loaded, report
to the test, and the test fails at its end on any moderate, serious or critical violation.
``axe(page)`` still checks the page as it is now (after a dialog opened, say) and fails at once.
"""

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    sync_playwright,
)
from pytest_django.fixtures import Settings

from motcua_dev.testing.signing import LocalSigning, local_signing

# Playwright's sync API runs an asyncio loop in this thread; the live server's database access
# from the test body is synchronous and safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING_IMPACTS = frozenset({"moderate", "serious", "critical"})
#: Runs in every document of a checked context; the run's promise is kept so that ``axe(page)``
#: waits for it (axe refuses to run twice at once).
AXE_ON_LOAD = """
window.addEventListener("load", () => {
  if (window.top !== window || typeof window.axe === "undefined") return;
  window.__motcuaAxe = axe.run(document, {runOnly: {type: "tag", values: %s}}).then((r) => {
    const found = r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
    }));
    window.__motcuaAxeReport(location.href, found);
    return found;
  });
});
"""


class AxeOnEveryPage:
    """The reports of the automatic check, one per loaded document, gathered for the test."""

    def __init__(self, context: BrowserContext) -> None:
        missing = f"axe-core is missing at {AXE_JS}: run `npm ci` at the repository root"
        if not AXE_JS.exists():
            pytest.skip(reason=missing)
        self.reports: list[tuple[str, list[dict[str, Any]]]] = []
        context.expose_binding("__motcuaAxeReport", self._report)
        context.add_init_script(AXE_JS.read_text(encoding="utf-8"))
        context.add_init_script(AXE_ON_LOAD % json.dumps(AXE_TAGS))

    def _report(self, _source: object, url: str, violations: list[dict[str, Any]]) -> None:
        self.reports.append((url, violations))

    def finish(self, page: Page) -> None:
        """Wait for the last page's run, then fail on what any page reported."""
        # A page closing or navigating at the very end loses its check; that is not a failure.
        with contextlib.suppress(Error):
            page.evaluate("() => window.__motcuaAxe || null")
        blocking = [
            (url, [v for v in found if v.get("impact") in BLOCKING_IMPACTS])
            for url, found in self.reports
        ]
        blocking = [(url, found) for url, found in blocking if found]
        if blocking:
            report = json.dumps(blocking, ensure_ascii=False, indent=2)
            print(f"axe violations:\n{report}")  # noqa: T201
            pytest.fail(
                "accessibility violations on "
                + ", ".join(f"{url} ({len(found)})" for url, found in blocking)
            )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(reason=f"Chromium is not installed at {CHROMIUM}; install the chromium package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own context (no cookies shared between tests), desktop size, Vietnamese."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    checked = AxeOnEveryPage(context)
    new_page = context.new_page()
    new_page.set_default_timeout(15_000)
    refused = _csp_violations(new_page)
    try:
        yield new_page
        checked.finish(new_page)
    finally:
        context.close()
    assert refused == [], "the Content-Security-Policy refused part of a page"


def _csp_violations(page: Page) -> list[str]:
    """Collects what the pages' Content-Security-Policy refuses (a style, a script, an image),
    so that a journey fails when the strict policy breaks a page."""
    refused: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", listen)
    return refused


@pytest.fixture
def browser_phone(browser: Browser) -> Iterator[Page]:
    """A page on a 390×844 phone screen (touch, high density), Vietnamese."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
    )
    checked = AxeOnEveryPage(context)
    new_page = context.new_page()
    new_page.set_default_timeout(15_000)
    try:
        yield new_page
        checked.finish(new_page)
    finally:
        context.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """``new_page(**context_options)``: one more page, in a context of its own (another person's
    browser, a phone), checked by axe on every load like ``page``."""
    opened: list[tuple[BrowserContext, AxeOnEveryPage, Page]] = []

    def open_page(**options: Any) -> Page:
        context = browser.new_context(**{"locale": "vi-VN", **options})
        checked = AxeOnEveryPage(context)
        created = context.new_page()
        created.set_default_timeout(15_000)
        opened.append((context, checked, created))
        return created

    try:
        yield open_page
        for _context, checked, created in opened:
            checked.finish(created)
    finally:
        for context, _checked, _created in opened:
            context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The moderate, serious and critical WCAG 2.0/2.1/2.2 A/AA violations axe-core finds on
    ``page`` as it is now (after the automatic check of its load, if one is running)."""
    if not AXE_JS.exists():
        pytest.skip(reason=f"axe-core is missing at {AXE_JS}: run `npm ci` at the repository root")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol: an inline <script> tag would be
        # refused by the pages' Content-Security-Policy (script-src 'self'), rightly.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async (tags) => {
            if (window.__motcuaAxe) { await window.__motcuaAxe.catch(() => null); }
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))
            }));
        }""",
        AXE_TAGS,
    )
    return [v for v in result if v.get("impact") in BLOCKING_IMPACTS]


@pytest.fixture
def axe() -> Callable[[Page], None]:
    """``axe(page)`` fails the test on any moderate, serious or critical accessibility violation."""

    def check(page: Page) -> None:
        violations = axe_violations(page)
        if violations:
            report = json.dumps(violations, ensure_ascii=False, indent=2)
            print(f"axe violations on {page.url}:\n{report}")  # noqa: T201
            pytest.fail(
                f"{len(violations)} moderate/serious/critical accessibility violations on {page.url}"
            )

    return check


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """``screenshot(page, name)`` saves a full-page PNG in test-artifacts/ and returns its path."""

    def save(page: Page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture(scope="session")
def signing_authority(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSigning]:
    """One local CA and its time-stamp authority (a ``motcua tsa-sim`` process) per session."""
    with local_signing(tmp_path_factory.mktemp("pki")) as authority:
        yield authority


@pytest.fixture
def signing(signing_authority: LocalSigning, settings: Settings) -> LocalSigning:
    """Settings pointed at the session's local CA and TSA. Once the test has created its officers
    (loaded the demo), ``signing.enrol("lanhdao.tuphap")`` gives them certificates; with no
    names, every current leader and specialist gets one."""
    signing_authority.configure(settings)
    return signing_authority


#: Page loads per journey, gathered over the run and printed at its end (and written to
#: test-artifacts/page-loads.json) so that the README's figures can be checked against a run.
PAGE_LOADS: dict[str, int] = {}


class PageLoadCount:
    """Counts the documents ``page`` loads (redirects followed inside one load count once)."""

    def __init__(self, page: Page, journey: str) -> None:
        self.journey = journey
        self.loads = 0
        self._page = page
        page.on("load", self._loaded)

    def _loaded(self, _page: Page) -> None:
        self.loads += 1

    def stop(self) -> int:
        """Stop counting; the count is kept for the run's report."""
        self._page.remove_listener("load", self._loaded)
        PAGE_LOADS[self.journey] = self.loads
        return self.loads


@pytest.fixture
def page_loads() -> Callable[[Page, str], PageLoadCount]:
    """``count = page_loads(page, "journey")``, then ``count.stop()`` gives the loads since."""
    return PageLoadCount


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not PAGE_LOADS:
        return
    terminalreporter.section("page loads per journey")
    for journey, loads in sorted(PAGE_LOADS.items()):
        terminalreporter.write_line(f"{loads:3d}  {journey}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-loads.json").write_text(
        json.dumps(dict(sorted(PAGE_LOADS.items())), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
