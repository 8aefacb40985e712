"""The storage settings: the data directory by default; a bucket only with settings that fit
together, refused at start in one line naming what to change; a bucket that cannot hold
uploads (missing, wrong keys, unreachable) refused before any process serves."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import main
from server.prepare import StartRefused
from server.settings import Settings, from_environment
from server.storage_settings import check_storage, problem
from sync.storage.local import Files
from tests.support.s3 import S3TestServer

GOOD = {"s3_bucket": "care-files", "s3_endpoint_url": "http://minio:9000",
        "s3_access_key": "key", "s3_secret_key": "secret"}


def _problem(**changes: str) -> str | None:
    return problem(Settings(**{**GOOD, **changes}))  # type: ignore[arg-type]


def test_no_bucket_keeps_the_data_directory() -> None:
    assert problem(Settings()) is None


def test_bucket_settings_that_fit_together_pass() -> None:
    assert _problem() is None
    assert _problem(s3_endpoint_url="", s3_prefix="carefolio/") is None  # AWS itself


@pytest.mark.parametrize(("changes", "named"), [
    ({"s3_bucket": ""}, "CAREFOLIO_S3_ENDPOINT_URL, CAREFOLIO_S3_ACCESS_KEY, CAREFOLIO_S3_SECRET_KEY set but CAREFOLIO_S3_BUCKET is not"),
    ({"s3_bucket": "Care_Files"}, "CAREFOLIO_S3_BUCKET 'Care_Files' is not a bucket name"),
    ({"s3_endpoint_url": "minio:9000"}, "CAREFOLIO_S3_ENDPOINT_URL 'minio:9000' is not an http(s) URL"),
    ({"s3_endpoint_url": "http://minio:9000/care-files"}, "must be the service's address alone"),
    ({"s3_secret_key": ""}, "CAREFOLIO_S3_SECRET_KEY is not set"),
    ({"s3_access_key": ""}, "CAREFOLIO_S3_ACCESS_KEY is not set"),
    ({"s3_access_key": "", "s3_secret_key": ""}, "are needed with a bucket"),
    ({"s3_prefix": "/carefolio"}, "CAREFOLIO_S3_PREFIX '/carefolio' must be a relative folder"),
])
def test_settings_that_cannot_work_are_refused_precisely(changes: dict[str, str], named: str) -> None:
    reason = _problem(**changes)
    assert reason is not None and named in reason


def test_the_settings_come_from_the_environment() -> None:
    settings = from_environment({"CAREFOLIO_S3_BUCKET": "b-1", "CAREFOLIO_S3_PREFIX": "x/"})
    assert (settings.s3_bucket, settings.s3_prefix, settings.s3_region) == ("b-1", "x/", "us-east-1")


async def test_a_missing_bucket_or_unreachable_store_refuses_the_start(s3_server: S3TestServer, tmp_path: Path) -> None:
    base = {**s3_server.settings("no-such-bucket"), "data_dir": tmp_path}
    with pytest.raises(StartRefused, match="the bucket 'no-such-bucket' does not exist at http://127.0.0.1"):
        await check_storage(Settings(**base))  # type: ignore[arg-type]
    closed = {**base, "s3_bucket": s3_server.new_bucket(), "s3_endpoint_url": "http://127.0.0.1:9"}
    with pytest.raises(StartRefused, match="cannot reach the object store at http://127.0.0.1:9"):
        await check_storage(Settings(**closed))  # type: ignore[arg-type]
    await check_storage(Settings(**{**base, "s3_bucket": s3_server.new_bucket()}))  # type: ignore[arg-type]


def test_serve_refuses_in_one_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["serve", "--data-dir", str(tmp_path), "--s3-bucket", "care-files",
                 "--s3-access-key", "key"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err == ("carefolio: cannot start: CAREFOLIO_S3_SECRET_KEY is not set: the access "
                   "key and its secret go together")
    assert not Files(tmp_path).root.exists()
