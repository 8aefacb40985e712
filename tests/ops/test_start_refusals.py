"""`carefolio serve` on a data directory that cannot take writes (a full disk, a read-only
file system) stops at once with one line saying why and a non-zero status: never a
traceback, never a process that stays up without listening. Real file systems: small
tmpfs mounts (skipped where this user may not mount)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.live_server import free_port

ROOT = Path(__file__).resolve().parents[2]


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mount a small file system of its own (`tmpfs("256k")`); unmounted after the test."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        point = tmp_path / f"fs{len(mounted)}"
        point.mkdir()
        if shutil.which("mount") is None or _mount(
            "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)
        ).returncode != 0:
            pytest.skip("this user may not mount a tmpfs")
        mounted.append(point)
        return point

    try:
        yield mount
    finally:
        for point in mounted:
            subprocess.run(["umount", "-l", str(point)], capture_output=True, timeout=30)


def serve(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREFOLIO_")}
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "serve", "--port", str(free_port()), *args],
        capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)


def assert_refused_in_one_line(result: subprocess.CompletedProcess[str], reason: str) -> None:
    output = (result.stdout + result.stderr).strip()
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert output.splitlines() == [output], output
    assert output.startswith("carefolio: cannot start: ") and reason in output, output


def test_a_full_data_directory_stops_the_start_with_one_line(tmpfs: Callable[[str], Path]) -> None:
    disk = tmpfs("256k")
    (disk / "filler").write_bytes(b"\0" * 200_000)
    result = serve("--data-dir", str(disk / "data"))
    assert_refused_in_one_line(result, "is full")


def test_a_read_only_data_directory_stops_the_start_with_one_line(
    tmpfs: Callable[[str], Path], sqlite_template: Path
) -> None:
    disk = tmpfs("4m")
    (disk / "data").mkdir()
    shutil.copy(sqlite_template, disk / "data" / "carefolio.sqlite3")
    assert _mount("-o", "remount,ro", str(disk)).returncode == 0
    result = serve("--data-dir", str(disk / "data"))
    assert_refused_in_one_line(result, "read-only")


def test_a_database_on_a_read_only_file_system_stops_the_start_with_one_line(
    tmpfs: Callable[[str], Path], tmp_path: Path, sqlite_template: Path
) -> None:
    disk = tmpfs("4m")
    shutil.copy(sqlite_template, disk / "carefolio.sqlite3")
    assert _mount("-o", "remount,ro", str(disk)).returncode == 0
    result = serve("--data-dir", str(tmp_path / "data"),
                   "--database-url", f"sqlite://{disk / 'carefolio.sqlite3'}")
    assert_refused_in_one_line(result, "read-only")
