"""An administrator runs the organisation from the app, in real Chromium: invitations by
e-mail (to a real SMTP server in this process), a CSV of 200 people, enrolling a worker
(whose phone then shows the standard) and deactivating one (whose phone drops their data)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_worker_support import (
    WORKER,
    service_worker_in_control,
    sign_in,
    wait_until_synced,
)
from tests.support.live_server import LiveServer
from tests.support.smtp import SmtpServer, parts

ADMIN = "admin@demo.carefolio"
DESK = {**PHONE, "viewport": {"width": 1024, "height": 900}, "is_mobile": False, "has_touch": False}
LINK = re.compile(r"(http://\S+/#/invite\?token=[A-Za-z0-9_\-]+)")


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def mail_server(tmp_path_factory: pytest.TempPathFactory, smtp: SmtpServer) -> Iterator[LiveServer]:
    env = {"CAREFOLIO_SMTP_HOST": "127.0.0.1", "CAREFOLIO_SMTP_PORT": str(smtp.port),
           "CAREFOLIO_SMTP_SECURITY": "none", "CAREFOLIO_MAIL_FROM": "carefolio@demo.example"}
    server = LiveServer(tmp_path_factory.mktemp("admin"), "--demo", env=env).start()
    yield server
    server.stop()


def admin_page(browser, server: LiveServer) -> Page:  # type: ignore[no-untyped-def]
    page: Page = browser.new_context(**DESK).new_page()
    sign_in(page, server, ADMIN)
    page.goto(server.url + "/#/people")
    expect(page.get_by_role("heading", name="People", level=1)).to_be_visible()
    expect(page.locator("#members")).to_contain_text("Wren Worker")
    return page


def roster(count: int, bad: dict[int, str] | None = None) -> bytes:
    lines = ["name,email,role"]
    for n in range(1, count + 1):
        lines.append((bad or {}).get(n, f"Person {n},person{n}@care.example,worker"))
    return ("\n".join(lines) + "\n").encode()


def test_an_invitation_from_the_people_screen_arrives_by_email_and_its_link_works(
    browser, mail_server: LiveServer, smtp: SmtpServer  # type: ignore[no-untyped-def]
) -> None:
    page = admin_page(browser, mail_server)
    page.get_by_label("Name").fill("Nia Jones")
    page.get_by_label("E-mail of the person to invite").fill("nia@care.example")
    page.get_by_label("Role").select_option("assessor")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator("#invite-result")).to_contain_text("Invitation e-mailed to nia@care.example")
    message = next(m for m in smtp.inbox.wait_for(1) if m["To"] == "nia@care.example")
    text, html = parts(message)
    url = LINK.search(text).group(1)  # type: ignore[union-attr]
    assert url.replace("&", "&amp;") in html or url in html

    invited = browser.new_context(**PHONE).new_page()
    invited.goto(url)
    expect(invited.get_by_role("heading", name="Join Demo Care Homes")).to_be_visible()
    invited.get_by_label("Your name").fill("Nia Jones")
    invited.get_by_label("Password").fill("a long enough password")
    invited.get_by_role("button", name="Join").click()
    expect(invited.get_by_role("heading", level=1)).to_contain_text("Hello")
    page.reload()
    expect(page.locator("#members")).to_contain_text("Nia Jones")
    invited.context.close()
    page.context.close()


def test_a_csv_of_200_people_with_three_bad_rows_is_refused_naming_them_then_accepted_once_fixed(
    browser, mail_server: LiveServer  # type: ignore[no-untyped-def]
) -> None:
    page = admin_page(browser, mail_server)
    broken = {7: ",nobody@care.example,worker", 88: "Ann Other,ann-at-care,worker",
              150: "Bo Cook,bo@care.example,cook"}
    page.locator("#people-csv-file").set_input_files(
        {"name": "staff.csv", "mimeType": "text/csv", "buffer": roster(200, broken)})
    expect(page.locator("#people-csv-text")).to_have_value(re.compile("Person 200"))
    page.get_by_role("button", name="Check the file").first.click()
    problems = page.locator("#people-csv-result li")
    expect(problems).to_have_count(3)
    expect(problems.nth(0)).to_have_text("Line 8: The name is missing.")
    expect(problems.nth(1)).to_contain_text("Line 89: 'ann-at-care' is not an e-mail address.")
    expect(problems.nth(2)).to_contain_text("Line 151: The role 'cook' is not one of")
    expect(page.get_by_role("button", name=re.compile("^Invite all"))).to_be_hidden()
    screenshot(page, "admin-csv-refused")

    page.locator("#people-csv-file").set_input_files(
        {"name": "staff.csv", "mimeType": "text/csv", "buffer": roster(200)})
    page.get_by_role("button", name="Check the file").first.click()
    expect(page.locator("#people-csv-result")).to_contain_text("All 200 people are ready")
    page.get_by_role("button", name="Invite all 200").click()
    expect(page.locator("#people-csv-result")).to_contain_text("Done: 200 people.")
    expect(page.locator("#invitations li.invitation")).to_have_count(200)
    page.context.close()


def test_a_worker_enrolled_from_their_page_sees_the_standard_on_their_phone_after_the_next_sync(
    browser, mail_server: LiveServer  # type: ignore[no-untyped-def]
) -> None:
    phone = browser.new_context(**PHONE).new_page()
    sign_in(phone, mail_server, WORKER)
    wait_until_synced(phone)
    phone.goto(mail_server.url + "/#/standards")
    expect(phone.get_by_text("SCDHSC0389", exact=False).first).to_be_visible()
    expect(phone.get_by_text("SCDLMCB4")).to_have_count(0)

    page = admin_page(browser, mail_server)
    page.get_by_role("link", name="Wren Worker").click()
    expect(page.get_by_role("heading", name="Wren Worker")).to_be_visible()
    page.get_by_label(re.compile("^SCDLMCB4")).check()
    page.locator("#enrol-assessor").select_option(label="Sam Assessor")
    page.get_by_label("Every 12 weeks").check()
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.locator("li.enrolment[data-code=SCDLMCB4]")).to_contain_text("Sam Assessor")
    expect(page.locator("li.enrolment[data-code=SCDLMCB4]")).to_contain_text("12 weeks")

    wait_until_synced(phone)
    phone.goto(mail_server.url + "/#/standards")
    expect(phone.get_by_text(re.compile("^SCDLMCB4:"))).to_be_visible()
    screenshot(phone, "worker-after-enrolment")
    phone.context.close()
    page.context.close()


def test_the_people_screen_offline_says_so_and_keeps_the_half_filled_form(
    browser, mail_server: LiveServer  # type: ignore[no-untyped-def]
) -> None:
    page = admin_page(browser, mail_server)
    service_worker_in_control(page)  # the reload below is served offline by the service worker
    page.get_by_label("Name").fill("Offline Olly")
    page.get_by_label("E-mail of the person to invite").fill("olly@care.example")
    page.context.set_offline(True)
    expect(page.locator("#admin-offline")).to_be_visible()
    expect(page.locator("#admin-offline")).to_contain_text("These screens need the network")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator("#invite-result")).to_contain_text("No connection: nothing was changed")
    expect(page.get_by_label("Name")).to_have_value("Offline Olly")
    page.reload()
    expect(page.get_by_label("E-mail of the person to invite")).to_have_value("olly@care.example")
    expect(page.locator("#admin-offline")).to_be_visible()
    page.context.set_offline(False)
    page.get_by_role("button", name=re.compile("Send the invitation|Invite")).first.click()
    expect(page.locator("#invite-result")).to_contain_text("Invitation e-mailed to olly@care.example")
    page.context.close()


def test_the_organisation_screen_saves_its_settings_and_says_what_is_kept(
    browser, mail_server: LiveServer  # type: ignore[no-untyped-def]
) -> None:
    page = admin_page(browser, mail_server)
    page.get_by_role("link", name="Organisation").click()
    expect(page.get_by_label("Name")).to_have_value("Demo Care Homes")
    page.get_by_label("Default progress-review rule").select_option("weeks_12")
    page.get_by_label("From").fill("21:30")
    page.get_by_label("Until").fill("07:00")
    page.get_by_label("QA sampling rate").fill("15")
    expect(page.locator("#retention")).to_contain_text("for 6 years after they leave")
    page.get_by_label("Retention").fill("7")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#organisation-result")).to_contain_text("Saved: Demo Care Homes.")
    expect(page.locator("#retention")).to_contain_text("for 7 years after they leave")
    expect(page.locator("#retention")).to_contain_text("carefolio retention")
    page.reload()
    expect(page.get_by_label("Retention")).to_have_value("7")
    expect(page.get_by_label("From")).to_have_value("21:30")
    expect(page.get_by_label("QA sampling rate")).to_have_value("15")
    expect(page.get_by_label("Default progress-review rule")).to_have_value("weeks_12")
    page.context.close()


def test_a_deactivated_workers_phone_drops_their_portfolio_at_its_next_sync(
    browser, mail_server: LiveServer  # type: ignore[no-untyped-def]
) -> None:
    phone = browser.new_context(**PHONE).new_page()
    sign_in(phone, mail_server, WORKER)
    wait_until_synced(phone)
    held = phone.evaluate("async () => (await indexedDB.databases()).map((d) => d.name)")
    worker_db = next(name for name in held if name.startswith("carefolio-u"))

    page = admin_page(browser, mail_server)
    page.get_by_role("link", name="Wren Worker").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Deactivate").click()
    expect(page.locator("#account-result")).to_contain_text("signed-in device(s) signed out")
    expect(page.get_by_role("button", name="Reactivate")).to_be_visible()

    phone.evaluate("window.dispatchEvent(new Event('online'))")  # its next sync
    expect(phone.get_by_role("button", name="Sign in")).to_be_visible(timeout=20_000)
    expect(phone.get_by_text("signed out from another device or by your administrator")).to_be_visible()
    # what came from the server is gone from the phone (the database too, as nothing was unsent)
    phone.wait_for_function(
        """async (name) => {
            if (!(await indexedDB.databases()).some((d) => d.name === name)) return true;
            const db = await new Promise((ok) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); });
            const scopes = await new Promise((ok) => { const r = db.transaction('records').objectStore('records').getAll(); r.onsuccess = () => ok(r.result.map((x) => x.scope)); });
            db.close();
            return !scopes.some((s) => s.startsWith('portfolio:'));
        }""",
        arg=worker_db, timeout=20_000)
    screenshot(phone, "worker-after-deactivation")
    phone.context.close()
    page.context.close()


def test_a_person_chooses_the_daily_email_digest_on_the_notifications_screen(
    browser, mail_server: LiveServer  # type: ignore[no-untyped-def]
) -> None:
    page = admin_page(browser, mail_server)
    page.goto(mail_server.url + "/#/notifications")
    box = page.get_by_label("E-mail me a daily digest of my reminders")
    expect(box).not_to_be_checked()  # nobody is signed up for e-mail without asking
    box.check()
    expect(page.locator("#digest-result")).to_contain_text("Saved: a digest comes each morning")
    page.reload()
    expect(page.get_by_label("E-mail me a daily digest of my reminders")).to_be_checked()
    page.get_by_label("E-mail me a daily digest of my reminders").uncheck()
    expect(page.locator("#digest-result")).to_contain_text("Saved: no daily e-mail.")
    page.context.close()
