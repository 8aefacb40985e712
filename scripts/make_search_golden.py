"""Write standards/golden/search-standards.json: the five bundled standards as a device holds
them (criteria with their group headings, and glossaries), the corpus of the criteria-search
golden cases that pytest and `node --test` both run. Run it after a parser change (a test
says when it is out of date):

    .venv/bin/python scripts/make_search_golden.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec

from standards.bundled import seeds
from standards.documents import device_document
from standards.parse import parse_text

TARGET = Path(__file__).resolve().parents[1] / "standards" / "golden" / "search-standards.json"


def corpus() -> list[dict[str, Any]]:
    """The bundled standards at version 1, without their carried maps (none at version 1)."""
    out = []
    for seed in seeds():
        document = msgspec.to_builtins(device_document(seed.code, 1, seed.title,
                                                       parse_text(seed.text())))
        for device_only in ("carried", "framework", "languages", "nos_links"):
            document.pop(device_only)
        out.append(document)
    return out


def encoded() -> str:
    return json.dumps(corpus(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    TARGET.write_text(encoded(), encoding="utf-8")
    print(f"wrote {TARGET}")
