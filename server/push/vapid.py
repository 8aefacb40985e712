"""The VAPID key pair that signs every push: generated on first start and kept in the
database (`installation_secret`, name `vapid_private_key`), so every server process, on
any machine, signs with the same key (subscriptions are bound to it) without sharing a
directory. An installation from before kept it in the data directory
(`vapid_private_key.pem`): its first start after the upgrade copies that key into the
database, so existing subscriptions keep working. Only the public key is ever served.

`load_or_create(data_dir)` (the file) stays for code without a database (the benchmark).
"""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import msgspec
from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid

from server.settings import Settings

KEY_FILE = "vapid_private_key.pem"
SECRET_NAME = "vapid_private_key"


class VapidKeys(msgspec.Struct, frozen=True):
    vapid: Vapid
    public_key: str  # base64url of the uncompressed P-256 point: applicationServerKey


_loaded: dict[Path, VapidKeys] = {}  # per data directory: the key each app process loaded


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _public_key(vapid: Vapid) -> str:
    point = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def _new_pem() -> bytes:
    vapid = Vapid()
    vapid.generate_keys()
    return bytes(vapid.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ))


def _create(path: Path) -> None:
    """Write a new key atomically; if another process won the race, keep theirs."""
    pem = _new_pem()
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


def _keys(pem: bytes) -> VapidKeys:
    vapid = Vapid.from_pem(pem)
    return VapidKeys(vapid, _public_key(vapid))


async def stored_keys(data_dir: Path) -> VapidKeys:
    """The installation's key from the database, made first if there is none: the data
    directory's old file if it has one, else a new key. Of two processes racing on first
    start, the second insert fails and both read the winner's key."""
    from server.models import InstallationSecret

    row = await InstallationSecret.get_or_none(name=SECRET_NAME)
    if row is None:
        old = data_dir / KEY_FILE
        pem = old.read_bytes() if old.exists() else _new_pem()
        row, _ = await InstallationSecret.get_or_create(
            name=SECRET_NAME, defaults={"value": pem.decode(), "created_at": datetime.now(UTC)})
    return _keys(row.value.encode())


def keys_for(data_dir: Path) -> VapidKeys:
    """The key this process loaded from the database (`load_keys` at start, `load_for` in
    a command). Never a key of its own: it would sign what no subscription accepts."""
    try:
        return _loaded[data_dir.resolve()]
    except KeyError:
        raise RuntimeError("the VAPID key was not loaded from the database "
                           "(server.push.vapid.load_for)") from None


async def load_for(data_dir: Path) -> VapidKeys:
    keys = await stored_keys(data_dir)
    _loaded[data_dir.resolve()] = keys
    return keys


async def load_keys(data_dir: Path) -> None:
    """Startup hook: every process reads the one key from the database."""
    await load_for(data_dir)


def subject(public_url: str) -> str:
    """The VAPID `sub` claim: the site's https origin, or a mailto: for plain-http installs."""
    parts = urlsplit(public_url)
    if parts.scheme == "https" and parts.hostname:
        return f"https://{parts.netloc}"
    return "mailto:operator@localhost"


async def ensure_keys(settings: Settings) -> None:
    """PREPARE hook: make the key pair before any server process starts."""
    await stored_keys(settings.data_dir)
