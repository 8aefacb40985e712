"""A separate process running the reminder engine (no lease: the delivery log alone must
keep every send to at most once). Used by test_processes.py.

    python -m tests.push.run_engine DATABASE_URL DATA_DIR NOW_ISO ROUNDS
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

from server import db
from server.push import engine
from server.push.sender import Sender
from server.push.vapid import stored_keys


async def main(url: str, data_dir: str, now: datetime, rounds: int) -> None:
    await db.connect(url)
    try:
        keys = await stored_keys(Path(data_dir))  # the key the app processes use
        for _ in range(rounds):
            async with Sender(keys, "mailto:operator@localhost",
                              concurrency=8) as sender:
                print(await engine.run_once(sender, now), flush=True)
    finally:
        await db.disconnect()


if __name__ == "__main__":
    url, data_dir, now, rounds = sys.argv[1:5]
    asyncio.run(main(url, data_dir, datetime.fromisoformat(now), int(rounds)))
