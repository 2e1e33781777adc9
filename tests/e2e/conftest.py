"""End-to-end fixtures: Debian's chromium, driven by Playwright, against pytest-django's live server.

- ``browser`` (session): one chromium for the whole run.
- ``page`` (function): a fresh context in the ``locale`` fixture's language (default "en",
  override with ``@pytest.mark.parametrize("locale", [...])``), whose relative URLs go to the live
  server; a screenshot is saved when the test fails.
- ``save_screenshot(page, name)`` and ``axe_check(page, impacts=...)``: helpers for tests.

Every test in this folder is marked ``e2e``, skipped when chromium is absent, and runs after all
other tests of the session.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_FILE_PATH
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The network is closed: chromium's own background connections would only be refused.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = "Debian's chromium is not installed: apt-get install chromium"
E2E_DIR = Path(__file__).resolve().parent
SCREENSHOT_DIR = E2E_DIR.parents[1] / "test-output" / "e2e"
TIMEOUT_MS = 10_000


class SaveScreenshot(Protocol):
    def __call__(self, page: Page, name: str) -> Path: ...


_reports = pytest.StashKey[dict[str, pytest.TestReport]]()


# --- Collection and reports -----------------------------------------------------------------------


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark this folder's tests ``e2e`` (so that ``-m "not e2e"`` works), or skip them."""
    if item.path.is_relative_to(E2E_DIR):
        item.add_marker(pytest.mark.e2e)
        if not CHROMIUM.exists():
            item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


@pytest.hookimpl(trylast=True)  # after pytest-django has sorted the tests by database use
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the e2e tests after all others.

    While the browser is open, Playwright's event loop counts as running in the main thread; no
    other test should run then (see ``browser``).
    """
    items.sort(key=lambda item: item.path.is_relative_to(E2E_DIR))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the item, so that ``page`` knows whether the test failed."""
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


# --- Browser and page -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # While Playwright's sync API is started, its event loop counts as running in this thread, and
    # Django refuses ORM calls from test code and from pytest-django's database fixtures
    # (SynchronousOnlyOperation). Django's documented switch for this case; the loop never runs
    # Django code, so nothing async is actually unsafe. Scoped to the browser's lifetime.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


@pytest.fixture
def locale() -> str:
    """The browser's language (navigator.language and Accept-Language)."""
    return "en"


@pytest.fixture
def page(
    browser: Browser,
    locale: str,
    live_server: Any,
    transactional_db: None,
    request: pytest.FixtureRequest,
    save_screenshot: SaveScreenshot,
) -> Iterator[Page]:
    """A page in a fresh browser context; ``page.goto("/en/")`` opens the live server."""
    context = browser.new_context(
        bypass_csp=True,  # axe-core is injected as an inline script; the shop's CSP would block it
        base_url=live_server.url,
        locale=locale,
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(TIMEOUT_MS)
    new_page = context.new_page()
    yield new_page
    reports = request.node.stash.get(_reports, {})
    if "call" in reports and reports["call"].failed:
        save_screenshot(new_page, f"FAILED-{request.node.name}")
    context.close()


# --- Screenshots ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """test-output/e2e/ under the repository root (git-ignored), created on demand."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


@pytest.fixture(scope="session")
def save_screenshot(screenshot_dir: Path) -> SaveScreenshot:
    """``save_screenshot(page, "verify-vi")`` writes test-output/e2e/verify-vi.png (full page)."""

    def save(page: Page, name: str) -> Path:
        path = screenshot_dir / f"{re.sub(r'[^A-Za-z0-9._-]+', '-', name).strip('-')}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


# --- Accessibility --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AxeViolation:
    """One axe-core rule a page breaks; its repr is what an assertion failure prints."""

    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __repr__(self) -> str:
        return f"{self.rule} ({self.impact}): {self.help} — at {', '.join(self.targets)}"


class AxeCheck(Protocol):
    def __call__(
        self, page: Page, impacts: Iterable[str] = ("serious", "critical")
    ) -> list[AxeViolation]: ...


TARGETS_SHOWN = 3


def _selector(target: list[str | list[str]]) -> str:
    """axe's CSS path to a node; frames and shadow roots add steps (a shadow step is a list)."""
    return " >>> ".join(step if isinstance(step, str) else " >> ".join(step) for step in target)


def run_axe(page: Page, impacts: Iterable[str] = ("serious", "critical")) -> list[AxeViolation]:
    """Run axe-core (the copy bundled with axe-playwright-python) on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_FILE_PATH)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    wanted = set(impacts)
    return [
        AxeViolation(
            rule=violation["id"],
            impact=violation["impact"],
            help=violation["help"],
            targets=tuple(_selector(node["target"]) for node in violation["nodes"][:TARGETS_SHOWN]),
        )
        for violation in results["violations"]
        if violation["impact"] in wanted
    ]


@pytest.fixture(scope="session")
def axe_check() -> AxeCheck:
    """``assert axe_check(page) == []``: the page's serious and critical axe-core violations."""
    return run_axe


@pytest.fixture
def shop(transactional_db: None, monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[Any]:
    """The sample feed in the in-memory Saleor; the live server's thread sees the same patches.

    The photos the sync uploaded are served to chromium from 127.0.0.1, as Saleor serves its media.
    """
    from django.core.cache import cache

    from tests.fakes.shop import sample_shop

    fake = sample_shop(monkeypatch, settings)
    with media_server(fake) as origin:
        settings.STOREFRONT_MEDIA_ORIGINS = (origin,)
        yield fake
    cache.clear()


@contextmanager
def media_server(fake: Any) -> Iterator[str]:
    """Serve the fake Saleor's product media over HTTP (every size is the uploaded file); the
    media URLs are pointed at it. Yields its origin."""
    files: dict[str, tuple[str, bytes]] = {}

    class Media(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = files.get(self.path.split("?")[0])
            if found is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", found[0])
            self.send_header("Content-Length", str(len(found[1])))
            self.end_headers()
            self.wfile.write(found[1])

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Media)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    for product in fake.products.values():
        for media in product.get("media") or []:
            path = urlsplit(media["url"]).path
            files[path] = (media["content_type"], media["content"])
            media["url"] = origin + path
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield origin
    finally:
        server.shutdown()
        server.server_close()
