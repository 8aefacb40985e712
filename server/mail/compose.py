"""The messages Carefolio sends (pure): a subject, a plain-text part and an HTML part.

They name the organisation, the role and the link, and nothing about anybody cared for:
no evidence, no criteria, no names other than the organisation's."""

from __future__ import annotations

from datetime import datetime
from html import escape

import msgspec

ROLE_NAMES = {
    "worker": "a worker", "assessor": "an assessor", "quality_assurer": "a quality assurer",
    "administrator": "an administrator",
}


class Letter(msgspec.Struct, frozen=True):
    purpose: str
    recipient: str
    subject: str
    text: str
    html: str


def _when(moment: datetime) -> str:
    return moment.strftime("%-d %B %Y, %H:%M UTC")


def _html(paragraphs: list[str], url: str, button: str) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs[:-1])
    return (
        "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">"
        f"{body}<p><a href=\"{escape(url)}\">{escape(button)}</a></p>"
        f"<p style=\"color:#555\">{escape(paragraphs[-1])}</p></body></html>"
    )


def invitation(recipient: str, name: str, organisation: str, role: str, url: str,
               expires_at: datetime) -> Letter:
    greeting = f"Hello {name}," if name else "Hello,"
    lines = [
        greeting,
        f"{organisation} invites you to Carefolio as {ROLE_NAMES.get(role, role)}.",
        f"The link works once, until {_when(expires_at)}. If you did not expect this, "
        "ignore this message.",
    ]
    text = "\n\n".join([*lines[:2], f"Accept the invitation: {url}", lines[2]]) + "\n"
    return Letter("invite", recipient, f"Your invitation to {organisation} on Carefolio",
                  text, _html(lines, url, "Accept the invitation"))


def reset(recipient: str, organisation: str, url: str, expires_at: datetime) -> Letter:
    lines = [
        "Hello,",
        f"An administrator at {organisation} made you a link to choose a new Carefolio "
        "password.",
        f"The link works once, until {_when(expires_at)}. Choosing a new password signs "
        "you out on every device.",
    ]
    text = "\n\n".join([*lines[:2], f"Choose a new password: {url}", lines[2]]) + "\n"
    return Letter("reset", recipient, "Choose a new Carefolio password", text,
                  _html(lines, url, "Choose a new password"))


def digest(recipient: str, organisation: str, day: str, items: list[tuple[str, str]],
           url: str) -> Letter:
    """The daily digest of a person's reminders: each (title, sentence) as the push
    notifications say it, which name nobody."""
    count = len(items)
    lines = [
        "Hello,",
        f"{organisation} on Carefolio has {count} reminder{'s' if count != 1 else ''} for "
        f"you today, {day}:",
    ]
    listed = [f"- {title}: {sentence}" for title, sentence in items]
    footer = ("You receive this because you asked for a daily e-mail digest of your "
              "reminders. Turn it off in Carefolio, under Notifications.")
    text = "\n\n".join([*lines, "\n".join(listed), f"Open Carefolio: {url}", footer]) + "\n"
    items_html = "".join(f"<li><strong>{escape(t)}</strong>: {escape(s)}</li>" for t, s in items)
    html = (
        "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">"
        + "".join(f"<p>{escape(p)}</p>" for p in lines)
        + f"<ul>{items_html}</ul><p><a href=\"{escape(url)}\">Open Carefolio</a></p>"
        f"<p style=\"color:#555\">{escape(footer)}</p></body></html>"
    )
    return Letter("digest", recipient, f"Your Carefolio reminders for {day}", text, html)
def reminders(recipient: str, organisation: str, items: list[tuple[str, str]]) -> Letter:
    """Reminders for a person push cannot reach: each (sentence, link to the screen), as
    generic as a lock screen's (no names, nothing about anybody cared for)."""
    count = len(items)
    subject = items[0][0] if count == 1 else f"{count} things need you in Carefolio"
    intro = f"Carefolio at {organisation} has a reminder for you." if count == 1 else (
        f"Carefolio at {organisation} has {count} reminders for you.")
    closing = ("You get reminders by e-mail because notifications are not on for any of your "
               "devices. Turn them on under Notifications in the app to get them there instead.")
    text = "\n\n".join(["Hello,", intro, *(f"{line}: {url}" for line, url in items), closing])
    listed = "".join(f"<li><a href=\"{escape(url)}\">{escape(line)}</a></li>"
                     for line, url in items)
    html = (
        "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">"
        f"<p>Hello,</p><p>{escape(intro)}</p><ul>{listed}</ul>"
        f"<p style=\"color:#555\">{escape(closing)}</p></body></html>"
    )
    return Letter("reminder", recipient, subject, text + "\n", html)
