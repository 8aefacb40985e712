"""Sending one message by SMTP with aiosmtplib: STARTTLS, implicit TLS or plain (a relay
on the same host). Raises `SendFailed` with a short reason on any failure."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib
import msgspec

from server.settings import Settings

TIMEOUT_SECONDS = 30


class SmtpConfig(msgspec.Struct, frozen=True):
    host: str
    port: int
    security: str  # "starttls", "tls" or "none"
    user: str
    password: str
    sender: str


class SendFailed(Exception):
    pass


def config_from(settings: Settings) -> SmtpConfig | None:
    """The SMTP settings, or None when e-mail is not configured (links are handed over)."""
    if not settings.smtp_host:
        return None
    return SmtpConfig(settings.smtp_host, settings.smtp_port, settings.smtp_security,
                      settings.smtp_user, settings.smtp_password,
                      settings.mail_from or f"carefolio@{settings.smtp_host}")


def build(config: SmtpConfig, recipient: str, subject: str, text: str, html: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=config.sender.rpartition("@")[2] or None)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


async def send(config: SmtpConfig, message: EmailMessage) -> None:
    try:
        await aiosmtplib.send(
            message, hostname=config.host, port=config.port,
            username=config.user or None, password=config.password or None,
            use_tls=config.security == "tls", start_tls=config.security == "starttls",
            timeout=TIMEOUT_SECONDS,
        )
    except (aiosmtplib.SMTPException, OSError) as exc:
        reason = str(exc) or type(exc).__name__
        raise SendFailed(f"{type(exc).__name__}: {reason}"[:480]) from exc
