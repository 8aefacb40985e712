"""`carefolio backup` / `restore` on the embedded SQLite installation: online copies with the
attachments, verified before anything is replaced, never over a running server."""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
import tarfile
import threading
from pathlib import Path

import pytest

from server import backup, backup_lock
from server.cli import main
from tests.support.live_server import LiveServer

PHOTO = b"\xff\xd8 a photo of a moving and handling plan " * 1000
PHOTO_SHA = hashlib.sha256(PHOTO).hexdigest()


@pytest.fixture
def data_dir(tmp_path: Path, sqlite_template: Path) -> Path:
    """An installation: a migrated database with a marker row, one attachment, a key file."""
    data = tmp_path / "data"
    (data / "attachments" / PHOTO_SHA[:2]).mkdir(parents=True)
    (data / "attachments" / PHOTO_SHA[:2] / PHOTO_SHA[2:]).write_bytes(PHOTO)
    (data / "attachments" / "partial").mkdir()
    (data / "attachments" / "partial" / ("f" * 64)).write_bytes(b"half an upload")
    (data / "vapid_private.pem").write_text("-----BEGIN PRIVATE KEY-----\nkey\n")
    shutil.copy(sqlite_template, data / "carefolio.sqlite3")
    write(data, "marker", "before the backup")
    return data


def write(data: Path, key: str, value: str) -> None:
    with sqlite3.connect(data / "carefolio.sqlite3") as conn:
        conn.execute("INSERT OR REPLACE INTO sync_meta (key, value) VALUES (?, ?)", (key, value))


def read(data: Path, key: str) -> str | None:
    with sqlite3.connect(data / "carefolio.sqlite3") as conn:
        row = conn.execute("SELECT value FROM sync_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def take_backup(data: Path, out: Path) -> Path:
    out.mkdir(exist_ok=True)
    assert main(["backup", "--data-dir", str(data), "--output", str(out)]) == 0
    [archive] = out.glob("carefolio-backup-*.tar.gz")
    return archive


def rewrite(archive: Path, change: dict[str, bytes]) -> Path:
    """A copy of the archive with some members' bytes replaced (the manifest untouched)."""
    changed = archive.with_name("changed.tar.gz")
    with tarfile.open(archive) as source, tarfile.open(changed, "w:gz") as target:
        for member in source.getmembers():
            body = change.get(member.name) or source.extractfile(member).read()  # type: ignore[union-attr]
            member.size = len(body)
            target.addfile(member, io.BytesIO(body))
    return changed


def test_the_archive_holds_the_database_attachments_and_keys_with_their_hashes(data_dir: Path, tmp_path: Path) -> None:
    archive = take_backup(data_dir, tmp_path / "out")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = backup.msgspec.json.decode(tar.extractfile("manifest.json").read(), type=backup.Manifest)  # type: ignore[union-attr]
    photo = f"data/attachments/{PHOTO_SHA[:2]}/{PHOTO_SHA[2:]}"
    assert names == {"database.sqlite3", "manifest.json", photo, "data/vapid_private.pem"}
    assert {e.path: e.sha256 for e in manifest.files}[photo] == PHOTO_SHA
    assert not list((tmp_path / "out").glob("*.partial"))
    assert archive.stat().st_mode & 0o777 == 0o600


def test_a_backup_taken_during_writes_is_a_consistent_database(data_dir: Path, tmp_path: Path) -> None:
    stop, started = threading.Event(), threading.Event()

    def keep_writing() -> None:
        with sqlite3.connect(data_dir / "carefolio.sqlite3", timeout=30) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            n = 0
            while not stop.is_set():
                n += 1
                conn.execute("INSERT INTO sync_meta (key, value) VALUES (?, ?)", (f"w{n}", "x" * 500))
                conn.commit()
                started.set()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    assert started.wait(10)
    try:
        archive = take_backup(data_dir, tmp_path / "out")
    finally:
        stop.set()
        writer.join()
    staging = tmp_path / "staging"
    manifest = backup.unpack(archive, staging)
    with sqlite3.connect(staging / "database.sqlite3") as conn:
        keys = {r[0] for r in conn.execute("SELECT key FROM sync_meta WHERE key LIKE 'w%'")}
    numbers = sorted(int(k[1:]) for k in keys)
    assert numbers and numbers == list(range(1, len(numbers) + 1))  # a prefix, no holes
    assert manifest.database.size > 0


def test_restore_brings_back_the_data_keeps_the_replaced_data_and_starts_a_new_sync_epoch(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(data_dir, "epoch", "epoch-at-backup")
    archive = take_backup(data_dir, tmp_path / "out")
    write(data_dir, "marker", "after the backup")
    write(data_dir, "epoch", "epoch-after-backup")
    photo = data_dir / "attachments" / PHOTO_SHA[:2] / PHOTO_SHA[2:]
    photo.unlink()
    assert main(["restore", str(archive), "--data-dir", str(data_dir)]) == 0
    assert read(data_dir, "marker") == "before the backup"
    assert photo.read_bytes() == PHOTO
    assert read(data_dir, "epoch") not in (None, "epoch-at-backup", "epoch-after-backup")
    [aside] = data_dir.glob("pre-restore-*")
    assert read(aside, "marker") == "after the backup"
    assert not list(data_dir.glob(".restore-*"))
    assert "kept in" in capsys.readouterr().err


def test_a_damaged_attachment_stops_the_restore_before_anything_is_replaced(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = take_backup(data_dir, tmp_path / "out")
    write(data_dir, "marker", "current")
    photo = f"data/attachments/{PHOTO_SHA[:2]}/{PHOTO_SHA[2:]}"
    damaged = rewrite(archive, {photo: PHOTO[:-1] + b"!"})
    assert main(["restore", str(damaged), "--data-dir", str(data_dir)]) == 2
    assert "damaged in the archive" in capsys.readouterr().err
    assert read(data_dir, "marker") == "current"
    assert not list(data_dir.glob("pre-restore-*")) and not list(data_dir.glob(".restore-*"))


def test_a_corrupt_database_is_refused_even_when_its_hash_matches(data_dir: Path, tmp_path: Path) -> None:
    archive = take_backup(data_dir, tmp_path / "out")
    staging = tmp_path / "look"
    backup.unpack(archive, staging)
    corrupt = bytearray((staging / "database.sqlite3").read_bytes())
    corrupt[4096:8192] = b"\x07" * 4096
    manifest = backup.msgspec.json.decode((staging / "manifest.json").read_bytes(), type=backup.Manifest)
    manifest.database.sha256 = hashlib.sha256(corrupt).hexdigest()
    forged = rewrite(archive, {"database.sqlite3": bytes(corrupt),
                               "manifest.json": backup.msgspec.json.encode(manifest)})
    with pytest.raises(backup.BackupError, match="integrity_check|unreadable"):
        backup.unpack(forged, tmp_path / "staging")


def test_entries_outside_the_archive_layout_are_refused(tmp_path: Path) -> None:
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("data/../../escaped")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"bad"))
    with pytest.raises(backup.BackupError, match="unsafe"):
        backup.unpack(archive, tmp_path / "staging")
    assert not (tmp_path / "escaped").exists()


def test_restore_refuses_while_a_server_runs_unless_forced(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = take_backup(data_dir, tmp_path / "out")
    server = LiveServer(data_dir).start()
    try:
        assert main(["restore", str(archive), "--data-dir", str(data_dir)]) == 2
    finally:
        server.stop()
    assert "Stop it first" in capsys.readouterr().err
    held = backup_lock.take(data_dir, exclusive=False)
    try:
        assert main(["restore", str(archive), "--data-dir", str(data_dir), "--force"]) == 0
    finally:
        assert held is not None
        backup_lock.release(held)


def test_postgresql_installations_are_pointed_to_pg_dump(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgres://postgres@127.0.0.1:5432/nowhere"
    assert main(["backup", "--database-url", url, "--data-dir", str(tmp_path)]) == 2
    assert "pg_dump" in capsys.readouterr().err


@pytest.mark.parametrize("output", ["not-yet-made", "not-yet-made/", "nested/not-yet-made"])
def test_a_backup_into_a_folder_that_does_not_exist_yet_creates_it(data_dir: Path, tmp_path: Path, output: str) -> None:
    target = tmp_path / output
    assert main(["backup", "--data-dir", str(data_dir), "--output", str(target) + ("/" if output.endswith("/") else "")]) == 0
    assert target.is_dir()
    [archive] = target.glob("carefolio-backup-*.tar.gz")
    assert tarfile.is_tarfile(archive)


def test_a_backup_named_as_an_archive_file_is_written_under_that_name(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "nightly.tar.gz"
    assert main(["backup", "--data-dir", str(data_dir), "--output", str(target)]) == 0
    assert tarfile.is_tarfile(target)
    missing = tmp_path / "no-such-folder" / "nightly.tar.gz"
    assert main(["backup", "--data-dir", str(data_dir), "--output", str(missing)]) == 2
    assert not missing.parent.exists()


def test_a_backup_with_attachments_in_a_bucket_says_the_bucket_is_not_in_it(
    data_dir: Path, tmp_path: Path, capsys, monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("CAREFOLIO_S3_BUCKET", "care-files")
    assert main(["backup", "--data-dir", str(data_dir), "--output", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "the attachments are in the bucket 'care-files', not in this archive" in err
