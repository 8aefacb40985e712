"""The house rules hold on every run: ruff over the tree, mypy --strict over the pure cores."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PURE_CORES = [
    "sync/merge.py", "sync/messages.py", "standards/parse", "standards/model.py",
    "server/reviews/schedule.py", "server/assessment/coverage.py", "server/push/reminders.py",
]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    result = _run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pure_cores_pass_mypy_strict() -> None:
    result = _run(sys.executable, "-m", "mypy", *PURE_CORES)
    assert result.returncode == 0, result.stdout + result.stderr
