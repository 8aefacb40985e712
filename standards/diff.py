"""What changed in a standard's criteria between two versions (a pure function).

Criteria are paired in three passes: first identical texts of the same kind (if the
reference differs, the criterion was renumbered), then the same reference whose text
changed enough to still be recognisably the same criterion (reworded), then any remaining
pair of the same kind whose texts are similar (reworded and renumbered). What is left is
added (only in the new version) or removed (only in the old).
"""

from __future__ import annotations

from difflib import SequenceMatcher

import msgspec

from standards.parsed import Criterion

SIMILAR = 0.6


class Change(msgspec.Struct, frozen=True):
    """A criterion present in both versions, with its old and new reference and text."""

    old_ref: str
    new_ref: str
    old_text: str
    new_text: str


class CriteriaDiff(msgspec.Struct, frozen=True):
    added: list[Criterion]
    removed: list[Criterion]
    reworded: list[Change]
    renumbered: list[Change]

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.reworded or self.renumbered)


def _kind(criterion: Criterion) -> str:
    return criterion.ref[:1]


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def diff_criteria(old: list[Criterion], new: list[Criterion]) -> CriteriaDiff:
    """Criteria added, removed, reworded and renumbered from `old` to `new`."""
    left = list(old)
    right = list(new)
    reworded: list[Change] = []
    renumbered: list[Change] = []
    for a in list(left):
        match = next((b for b in right if _kind(b) == _kind(a) and b.text == a.text), None)
        if match is not None:
            left.remove(a)
            right.remove(match)
            if match.ref != a.ref:
                renumbered.append(Change(a.ref, match.ref, a.text, match.text))
    for a in list(left):
        match = next((b for b in right if b.ref == a.ref and _similar(a.text, b.text) >= 0.4), None)
        if match is None:
            candidates = [(b, _similar(a.text, b.text)) for b in right if _kind(b) == _kind(a)]
            best = max(candidates, key=lambda pair: pair[1], default=None)
            match = best[0] if best is not None and best[1] >= SIMILAR else None
        if match is not None:
            left.remove(a)
            right.remove(match)
            reworded.append(Change(a.ref, match.ref, a.text, match.text))
    return CriteriaDiff(added=right, removed=left, reworded=reworded, renumbered=renumbered)


def carried_refs(old: list[Criterion], new: list[Criterion]) -> dict[str, str]:
    """Each criterion of `old` that lives on in `new` (the same, renumbered or reworded), as
    {old ref: new ref}; removed criteria are left out. Evidence linked to an old version's
    criterion counts for the criterion it became."""
    diff = diff_criteria(old, new)
    gone = {c.ref for c in diff.removed}
    moved = {c.old_ref: c.new_ref for c in (*diff.renumbered, *diff.reworded)}
    return {c.ref: moved.get(c.ref, c.ref) for c in old if c.ref not in gone}
