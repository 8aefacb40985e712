"""The side-by-side benchmark's machinery works end to end (its figures are for
docs/performance.md, not for the suite): a quick run of Carefolio on SQLite, the minimal
endpoint and the raw-SQLite bound, peers and PostgreSQL left out, prints its ratios."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_quick_run_measures_every_figure_and_prints_the_ratios(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "bench/peers.py", "--quick", "--skip-peers", "--skip-postgres",
         "--cache", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    carefolio = result["medians"]["Carefolio SQLite"]
    for figure in ("push_per_s", "push20_p95_ms", "pull_200_s", "bytes_per_record",
                   "empty_pull_p50_ms"):
        assert carefolio[figure] > 0, figure
    assert result["medians"]["raw sqlite"]["push_per_s"] > 0
    assert {"raw_sqlite_over_carefolio_push", "carefolio_p95_over_minimal",
            "bytes_minimal_over_sqlite"} <= set(result["ratios"])
    assert result["notes"] == {}
