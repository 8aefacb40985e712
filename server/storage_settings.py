"""Which backend the settings choose, and the checks that refuse a start that cannot work.

`CAREFOLIO_S3_BUCKET` set: attachments go to that bucket; unset: the data directory, as
before. The pure `problem` reads the settings alone; `probe` asks the bucket once, before
any server process starts (server/prepare.py), so a wrong endpoint, bucket, key or a store
without conditional writes is one line at start, never a 500 at the first photo."""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError

from server.settings import Settings
from sync.storage.base import Storage
from sync.storage.local import Files
from sync.storage.s3 import CONFLICT_CODES, S3Config, S3Files, code_of

BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
S3_SETTINGS = ("s3_endpoint_url", "s3_region", "s3_access_key", "s3_secret_key", "s3_prefix")


def _env(name: str) -> str:
    return f"CAREFOLIO_{name.upper()}"


def problem(settings: Settings) -> str | None:
    """Why these storage settings cannot work, in one sentence; None when they can."""
    if not settings.s3_bucket:
        stray = [_env(n) for n in S3_SETTINGS
                 if getattr(settings, n) and not (n == "s3_region" and settings.s3_region
                                                  == "us-east-1")]
        if stray:
            return (f"{', '.join(stray)} set but CAREFOLIO_S3_BUCKET is not: name the bucket "
                    "to keep attachments in object storage, or unset them to keep the data "
                    "directory")
        return None
    if not BUCKET_NAME.match(settings.s3_bucket) or ".." in settings.s3_bucket:
        return (f"CAREFOLIO_S3_BUCKET {settings.s3_bucket!r} is not a bucket name (3 to 63 "
                "lowercase letters, digits, dots and hyphens, starting and ending with a "
                "letter or digit)")
    if settings.s3_endpoint_url:
        parts = urlsplit(settings.s3_endpoint_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return (f"CAREFOLIO_S3_ENDPOINT_URL {settings.s3_endpoint_url!r} is not an http(s) "
                    "URL such as https://s3.eu-west-2.amazonaws.com or http://minio:9000")
        if parts.path not in ("", "/") or parts.query:
            return ("CAREFOLIO_S3_ENDPOINT_URL must be the service's address alone (no path): "
                    "the bucket is CAREFOLIO_S3_BUCKET and a folder in it CAREFOLIO_S3_PREFIX")
    if bool(settings.s3_access_key) != bool(settings.s3_secret_key):
        missing = "CAREFOLIO_S3_SECRET_KEY" if settings.s3_access_key else "CAREFOLIO_S3_ACCESS_KEY"
        return f"{missing} is not set: the access key and its secret go together"
    if not settings.s3_access_key:
        return "CAREFOLIO_S3_ACCESS_KEY and CAREFOLIO_S3_SECRET_KEY are needed with a bucket"
    prefix = settings.s3_prefix
    if prefix.startswith("/") or "//" in prefix or ".." in prefix.split("/"):
        return (f"CAREFOLIO_S3_PREFIX {prefix!r} must be a relative folder such as "
                "carefolio/ (no leading slash, no empty or .. parts)")
    return None


def s3_config(settings: Settings) -> S3Config:
    prefix = settings.s3_prefix.strip("/")
    return S3Config(bucket=settings.s3_bucket, endpoint_url=settings.s3_endpoint_url,
                    region=settings.s3_region, access_key=settings.s3_access_key,
                    secret_key=settings.s3_secret_key, prefix=f"{prefix}/" if prefix else "")


async def open_storage(settings: Settings) -> Storage:
    """The backend the settings choose (refusing settings that cannot work)."""
    reason = problem(settings)
    if reason:
        raise ValueError(f"cannot start: {reason}")
    if not settings.s3_bucket:
        return Files(settings.data_dir)
    return await S3Files.open(s3_config(settings))


async def probe(storage: S3Files) -> str | None:
    """Ask the bucket what the uploads rely on: that it exists and these keys may write,
    read and delete in it, and that it honours a conditional write (If-None-Match: *)."""
    where = storage.config.endpoint_url or f"AWS S3 ({storage.config.region})"
    key = f"{storage.config.prefix}uploads/.probe-{os.getpid()}"
    client, bucket = storage.client, storage.bucket
    try:
        await client.head_bucket(Bucket=bucket)
        await client.put_object(Bucket=bucket, Key=key, Body=b"probe", IfNoneMatch="*")
        try:
            await client.put_object(Bucket=bucket, Key=key, Body=b"again", IfNoneMatch="*")
        except ClientError as exc:
            if code_of(exc) not in CONFLICT_CODES:
                raise
        else:
            return (f"the object store at {where} ignores conditional writes (If-None-Match: "
                    "*), which keep two processes from writing one chunk; use one that "
                    "supports them (AWS S3, MinIO, Cloudflare R2, Ceph 18+), or leave "
                    "CAREFOLIO_S3_BUCKET unset")
        await client.delete_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        code = code_of(exc)
        if code in ("404", "NoSuchBucket"):
            return f"the bucket {bucket!r} does not exist at {where}; create it first"
        if code in ("403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
            return (f"the object store at {where} refused these keys for bucket {bucket!r} "
                    f"({code}): they need to list, read, write and delete objects in it")
        return f"the object store at {where} answered {code or exc} for bucket {bucket!r}"
    except BotoCoreError as exc:
        return f"cannot reach the object store at {where}: {exc}"
    return None


async def check_storage(settings: Settings) -> None:
    """PREPARE hook: refuse the start, in one line, when the bucket cannot hold uploads."""
    from server.prepare import StartRefused

    storage = await open_storage(settings)
    try:
        if isinstance(storage, S3Files):
            reason = await probe(storage)
            if reason:
                raise StartRefused(f"cannot start: {reason}")
    finally:
        await storage.close()
