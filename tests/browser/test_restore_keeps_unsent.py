"""A phone never deletes work that has not reached the server, whatever the server answers.

The case found by the outside review (issue #14): the server is restored from a backup taken
before the phone signed in, so the restored database does not know the phone's session.
Before the fix the server answered 401 `session_revoked` and the PWA deleted its whole local
database, outbox and drafts included. Now the phone keeps the unsent work, says so on the
sign-in screen, and sends it after the same person signs in again; what the restored server
lost of the phone's earlier, acknowledged work is sent again too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.test_worker_support import (
    WORKER,
    Api,
    capture_observation,
    ready_offline,
    saved_then_synced,
    sign_in,
    wait_until_synced,
)
from tests.support.live_server import LiveServer


def carefolio(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "server.cli", *args], check=True, capture_output=True, text=True, timeout=120)


def test_work_queued_offline_survives_a_restore_to_an_older_backup_and_arrives_after_signing_in_again(phone, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    server = LiveServer(data, "--demo").start()
    try:
        (tmp_path / "backups").mkdir()
        carefolio("backup", "--data-dir", str(data), "--output", str(tmp_path / "backups"))
        [archive] = (tmp_path / "backups").glob("carefolio-backup-*")

        page = phone().new_page()
        sign_in(page, server)  # a session the backup does not know
        ready_offline(page)
        capture_observation(page, "Sent before the restore", "The server had this, then lost it in the restore.")
        saved_then_synced(page)
        page.context.set_offline(True)
        capture_observation(page, "Written offline", "Nobody else has this text: it exists only on the phone.")
        expect(page.locator(".badge")).to_have_text("Waiting to send")

        server.stop()
        carefolio("restore", str(archive), "--data-dir", str(data))
        server.start()

        page.context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=30_000)
        expect(page.get_by_role("status").filter(has_text="kept on this phone")).to_contain_text("Your unsent work")

        page.reload()  # the kept work survives a reload of the signed-out app too
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        sign_in(page, server)
        wait_until_synced(page)
        with Api(server, WORKER) as api:
            titles = {r["fields"]["title"] for r in api.records(f"portfolio:{api.user_id}").values()
                      if r["entity"] == "evidence"}
        assert {"Written offline", "Sent before the restore"} <= titles
    finally:
        server.stop()
