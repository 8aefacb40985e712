"""The shared golden cases (sync/golden/*.json) against the Python merge core."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest

from sync import entities
from sync.merge import Actor, FieldVersion, RecordState, apply
from sync.messages import SCHEMA_VERSION, Mutation

GOLDEN = Path(__file__).parents[2] / "sync" / "golden"


def _cases() -> list[Any]:
    cases = []
    for path in sorted(GOLDEN.glob("*.json")):
        if path.name == "entities.json":
            continue
        for case in json.loads(path.read_text()):
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return cases


def _record(raw: dict[str, Any] | None) -> RecordState | None:
    return None if raw is None else msgspec.convert(raw, RecordState)


@pytest.mark.parametrize("case", _cases())
def test_golden_case(case: dict[str, Any]) -> None:
    before = _record(case["record"])
    actor = Actor(case["actor"]["user_id"], case["actor"]["device_id"],
                  frozenset(case["actor"]["relations"]),
                  case["actor"].get("schema", SCHEMA_VERSION))
    mutation = msgspec.convert(case["mutation"], Mutation)
    now = datetime.fromisoformat(case["now"])
    outcome = apply(before, mutation, actor, case["version"], now, _record(case.get("related")))
    expect = case["expect"]
    assert outcome.result == expect["result"], outcome.message
    if "code" in expect:
        assert outcome.code == expect["code"]
    if "conflicts" in expect:
        assert msgspec.to_builtins(outcome.conflicts) == expect["conflicts"]
    if expect.get("unchanged"):
        assert outcome.record is None
        return
    assert outcome.record is not None
    after = outcome.record
    for name, value in expect.get("fields", {}).items():
        assert after.fields[name] == value, name
    for name, (version, device) in expect.get("versions", {}).items():
        assert after.versions[name] == FieldVersion(version, device), name
    if "deleted" in expect:
        assert after.deleted is expect["deleted"]


def test_published_registry_matches_the_code() -> None:
    published = json.loads((GOLDEN / "entities.json").read_text())
    assert published == json.loads(json.dumps(entities.describe()))
