"""The lock files and pyproject.toml cannot drift apart quietly: scripts/bootstrap stops, before
it creates or changes any environment, when a declared dependency changed since the locks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def copy_of_the_install_files(target: Path) -> Path:
    (target / "scripts").mkdir(parents=True)
    for name in ("pyproject.toml", "requirements.lock", "requirements-test.lock",
                 "scripts/bootstrap", "scripts/lockfile.py"):
        shutil.copy2(ROOT / name, target / name)
    return target


def test_bootstrap_stops_before_installing_when_pyproject_declares_what_the_locks_do_not_hold(
        tmp_path: Path) -> None:
    tree = copy_of_the_install_files(tmp_path)
    pyproject = tree / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(
        '"msgspec>=0.19",', '"msgspec>=0.19",\n    "left-pad-for-python>=1",', 1))
    result = subprocess.run(["bash", "scripts/bootstrap"], cwd=tree, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0
    assert "requirements.lock and requirements-test.lock do not match" in result.stderr
    assert "scripts/lock" in result.stderr
    assert not (tree / ".venv").exists()


def test_the_lock_check_passes_on_the_committed_files_and_ignores_other_pyproject_edits(
        tmp_path: Path) -> None:
    tree = copy_of_the_install_files(tmp_path)
    check = ["python3", "scripts/lockfile.py", "check"]
    assert subprocess.run(check, cwd=tree, timeout=30).returncode == 0
    pyproject = tree / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("line-length = 100", "line-length = 99"))
    assert subprocess.run(check, cwd=tree, timeout=30).returncode == 0
