"""Checking that criteria are numbered 1, 2, 3 ... with nothing missing or repeated."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from standards.parse.errors import ParseError


class Numbered(msgspec.Struct, frozen=True):
    """A criterion's letter, number and source line, as validation sees it."""

    letter: str
    number: int
    line: int


def check_numbering(items: Sequence[Numbered]) -> None:
    """Refuse criteria whose numbers are not P1..Pn then K1..Kn in order."""
    if not items:
        raise ParseError("no_criteria", "no performance criteria or knowledge statements found")
    letters = [item.letter for item in items]
    if "P" not in letters:
        raise ParseError("no_performance_criteria", "no performance criteria (P1 ...) found")
    if "K" not in letters:
        raise ParseError("no_knowledge_statements", "no knowledge statements (K1 ...) found")
    first_k = letters.index("K")
    if "P" in letters[first_k:]:
        stray = items[first_k + letters[first_k:].index("P")]
        raise ParseError(
            "criteria_out_of_order",
            f"P{stray.number} comes after the knowledge statements have begun",
            stray.line,
        )
    for letter in ("P", "K"):
        _check_run([item for item in items if item.letter == letter])


def _check_run(run: list[Numbered]) -> None:
    seen: dict[int, Numbered] = {}
    previous: Numbered | None = None
    for item in run:
        label = f"{item.letter}{item.number}"
        if item.number in seen:
            first = seen[item.number]
            if item.number == 1:
                raise ParseError(
                    "list_restarts",
                    f"the {item.letter} list restarts at {label} after "
                    f"{item.letter}{previous.number if previous else 1} "
                    f"(first {label} at line {first.line})",
                    item.line,
                )
            raise ParseError(
                "repeated_number", f"{label} appears twice (first at line {first.line})", item.line
            )
        expected = previous.number + 1 if previous else 1
        if item.number != expected:
            gap = f"{item.letter}{expected}"
            after = f"after {item.letter}{previous.number}" if previous else "at the start"
            reason = "missing_number" if item.number > expected else "number_out_of_order"
            raise ParseError(reason, f"{gap} expected {after} but found {label}", item.line)
        seen[item.number] = item
        previous = item
