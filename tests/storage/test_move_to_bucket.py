"""`carefolio attachments to-bucket` on a seeded data directory: a dry run copies nothing,
the run copies every file (digests checked), a second run does nothing, a damaged file is
reported and left alone, and an interrupted run finishes when run again."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from server.cli import main
from server.settings import Settings
from server.storage_settings import open_storage
from sync.storage.base import read_all
from sync.storage.local import Files
from sync.storage.s3 import S3Files
from tests.support.s3 import S3TestServer


def _seed(data_dir: Path, count: int) -> dict[str, bytes]:
    files = Files(data_dir)
    seeded = {}
    for n in range(count):
        data = os.urandom(1000 + n * 5000)
        sha = hashlib.sha256(data).hexdigest()
        files.final(sha).parent.mkdir(parents=True, exist_ok=True)
        files.final(sha).write_bytes(data)
        seeded[sha] = data
    (files.root / "partial").mkdir(parents=True, exist_ok=True)
    (files.root / "partial" / ("e" * 64)).write_bytes(b"half an upload")  # never copied
    return seeded


def _args(data_dir: Path, s3: S3TestServer, bucket: str) -> list[str]:
    flags = []
    for name, value in s3.settings(bucket).items():
        flags += [f"--{name.replace('_', '-')}", value]
    return ["attachments", "to-bucket", "--data-dir", str(data_dir), *flags]


async def _bucket(s3: S3TestServer, bucket: str, data_dir: Path) -> S3Files:
    storage = await open_storage(Settings(data_dir=data_dir, **s3.settings(bucket)))  # type: ignore[arg-type]
    assert isinstance(storage, S3Files)
    return storage


def test_the_move_copies_every_file_once_and_a_second_run_does_nothing(
    s3_server: S3TestServer, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
) -> None:
    import asyncio

    seeded = _seed(tmp_path / "data", 6)
    bucket = s3_server.new_bucket()
    args = _args(tmp_path / "data", s3_server, bucket)

    assert main([*args, "--dry-run"]) == 0
    assert "would copy 6 files" in capsys.readouterr().out

    async def in_bucket() -> dict[str, bytes | None]:
        storage = await _bucket(s3_server, bucket, tmp_path / "data")
        try:
            return {sha: await read_all(storage, sha) for sha in seeded}
        finally:
            await storage.close()

    assert set(asyncio.run(in_bucket()).values()) == {None}  # the dry run copied nothing

    assert main(args) == 0
    assert "copied 6 files" in capsys.readouterr().out
    assert asyncio.run(in_bucket()) == seeded

    assert main(args) == 0
    assert capsys.readouterr().out.startswith("copied 0 files (0 bytes); 6 already in the bucket")


def test_an_interrupted_move_finishes_and_a_damaged_file_is_left_alone(
    s3_server: S3TestServer, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
) -> None:
    import asyncio

    seeded = _seed(tmp_path / "data", 4)
    bucket = s3_server.new_bucket()
    first = sorted(seeded)[0]

    async def copy_one() -> None:  # as if the first run had stopped after one file
        storage = await _bucket(s3_server, bucket, tmp_path / "data")
        try:
            await storage.place(first, seeded[first])
        finally:
            await storage.close()

    asyncio.run(copy_one())
    damaged = sorted(seeded)[-1]
    path = Files(tmp_path / "data").final(damaged)
    path.write_bytes(b"X" + path.read_bytes()[1:])

    assert main(_args(tmp_path / "data", s3_server, bucket)) == 1
    out = capsys.readouterr().out
    assert out.startswith("copied 2 files") and "1 already in the bucket" in out
    assert f"left alone: {damaged}" in out


async def test_the_check_finds_every_recorded_file_intact_or_names_it(
    database: str, s3_server: S3TestServer, tmp_path: Path,
) -> None:
    from datetime import UTC, datetime

    from server.cli.attachments import check_all, to_bucket
    from sync.models import Attachment

    seeded = _seed(tmp_path / "data", 3)
    for sha, data in seeded.items():
        await Attachment.create(sha256=sha, size=len(data), received=len(data), complete=True,
                                created_by=1, created_at=datetime.now(UTC))
    bucket = await _bucket(s3_server, s3_server.new_bucket(), tmp_path / "data")
    try:
        assert (await to_bucket(Files(tmp_path / "data"), bucket)).copied == 3
        assert await check_all(bucket) == type(await check_all(bucket))(intact=3)
        gone, bad, _ = sorted(seeded)
        await bucket.client.delete_object(Bucket=bucket.bucket, Key=bucket.final(gone))
        await bucket.client.put_object(Bucket=bucket.bucket, Key=bucket.final(bad),
                                       Body=b"?" * len(seeded[bad]))
        checked = await check_all(bucket)
        assert (checked.intact, checked.missing, checked.damaged) == (1, [gone], [bad])
    finally:
        await bucket.close()
