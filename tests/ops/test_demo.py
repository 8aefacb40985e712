"""`carefolio serve --demo`: the demo logins are output a person asked for, on stdout."""

from __future__ import annotations

import msgspec
import pytest

from server.demo import DEMO_PASSWORD, DEMO_PEOPLE, load_demo_if_asked


async def test_the_demo_logins_are_printed_on_stdout(database: str, settings, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    await load_demo_if_asked(msgspec.structs.replace(settings, demo=True))
    out, err = capsys.readouterr()
    for email, _, _ in DEMO_PEOPLE:
        assert email in out
        assert email not in err
    assert DEMO_PASSWORD in out
