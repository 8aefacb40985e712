"""The files scripts/publish_registry.py writes (the entity registry, the field limits and
the rule years, for the PWA) are what the code says now: a change to the server's rules that
was not published fails here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[1] / "scripts" / "publish_registry.py"


def _render() -> dict[Path, str]:
    spec = importlib.util.spec_from_file_location("publish_registry", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.render())


@pytest.mark.parametrize("path", sorted(_render()), ids=lambda p: p.name)
def test_published_copies_are_current(path: Path) -> None:
    assert path.read_text() == _render()[path], (
        f"{path.name} is stale: run .venv/bin/python scripts/publish_registry.py")
