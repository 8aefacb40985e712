"""Administrator tests: the app with e-mail configured, sending to a real local SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.smtp import SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def settings(database_url: str, tmp_path: Path, smtp: SmtpServer):  # type: ignore[no-untyped-def]
    from server.settings import Settings

    return Settings(
        data_dir=tmp_path / "data", database_url=database_url, base_url="http://testserver",
        smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_security="none",
        mail_from="carefolio@riverside.example", mail_interval=3600,
    )
