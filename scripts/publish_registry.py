"""Write the entity registry (sync/entities.py) where the other side reads it:
sync/golden/entities.json (the published copy) and pwa/js/lib/registry.js (the PWA's).

    .venv/bin/python scripts/publish_registry.py

Run after changing sync/entities.py; tests fail while either copy differs from the code.
"""

from __future__ import annotations

import json
from pathlib import Path

from sync.entities import describe

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "pwa" / "js" / "lib" / "registry.js"
MARKER = "export const REGISTRY = {"


def main() -> None:
    registry = describe()
    (ROOT / "sync" / "golden" / "entities.json").write_text(json.dumps(registry, indent=1) + "\n")
    header = JS.read_text().split(MARKER)[0]
    body = "".join(f"  {name}: {json.dumps(kind)},\n" for name, kind in registry.items())
    JS.write_text(f"{header}{MARKER}\n{body}}};\n")


if __name__ == "__main__":
    main()
