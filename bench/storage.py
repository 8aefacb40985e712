"""Attachment storage throughput on both backends: resumable uploads in phone-sized chunks
and range downloads (seeking in a recording), each beside the bound of the same store
measured in the same run. Prints figures; the last line is JSON.

    .venv/bin/python bench/storage.py [--files 6] [--mib 4] [--ranges 200]

local: the data directory (flock, append, fsync, verify, rename) against plain appends
with fsync of the same chunks. s3: moto's S3 server on loopback (in this process, so it
shares the CPU) against one `put_object` of the whole file and plain ranged `get_object`s:
the ratio is what the upload protocol (a LIST and a conditional PUT per chunk, the chunks
read back and checked, the file written) and the app's range path cost over the store.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.settings import Settings  # noqa: E402
from server.storage_settings import open_storage  # noqa: E402
from sync.storage.base import Storage  # noqa: E402
from sync.storage.s3 import S3Files  # noqa: E402
from tests.support.s3 import S3TestServer  # noqa: E402

CHUNK = 512 * 1024  # pwa/js/sync.js CHUNK_BYTES
RANGE = 256 * 1024


async def upload(storage: Storage, blobs: list[bytes]) -> float:
    started = time.perf_counter()
    for blob in blobs:
        sha = hashlib.sha256(blob).hexdigest()
        for start in range(0, len(blob), CHUNK):
            await storage.write_chunk(sha, start, len(blob), blob[start:start + CHUNK])
    return time.perf_counter() - started


async def ranges(storage: Storage, blobs: list[bytes], count: int) -> float:
    pick = random.Random(7)
    started = time.perf_counter()
    for _ in range(count):
        blob = pick.choice(blobs)
        sha = hashlib.sha256(blob).hexdigest()
        start = pick.randrange(0, len(blob) - RANGE)
        got = b"".join([b async for b in storage.read(sha, start, start + RANGE - 1)])
        assert got == blob[start:start + RANGE]
    return time.perf_counter() - started


def raw_local(folder: Path, blobs: list[bytes]) -> float:
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for n, blob in enumerate(blobs):
        with (folder / str(n)).open("ab") as handle:
            for start in range(0, len(blob), CHUNK):
                handle.write(blob[start:start + CHUNK])
                handle.flush()
                os.fsync(handle.fileno())
    return time.perf_counter() - started


def raw_local_ranges(folder: Path, blobs: list[bytes], count: int) -> float:
    pick = random.Random(7)
    started = time.perf_counter()
    for _ in range(count):
        n = pick.randrange(len(blobs))
        start = pick.randrange(0, len(blobs[n]) - RANGE)
        with (folder / str(n)).open("rb") as handle:
            handle.seek(start)
            handle.read(RANGE)
    return time.perf_counter() - started


async def raw_s3(storage: S3Files, blobs: list[bytes], count: int) -> tuple[float, float]:
    client, bucket = storage.client, storage.bucket
    started = time.perf_counter()
    for n, blob in enumerate(blobs):
        await client.put_object(Bucket=bucket, Key=f"raw/{n}", Body=blob)
    put = time.perf_counter() - started
    pick = random.Random(7)
    started = time.perf_counter()
    for _ in range(count):
        n = pick.randrange(len(blobs))
        start = pick.randrange(0, len(blobs[n]) - RANGE)
        answer = await client.get_object(Bucket=bucket, Key=f"raw/{n}",
                                         Range=f"bytes={start}-{start + RANGE - 1}")
        async with answer["Body"] as stream:
            await stream.read()
    return put, time.perf_counter() - started


async def main(files: int, mib: int, count: int) -> dict[str, float]:
    blobs = [os.urandom(mib * 1024 * 1024) for _ in range(files)]
    total_mb = files * mib * 1.048576
    range_mb = count * RANGE / 1e6
    figures: dict[str, float] = {}
    s3 = S3TestServer()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            local = await open_storage(Settings(data_dir=Path(tmp) / "data"))
            up = await upload(local, blobs)
            down = await ranges(local, blobs, count)
            raw_up = raw_local(Path(tmp) / "raw", blobs)
            raw_down = raw_local_ranges(Path(tmp) / "raw", blobs, count)
            figures |= {"local_upload_mb_s": total_mb / up, "local_range_mb_s": range_mb / down,
                        "local_upload_vs_raw": raw_up / up, "local_range_vs_raw": raw_down / down}
            await local.close()
            bucket = await open_storage(Settings(data_dir=Path(tmp) / "data",
                                                 **s3.settings(s3.new_bucket())))  # type: ignore[arg-type]
            assert isinstance(bucket, S3Files)
            up = await upload(bucket, blobs)
            down = await ranges(bucket, blobs, count)
            raw_up, raw_down = await raw_s3(bucket, blobs, count)
            figures |= {"s3_upload_mb_s": total_mb / up, "s3_range_mb_s": range_mb / down,
                        "s3_upload_vs_raw": raw_up / up, "s3_range_vs_raw": raw_down / down}
            await bucket.close()
    finally:
        s3.stop()
    return {k: round(v, 2) for k, v in figures.items()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=6)
    parser.add_argument("--mib", type=int, default=4)
    parser.add_argument("--ranges", type=int, default=200)
    args = parser.parse_args()
    result = asyncio.run(main(args.files, args.mib, args.ranges))
    for name, value in result.items():
        print(f"{name:22} {value}")
    print(json.dumps(result))
