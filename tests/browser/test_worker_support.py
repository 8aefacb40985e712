"""Helpers for the worker PWA browser tests: sign in, wait for sync, ask the server directly."""

from __future__ import annotations

import re
import struct
import time
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from playwright.sync_api import Page, expect

from server.demo import DEMO_PASSWORD
from sync.messages import SCHEMA_VERSION
from tests.support.live_server import LiveServer

T = TypeVar("T")

WORKER = "worker@demo.carefolio"
ASSESSOR = "assessor@demo.carefolio"
SYNC_HEADERS = {"Carefolio-Protocol": "1", "Carefolio-Schema": str(SCHEMA_VERSION), "X-Carefolio": "1"}
AXE = "node_modules/axe-core/axe.min.js"


def sign_in(page: Page, server: LiveServer, email: str = WORKER) -> None:
    page.goto(server.url + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def wait_until_synced(page: Page) -> None:
    """Nothing waits to go, a sync ended after this call began (a "Synced" label alone can
    still be showing from before the click that queued the change), and the screen has
    finished redrawing what it brought (`main` is aria-busy while a render is asked for or
    under way: a redraw landing after this returned wiped what a test put on the screen)."""
    started = page.evaluate("Date.now()")
    # ask for a sync now, as the app does when the network comes back, so an idle page
    # does not wait for its next timer
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function(
        """started => {
            const el = document.getElementById("sync-status");
            return el && el.dataset.pending === "0" && Number(el.dataset.lastSynced) >= started
                && !document.getElementById("main")?.hasAttribute("aria-busy");
        }""",
        arg=started, timeout=20_000,
    )
    expect(page.locator("#sync-status")).to_contain_text("Synced")


ITEM_SHOWN = re.compile(r"/#/evidence/[\w.:-]+$")


def capture_observation(page: Page, title: str, text: str, button: str = "Save evidence") -> None:
    """From any signed-in screen: capture an observation of practice and tap `button`."""
    page.get_by_role("link", name="Capture", exact=True).click()
    page.get_by_role("link", name="Observation of my practice").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("What I did").fill(text)
    page.get_by_role("button", name=button).click()


def saved_then_synced(page: Page) -> None:
    """After a tap on a save button: the app has saved (it shows the item), then synced.
    Waiting for the sync alone can end early, on a sync that began before the save was
    queued (seen on a loaded machine: the next check then found the item unsaved)."""
    expect(page).to_have_url(ITEM_SHOWN, timeout=15_000)
    wait_until_synced(page)


def service_worker_in_control(page: Page) -> None:
    """Wait for the service worker to control the page (its install precaches the whole
    shell, which takes a while on a busy machine). A function predicate: Playwright evaluates
    a string predicate with eval on every poll, which the app's CSP refuses."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=40_000)


def ready_offline(page: Page) -> None:
    """Signed in, the service worker in control and a first sync done (standards cached)."""
    service_worker_in_control(page)
    wait_until_synced(page)
    expect(page.get_by_role("heading", name="My standards")).to_be_visible()


def png(width: int = 1600, height: int = 1200) -> bytes:
    """A real photo-sized PNG (a colour gradient), made without any imaging library."""
    raw = bytearray()
    reds = bytes(x * 255 // width for x in range(width))
    for y in range(height):
        row = bytearray(width * 3)
        row[0::3] = reds
        row[1::3] = bytes([y * 255 // height]) * width
        row[2::3] = b"\x80" * width
        raw += b"\x00" + row

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 6))
            + chunk(b"IEND", b""))


class Api:
    """The server seen by a script: a bearer-token session speaking the sync protocol."""

    def __init__(self, server: LiveServer, email: str) -> None:
        self.http = httpx.Client(base_url=server.url, timeout=10)
        answer = self.http.post("/api/auth/sign-in", headers={"X-Carefolio": "1"}, json={
            "email": email, "password": DEMO_PASSWORD, "client": "api"})
        answer.raise_for_status()
        self.device_id = answer.json()["device_id"]
        self.user_id = answer.json()["user_id"]
        self.http.headers.update({"Authorization": f"Bearer {answer.json()['token']}", **SYNC_HEADERS})
        self.n = 0

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def records(self, scope: str) -> dict[str, dict[str, Any]]:
        answer = self.http.post("/sync/pull", json={"scopes": {}, "limit": 5000})
        answer.raise_for_status()
        found = next(s for s in answer.json()["scopes"] if s["scope"] == scope)
        return {r["id"]: r for r in found["records"]}

    def push(self, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
        numbered = []
        for m in mutations:
            self.n += 1
            numbered.append({**m, "n": self.n})
        answer = self.http.post("/sync/push", json={"device_id": self.device_id, "mutations": numbered})
        answer.raise_for_status()
        results: list[dict[str, Any]] = answer.json()["results"]
        return results

    def attachment(self, sha: str) -> bytes:
        answer = self.http.get(f"/sync/attachments/{sha}")
        answer.raise_for_status()
        return answer.content


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE)
    result: list[dict[str, Any]] = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
        return r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")
    return result


def eventually(read: Callable[[], T], done: Callable[[T], bool], timeout: float = 20.0) -> T:
    """Read until `done` holds (bounded): for state that settles after a background sync.
    Returns the last value read, so the caller's assertions judge it either way."""
    deadline = time.monotonic() + timeout
    value = read()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.2)
        value = read()
    return value
