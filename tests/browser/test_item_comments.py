"""Comments on an evidence item in real Chromium: the worker's phone and the assessor's
phone each write a comment with no signal; after they sync, each reads the other's, with
who wrote it, in the item's history beside the decisions' feedback; a comment waiting for the
worker's answer is on their home. axe-core on both."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_assessor_flow import STANDARD, assessor_ready, check, devices, online
from tests.browser.test_worker_support import ready_offline, saved_then_synced, sign_in
from tests.support.live_server import LiveServer

__all__ = ["devices"]  # the two-phone fixture

QUESTION = "Which day was this? I want to match it to the rota."
ANSWER = "It was the Tuesday night shift, the 3rd."


def test_a_comment_written_offline_on_each_side_arrives_on_the_other(
        devices: dict[str, Page], demo_server: LiveServer) -> None:
    worker, assessor = devices["worker"], devices["assessor"]
    sign_in(worker, demo_server)
    ready_offline(worker)
    worker.goto(demo_server.url + "/#/capture?kind=observation")
    worker.get_by_label("Title").fill("Night round: comfort checks")
    worker.get_by_label("What I did").fill("I checked each person was comfortable and asked before turning them.")
    worker.get_by_label("Standard", exact=True).select_option(STANDARD)
    worker.locator("#criteria-results input[type=checkbox]").nth(0).check()
    worker.get_by_role("button", name="Save and submit for assessment").click()
    saved_then_synced(worker)
    evidence_id = worker.url.rsplit("/", 1)[1]

    assessor_ready(assessor, demo_server)
    assessor.goto(demo_server.url + "/#/assess")
    assessor.locator("#queue").get_by_role("link", name="Night round: comfort checks").click()
    thread = assessor.get_by_role("region", name="Comments and feedback")
    expect(thread).to_contain_text("No comments or feedback yet.")

    # Both phones lose the signal; each writes a comment.
    assessor.context.set_offline(True)
    worker.context.set_offline(True)
    thread.get_by_role("button", name="Send comment").click()
    expect(thread.get_by_role("alert")).to_contain_text("Write something")
    thread.get_by_label("Write a comment").fill(QUESTION)
    thread.get_by_role("button", name="Send comment").click()
    thread = assessor.get_by_role("region", name="Comments and feedback")
    expect(thread.locator("li.thread-entry")).to_have_count(1)
    expect(thread.locator("li.thread-entry")).to_contain_text("You")
    expect(thread.locator("li.thread-entry")).to_contain_text("waiting to send")

    worker.goto(demo_server.url + f"/#/evidence/{evidence_id}")
    mine = worker.get_by_role("region", name="Assessor feedback and comments")
    mine.get_by_label("Write a comment").fill(ANSWER)
    mine.get_by_role("button", name="Send comment").click()
    mine = worker.get_by_role("region", name="Assessor feedback and comments")
    expect(mine.locator("li.thread-entry")).to_have_count(1)
    expect(mine).to_contain_text("waiting to send")
    problems = check(assessor, "comments") + check(worker, "comments")

    # The signal comes back: each phone's comment reaches the other.
    online(assessor)
    online(worker)
    entries = worker.get_by_role("region", name="Assessor feedback and comments").locator("li.thread-entry")
    expect(entries).to_have_count(2, timeout=15_000)
    expect(entries.filter(has_text=QUESTION)).to_contain_text("Sam Assessor")
    expect(entries.filter(has_text=ANSWER)).to_contain_text("You")
    expect(worker.get_by_role("region", name="Assessor feedback and comments")).not_to_contain_text("waiting to send")
    online(assessor)
    entries = assessor.get_by_role("region", name="Comments and feedback").locator("li.thread-entry")
    expect(entries).to_have_count(2, timeout=15_000)
    expect(entries.filter(has_text=ANSWER)).to_contain_text("Wren Worker")
    expect(entries.filter(has_text=QUESTION)).to_contain_text("You")

    # Feedback from a decision joins the same history, on both phones.
    assessor.get_by_label("Feedback for the worker").fill("Please add how you asked.")
    assessor.get_by_role("button", name="Refer back with feedback").click()
    entries = assessor.get_by_role("region", name="Comments and feedback").locator("li.thread-entry")
    expect(entries).to_have_count(3)
    expect(entries.nth(2)).to_contain_text("Referred back")
    online(assessor)
    online(worker)
    entries = worker.get_by_role("region", name="Assessor feedback and comments").locator("li.thread-entry")
    expect(entries).to_have_count(3, timeout=15_000)
    expect(entries.nth(2)).to_contain_text("Please add how you asked.")

    # A comment that waits for the worker's answer is on their home, under what needs them.
    thread = assessor.get_by_role("region", name="Comments and feedback")
    thread.get_by_label("Write a comment").fill("Thanks: the date matches the rota.")
    thread.get_by_role("button", name="Send comment").click()
    expect(assessor.get_by_role("region", name="Comments and feedback").locator("li.thread-entry")).to_have_count(4)
    online(assessor)
    worker.goto(demo_server.url + "/#/")
    online(worker)
    link = worker.get_by_role("link", name="A comment on Night round: comfort checks")
    expect(link).to_be_visible(timeout=15_000)
    problems += check(worker, "home-comment")
    link.click()
    expect(worker.get_by_role("region", name="Assessor feedback and comments")).to_contain_text("the date matches the rota")
    assert problems == []
