"""The VAPID key pair that signs every push: generated on first start, kept in the data
directory (`vapid_private_key.pem`, mode 0600). Only the public key is ever served.

Every server process must use the same key (subscriptions are bound to it): processes on
one machine share the data directory; several machines must share that file.
"""

from __future__ import annotations

import base64
import os
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import msgspec
from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid

from server.settings import Settings

KEY_FILE = "vapid_private_key.pem"


class VapidKeys(msgspec.Struct, frozen=True):
    vapid: Vapid
    public_key: str  # base64url of the uncompressed P-256 point: applicationServerKey


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _public_key(vapid: Vapid) -> str:
    point = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def _create(path: Path) -> None:
    """Write a new key atomically; if another process won the race, keep theirs."""
    vapid = Vapid()
    vapid.generate_keys()
    pem = vapid.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    try:
        os.link(scratch, path)
    except FileExistsError:
        pass
    finally:
        scratch.unlink()


def load_or_create(data_dir: Path) -> VapidKeys:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / KEY_FILE
    if not path.exists():
        _create(path)
    vapid = Vapid.from_file(str(path))
    return VapidKeys(vapid, _public_key(vapid))


@cache
def keys_for(data_dir: Path) -> VapidKeys:
    return load_or_create(data_dir.resolve())


def subject(public_url: str) -> str:
    """The VAPID `sub` claim: the site's https origin, or a mailto: for plain-http installs."""
    parts = urlsplit(public_url)
    if parts.scheme == "https" and parts.hostname:
        return f"https://{parts.netloc}"
    return "mailto:operator@localhost"


async def ensure_keys(settings: Settings) -> None:
    """PREPARE hook: make the key pair before any server process starts."""
    keys_for(settings.data_dir)
