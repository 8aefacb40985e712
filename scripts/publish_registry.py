"""Write the server's shared rules where the other side reads them: the entity registry
(sync/entities.py) to sync/golden/entities.json (the published copy) and
pwa/js/lib/registry.js; the field limits (sync.entities.field_limits) to
pwa/js/lib/limits.js; the rule years (server/reviews/rule_years.py) to
pwa/js/lib/rule-years.js.

    .venv/bin/python scripts/publish_registry.py

Run after changing any of them; tests fail while a copy differs from the code
(tests/test_published.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server.reviews.rule_years import describe as rule_years  # noqa: E402
from sync.entities import describe, field_limits  # noqa: E402

LIB = ROOT / "pwa" / "js" / "lib"


def _object(header_of: Path, marker: str, entries: dict[str, object]) -> str:
    header = header_of.read_text().split(marker)[0]
    body = "".join(f"  {name}: {json.dumps(value)},\n" for name, value in entries.items())
    return f"{header}{marker}\n{body}}};\n"


def _array(header_of: Path, marker: str, items: list[object]) -> str:
    header = header_of.read_text().split(marker)[0]
    body = "".join(f"  {json.dumps(item)},\n" for item in items)
    return f"{header}{marker}\n{body}];\n"


def render() -> dict[Path, str]:
    """Every published file and the text it must have."""
    registry = describe()
    return {
        ROOT / "sync" / "golden" / "entities.json": json.dumps(registry, indent=1) + "\n",
        LIB / "registry.js": _object(LIB / "registry.js", "export const REGISTRY = {", registry),
        LIB / "limits.js": _object(LIB / "limits.js", "export const FIELD_LIMITS = {",
                                   dict(field_limits())),
        LIB / "rule-years.js": _array(LIB / "rule-years.js", "export const RULE_YEARS = [",
                                      list(rule_years())),
    }


def main() -> None:
    for path, text in render().items():
        path.write_text(text)


if __name__ == "__main__":
    main()
