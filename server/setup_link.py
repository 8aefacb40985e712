"""First start: with no users yet, print a one-time link that creates the first administrator.

Several processes starting together (compose, systemd instances) each print a link, and any
of them works, once, until the first administrator exists. A start later than
SIBLING_WINDOW after a link was issued retires it: links in the logs of earlier starts die."""

from __future__ import annotations

import sys
from datetime import timedelta

from base.clock import system_clock
from server.accounts import links, service
from server.models import OneTimeLink
from server.settings import Settings

SIBLING_WINDOW = timedelta(minutes=10)


async def announce_setup_link(settings: Settings) -> str | None:
    if not await service.setup_needed():
        return None
    now = system_clock()
    issued_before = now - SIBLING_WINDOW + links.LIFETIMES[links.SETUP]  # as an expiry
    await OneTimeLink.filter(purpose=links.SETUP, used_at=None,
                             expires_at__lt=issued_before).update(used_at=now)
    token, expires = await links.issue(links.SETUP, now)
    url = links.url_for(settings.public_url, links.SETUP, token)
    print(
        f"\nNo administrator yet. Open this link to create the first one "
        f"(valid until {expires:%Y-%m-%d %H:%M} UTC, once):\n\n    {url}\n",
        file=sys.stderr, flush=True,
    )
    return url
