"""The PWA shell in real Chromium: sign in, service worker in control, offline reload."""

from __future__ import annotations

from playwright.sync_api import expect

from server.demo import DEMO_PASSWORD
from tests.browser.conftest import screenshot
from tests.browser.test_worker_support import service_worker_in_control
from tests.support.live_server import LiveServer


def sign_in(page, server: LiveServer, email: str, password: str = DEMO_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_signed_in_shell_still_renders_after_an_offline_reload(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    context = phone()
    page = context.new_page()
    sign_in(page, demo_server, "worker@demo.carefolio")
    expect(page.get_by_role("heading", name="Hello, Wren Worker")).to_be_visible()
    service_worker_in_control(page)
    screenshot(page, "shell-home")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Hello, Wren Worker")).to_be_visible()
    expect(page.locator("#sync-status")).to_have_text("Offline")
    assert page.evaluate("navigator.onLine") is False
    screenshot(page, "shell-home-offline")


def test_a_wrong_password_shows_the_reason_on_the_form(phone, demo_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page = phone().new_page()
    sign_in(page, demo_server, "worker@demo.carefolio", "not the password")
    expect(page.get_by_role("alert").first).to_contain_text("do not match")
    screenshot(page, "shell-sign-in-error")


def test_a_newcomer_sets_up_the_first_administrator_invites_a_worker_who_signs_in(
    phone, tmp_path  # type: ignore[no-untyped-def]
) -> None:
    server = LiveServer(tmp_path / "fresh").start()
    try:
        admin_page = phone().new_page()
        admin_page.goto(server.setup_link())
        expect(admin_page.get_by_role("heading", name="Set up Carefolio")).to_be_visible()
        admin_page.get_by_label("Organisation name").fill("Riverside Care")
        admin_page.get_by_label("Your name").fill("Ada Admin")
        admin_page.get_by_label("Email").fill("ada@riverside.test")
        admin_page.get_by_label("Password").fill("a long enough password")
        admin_page.get_by_role("button", name="Create administrator").click()
        expect(admin_page.get_by_role("heading", name="Hello, Ada Admin")).to_be_visible()
        admin_page.get_by_role("link", name="People and invitations").click()
        admin_page.get_by_label("Name").fill("Wren Worker")
        admin_page.get_by_label("E-mail of the person to invite").fill("wren@riverside.test")
        admin_page.get_by_label("Role").select_option("worker")
        admin_page.get_by_role("button", name="Create invitation link").click()
        link = admin_page.get_by_label("Invitation link")
        expect(link).to_be_visible()
        invite_url = link.input_value()
        assert "/#/invite?token=" in invite_url
        screenshot(admin_page, "shell-people")

        worker_page = phone().new_page()
        worker_page.goto(invite_url)
        expect(worker_page.get_by_role("heading", name="Join Riverside Care")).to_be_visible()
        worker_page.get_by_label("Your name").fill("Wren Worker")
        worker_page.get_by_label("Password").fill("another long password")
        worker_page.get_by_role("button", name="Join").click()
        expect(worker_page.get_by_role("heading", name="Hello, Wren Worker")).to_be_visible()
        expect(worker_page.get_by_text("Worker at Riverside Care")).to_be_visible()
        expect(worker_page.locator("main")).not_to_contain_text("null")
        screenshot(worker_page, "shell-worker-home")
    finally:
        server.stop()
