"""Properties of the merge core that must hold for every sequence of edits."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from sync.merge import Actor, RecordState, apply
from sync.messages import Create, Update

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
SCALARS = ("title", "description")
CRITERIA = [f"SCDHSC0389/1/P{i}" for i in range(1, 6)]
DEVICES = ("phone", "tablet", "laptop")

texts = st.text(alphabet="abcdef ", min_size=1, max_size=8)


def _base_record() -> RecordState:
    actor = Actor(1, "phone", frozenset({"owner"}))
    create = Create(1, "portfolio:1", "evidence", "e1", {"kind": "observation"})
    outcome = apply(None, create, actor, 1, NOW)
    assert outcome.record is not None
    return outcome.record


edit = st.tuples(
    st.sampled_from(DEVICES),
    st.dictionaries(st.sampled_from(SCALARS), texts, max_size=2),
    st.lists(st.sampled_from(CRITERIA), max_size=2),
    st.lists(st.sampled_from(CRITERIA), max_size=2),
)


Edit = tuple[str, dict[str, str], list[str], list[str]]


Pushed = tuple[str, str, str | None]


def _run(edits: list[Edit]) -> tuple[RecordState, list[Pushed], list[tuple[str, str]]]:
    """All edits based on version 1 (every device offline since the create)."""
    record = _base_record()
    kept: list[Pushed] = []
    lost: list[tuple[str, str]] = []
    for version, (device, values, add, remove) in enumerate(edits, start=2):
        removes = sorted(set(remove) - set(add))
        mutation = Update(version, "portfolio:1", "evidence", "e1", set=values,
                          base={name: 1 for name in values},
                          add={"criteria": add}, remove={"criteria": removes})
        outcome = apply(record, mutation, Actor(1, device, frozenset({"owner"})), version, NOW)
        assert outcome.result in ("applied", "conflict")
        lost += [(c.field, c.lost) for c in outcome.conflicts]
        # A value equal to the record's at push time agrees with it: nothing to lose.
        kept += [(device, name, None if record.fields[name] == value else value)
                 for name, value in values.items()]
        record = outcome.record or record
    return record, kept, lost


@settings(max_examples=200)
@given(st.lists(edit, max_size=6))
def test_no_pushed_text_is_ever_lost(edits: list[Edit]) -> None:
    """Each device's last value of each field is on the record or in a conflict."""
    record, pushed, lost = _run(edits)
    last = {(device, name): value for device, name, value in pushed}
    for (_, name), value in last.items():
        assert value is None or record.fields[name] == value or (name, value) in lost


@settings(max_examples=200)
@given(st.lists(edit, max_size=6))
def test_each_scalar_field_is_won_by_the_first_device_that_wrote_it(edits: list[Edit]) -> None:
    record, _, _ = _run(edits)
    for name in SCALARS:
        writers = [(device, values[name]) for device, values, _, _ in edits if name in values]
        if not writers:
            assert record.fields[name] == ""
            continue
        first = writers[0][0]
        assert record.fields[name] == [v for d, v in writers if d == first][-1]


@settings(max_examples=200)
@given(st.lists(edit, max_size=6))
def test_criteria_links_equal_the_adds_and_removes_in_server_order(edits: list[Edit]) -> None:
    record, _, _ = _run(edits)
    expected: set[str] = set()
    for _, _, add, remove in edits:
        expected = (expected - (set(remove) - set(add))) | set(add)
    assert record.fields["criteria"] == sorted(expected)


@given(texts, texts)
def test_edits_of_different_fields_commute(title: str, description: str) -> None:
    def run(order: list[tuple[str, str, str]]) -> dict[str, object]:
        record = _base_record()
        for version, (device, name, value) in enumerate(order, start=2):
            m = Update(version, "portfolio:1", "evidence", "e1", set={name: value}, base={name: 1})
            outcome = apply(record, m, Actor(1, device, frozenset({"owner"})), version, NOW)
            assert outcome.result == "applied"
            record = outcome.record or record
        return record.fields

    a = ("phone", "title", title)
    b = ("tablet", "description", description)
    assert run([a, b]) == run([b, a])


@given(st.lists(edit, max_size=5))
def test_the_same_inputs_always_give_the_same_outcome(edits: list[Edit]) -> None:
    assert _run(edits) == _run(edits)
