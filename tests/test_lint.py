"""The house rules hold on every run: ruff over the tree, mypy --strict over the pure cores, the
declared dependencies match the imports (deptry) and the lock files match the declarations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PURE_CORES = [
    "sync/merge.py", "sync/messages.py", "standards/parse", "standards/model.py",
    "server/reviews/schedule.py", "server/assessment/coverage.py", "server/push/reminders.py",
    "server/push/reach.py",
]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    result = _run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pure_cores_pass_mypy_strict() -> None:
    result = _run(sys.executable, "-m", "mypy", *PURE_CORES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_run_time_code_imports_exactly_the_declared_run_time_dependencies() -> None:
    result = _run(sys.executable, "-m", "deptry", "server", "sync", "standards", "pwa")
    assert result.returncode == 0, result.stdout + result.stderr


def test_tests_benchmarks_and_scripts_import_only_declared_dependencies() -> None:
    result = _run(sys.executable, "-m", "deptry", "tests", "bench", "scripts",
                  "--ignore", "DEP002,DEP004", "--exclude", r"\.venv|node_modules|artifacts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_lock_files_were_made_from_the_declared_dependencies() -> None:
    result = _run(sys.executable, "scripts/lockfile.py", "check")
    assert result.returncode == 0, result.stdout + result.stderr
