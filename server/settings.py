"""Settings: every one is a command-line flag and an environment variable.

Precedence: flag > environment > default. The table in docs/configuration.md lists them
all; tests/test_docs.py checks that it stays complete.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import msgspec


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("data")
    database_url: str = ""
    base_url: str = ""
    workers: int = 1
    max_body_bytes: int = 1_048_576
    session_idle_days: int = 90
    secure_cookies: bool = False
    demo: bool = False
    log_level: str = "info"
    reminder_interval: int = 60
    metrics_token: str = ""
    pull_concurrency: int = 2
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_user: str = ""
    smtp_password: str = ""
    mail_from: str = ""
    mail_interval: int = 30
    s3_bucket: str = ""
    s3_endpoint_url: str = ""
    s3_region: str = "us-east-1"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_prefix: str = ""

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite://{(self.data_dir / 'carefolio.sqlite3').resolve()}"

    @property
    def public_url(self) -> str:
        return self.base_url.rstrip("/") or f"http://{self.host}:{self.port}"


class SettingSpec(msgspec.Struct, frozen=True):
    name: str
    env: str
    flag: str
    help: str


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("host", "CAREFOLIO_HOST", "--host", "Address to listen on."),
    SettingSpec("port", "CAREFOLIO_PORT", "--port", "TCP port to listen on."),
    SettingSpec(
        "data_dir", "CAREFOLIO_DATA_DIR", "--data-dir",
        "Directory for the SQLite database and attachments (created if missing).",
    ),
    SettingSpec(
        "database_url", "CAREFOLIO_DATABASE_URL", "--database-url",
        "sqlite:///path/file.sqlite3 or postgres://user@host:5432/db; overrides the data dir DB.",
    ),
    SettingSpec(
        "base_url", "CAREFOLIO_BASE_URL", "--base-url",
        "Public URL used in setup, invitation and reset links (default http://HOST:PORT).",
    ),
    SettingSpec("workers", "CAREFOLIO_WORKERS", "--workers", "Number of uvicorn worker processes."),
    SettingSpec(
        "max_body_bytes", "CAREFOLIO_MAX_BODY_BYTES", "--max-body-bytes",
        "Largest accepted request body for JSON endpoints, in bytes.",
    ),
    SettingSpec(
        "session_idle_days", "CAREFOLIO_SESSION_IDLE_DAYS", "--session-idle-days",
        "A device session unused for this many days expires.",
    ),
    SettingSpec(
        "secure_cookies", "CAREFOLIO_SECURE_COOKIES", "--secure-cookies",
        "Mark cookies Secure and send HSTS (set when served over TLS).",
    ),
    SettingSpec("demo", "CAREFOLIO_DEMO", "--demo", "Load a demo organisation and print logins."),
    SettingSpec("log_level", "CAREFOLIO_LOG_LEVEL", "--log-level", "debug, info, warning, error."),
    SettingSpec(
        "metrics_token", "CAREFOLIO_METRICS_TOKEN", "--metrics-token",
        "Bearer token that may read /metrics (without it: loopback only, not via a proxy).",
    ),
    SettingSpec(
        "reminder_interval", "CAREFOLIO_REMINDER_INTERVAL", "--reminder-interval",
        "Seconds between runs of the push-reminder engine (0 turns it off).",
    ),
    SettingSpec(
        "pull_concurrency", "CAREFOLIO_PULL_CONCURRENCY", "--pull-concurrency",
        "Sync pulls served at once per process; more wait their turn so pushes stay quick.",
    ),
    SettingSpec(
        "smtp_host", "CAREFOLIO_SMTP_HOST", "--smtp-host",
        "Mail server for invitations and reset links (unset: the screens show the link).",
    ),
    SettingSpec("smtp_port", "CAREFOLIO_SMTP_PORT", "--smtp-port", "Mail server port."),
    SettingSpec(
        "smtp_security", "CAREFOLIO_SMTP_SECURITY", "--smtp-security",
        "starttls (port 587), tls (implicit TLS, port 465) or none (a relay on this host).",
    ),
    SettingSpec("smtp_user", "CAREFOLIO_SMTP_USER", "--smtp-user", "Mail server user name."),
    SettingSpec(
        "smtp_password", "CAREFOLIO_SMTP_PASSWORD", "--smtp-password",
        "Mail server password (prefer the environment variable to the flag).",
    ),
    SettingSpec(
        "mail_from", "CAREFOLIO_MAIL_FROM", "--mail-from",
        "From address of the messages (default carefolio@SMTP_HOST).",
    ),
    SettingSpec(
        "mail_interval", "CAREFOLIO_MAIL_INTERVAL", "--mail-interval",
        "Seconds between looks at the mail outbox for messages due again.",
    ),
    SettingSpec(
        "s3_bucket", "CAREFOLIO_S3_BUCKET", "--s3-bucket",
        "Keep attachments in this S3-compatible bucket (unset: in the data directory).",
    ),
    SettingSpec(
        "s3_endpoint_url", "CAREFOLIO_S3_ENDPOINT_URL", "--s3-endpoint-url",
        "The object store's URL, e.g. http://minio:9000 (unset: AWS S3 in the region).",
    ),
    SettingSpec("s3_region", "CAREFOLIO_S3_REGION", "--s3-region", "The bucket's region."),
    SettingSpec("s3_access_key", "CAREFOLIO_S3_ACCESS_KEY", "--s3-access-key",
                "Access key id for the bucket."),
    SettingSpec(
        "s3_secret_key", "CAREFOLIO_S3_SECRET_KEY", "--s3-secret-key",
        "Secret of the access key (prefer the environment variable to the flag).",
    ),
    SettingSpec(
        "s3_prefix", "CAREFOLIO_S3_PREFIX", "--s3-prefix",
        "Folder inside the bucket for this installation's objects, e.g. carefolio/.",
    ),
)


def _decode_path(type_: type, value: object) -> object:
    if type_ is Path and isinstance(value, str | Path):
        return Path(value)
    raise NotImplementedError(type_)


def from_environment(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, object] | None = None
) -> Settings:
    """Build settings from the environment, then apply explicit overrides (CLI flags)."""
    env = os.environ if environ is None else environ
    raw: dict[str, object] = {}
    for spec in SPECS:
        if spec.env in env and env[spec.env] != "":
            raw[spec.name] = env[spec.env]
    for key, value in (overrides or {}).items():
        if value is not None:
            raw[key] = value
    try:
        return msgspec.convert(raw, Settings, strict=False, dec_hook=_decode_path)
    except msgspec.ValidationError as exc:
        raise ValueError(f"invalid setting: {exc}") from exc
