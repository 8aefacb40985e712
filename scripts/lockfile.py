"""Keep the lock files honest: each one starts with a digest of what pyproject.toml declares.

    python3 scripts/lockfile.py digest    print the digest of the declared dependencies
    python3 scripts/lockfile.py check     exit 1, saying what to run, when a lock is stale

The digest covers the build requirements, the run-time dependencies and the `test` extra: the
inputs of `scripts/lock`. scripts/bootstrap runs `check` before it installs anything, so an edit
to the declared dependencies fails loudly instead of installing something else.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ("requirements.lock", "requirements-test.lock")
PREFIX = "# pyproject-dependencies-sha256: "


def declared() -> dict[str, list[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {
        "build": project["build-system"]["requires"],
        "run": project["project"]["dependencies"],
        "test": project["project"]["optional-dependencies"]["test"],
    }


def digest() -> str:
    canonical = json.dumps(declared(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def stale() -> list[str]:
    """The lock files that were not made from what pyproject.toml declares now."""
    want = PREFIX + digest()
    found = []
    for name in LOCKS:
        path = ROOT / name
        first = path.read_text().splitlines()[0] if path.is_file() else ""
        if first != want:
            found.append(name)
    return found


def main(argv: list[str]) -> int:
    if argv == ["digest"]:
        print(digest())
        return 0
    if argv == ["check"]:
        names = stale()
        if names:
            print(f"{' and '.join(names)} do not match the dependencies declared in "
                  "pyproject.toml: regenerate them with `scripts/lock` and commit them.",
                  file=sys.stderr)
            return 1
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
