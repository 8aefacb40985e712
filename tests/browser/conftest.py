"""Real Chromium (Debian's) driven by Playwright, against a real server subprocess."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.live_server import LiveServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PHONE = {
    "viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
    "is_mobile": True, "has_touch": True, "service_workers": "allow", "locale": "en-GB",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("demo"), "--demo").start()
    yield server
    server.stop()


@pytest.fixture
def page_errors() -> list[str]:
    """Uncaught errors and unhandled rejections of every page a test opened (checked after it)."""
    return []


def watch(page, errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Record a page's uncaught errors, and the problems the app itself reported on screen
    (pwa/js/problems.js logs each one as "carefolio problem: ...")."""
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}")
            if m.type == "error" and m.text.startswith("carefolio problem:") else None)


@pytest.fixture(autouse=True)
def no_uncaught_page_errors(browser, page_errors: list[str], monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Every browser test fails on an uncaught page error or unhandled rejection, in any
    context it opens: an async handler whose failure goes nowhere is how a tap on Save could
    do nothing without a word (issue #11)."""
    new_context = browser.new_context

    def watched_context(**options):  # type: ignore[no-untyped-def]
        context = new_context(**options)
        context.on("page", lambda page: watch(page, page_errors))
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield
    assert not page_errors, "uncaught errors in the page:\n" + "\n".join(page_errors)


@pytest.fixture
def phone(browser) -> Iterator[Callable[[], object]]:  # type: ignore[no-untyped-def]
    """Open phone-sized browser contexts; all are closed after the test."""
    contexts = []

    def open_context():  # type: ignore[no-untyped-def]
        context = browser.new_context(**PHONE)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
