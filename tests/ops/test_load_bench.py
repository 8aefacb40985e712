"""The load benchmark's machinery works end to end (its figures are for docs/performance.md,
not for the suite): a small run on SQLite behind real nginx, every device checked against
the server afterwards, no request failing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_small_load_run_ends_with_every_device_equal_to_the_server() -> None:
    run = subprocess.run(
        [sys.executable, "bench/load.py", "--quick", "--configs", "sqlite1", "--storm", "20",
         "--workers", "4", "--assessors", "1", "--steady", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    (cell,) = summary["details"]
    assert cell["errors"] == 0 and cell["nginx_errors"] == []
    for group in ("active", "storm"):
        assert cell["verify"][group]["devices_with_problems"] == 0, cell["verify"][group]
    assert cell["verify"]["storm"]["devices"] == 20
    assert cell["verify"]["active"]["acknowledged_mutations"] > 0  # the devices did work
    assert cell["push_ms"]["steady"]["n"] > 0 and cell["storm"]["initial_sync_ms"]["n"] == 20
