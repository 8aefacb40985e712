"""Which criterion a wrapped line of a PDF table belongs to, from positions alone.

A criteria table has a number column ("P3") and a text column whose cells wrap over
several lines. The number may sit at the top, the middle or the bottom of its cell, so the
order of lines says nothing about which cell a line is in. The rules, tried in turn for
each page of a run of rows; the first that explains every line wins:

1. **Row rules.** Horizontal rules across the text column cut the page into bands; a band
   holding one number is that number's cell.
2. **Cell gaps.** Lines closer than the usual line gap are one block; a block holding one
   number is that number's cell.
3. **Alignment** (no rules, no gaps): the numbers either all line up with the first line of
   a cell (top), with the last (bottom), or with its middle (each cell's lines are centred
   on its number, read as a chain from the top of the page). Every hypothesis that fits
   every number is worked out; if they disagree, or none fits, the lines go to the nearest
   number and every criterion that could differ is marked `tie_break`.

A cell split across a page break joins: a band or block without a number at the foot of a
page belongs to the first row of the next page, one at the head of a page to the last row
of the previous page (never both for one break). Everything here is pure: positions in,
assignments out.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

_ALIGN = 1.5  # points: how close two edges must be to count as aligned


class Box(msgspec.Struct, frozen=True):
    """A number or a line of cell text on a page (top-down coordinates)."""

    page: int
    top: float
    bottom: float

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2


class Assignment(msgspec.Struct, frozen=True):
    """For each cell line, the index of the number it belongs to; and the doubtful ones."""

    rows: list[int]
    doubtful: set[int] = msgspec.field(default_factory=set)
    method: str = ""


Rules = dict[int, list[float]]
_Group = list[tuple[str, int]]  # ("n", index) or ("l", index)


def assign_rows(
    numbers: list[Box], lines: list[Box], rules: Rules, gap: float, seen: frozenset[bool]
) -> Assignment:
    """Each line's number: by rules, else by cell gaps, else by alignment (see the module).

    `seen` is what the document's other tables show (see `alignment_seen`)."""
    if not lines:
        return Assignment([], method="single lines")
    by_rules = _by_groups(numbers, lines, lambda page: _bands(page, numbers, lines, rules), seen)
    if by_rules is not None:
        return Assignment(by_rules[0], by_rules[1], method="row rules")
    by_gaps = _by_groups(numbers, lines, lambda page: _blocks(page, numbers, lines, gap), seen)
    if by_gaps is not None:
        return Assignment(by_gaps[0], by_gaps[1], method="cell gaps")
    return _by_alignment(numbers, lines)


def alignment_seen(numbers: list[Box], lines: list[Box], rules: Rules, gap: float) -> set[bool]:
    """For the cells of a run that rules or gaps delimit (page openers aside), whether their
    numbers have lines above them (True: middle or bottom) or not (False: top)."""
    for groups_of in (
        lambda page: _bands(page, numbers, lines, rules),
        lambda page: _blocks(page, numbers, lines, gap),
    ):
        found = _groups(numbers, lines, groups_of)
        if found is not None and all(_count(group) == 1 for group in found[0]):
            return _evidence(found[0], set(found[1]), numbers, lines)
    return set()


def _on(page: int, boxes: list[Box]) -> list[int]:
    return [i for i, box in enumerate(boxes) if box.page == page]


def _pages(numbers: list[Box], lines: list[Box]) -> list[int]:
    return sorted({box.page for box in numbers} | {box.page for box in lines})


def _bands(page: int, numbers: list[Box], lines: list[Box], rules: Rules) -> list[_Group] | None:
    """The rows between rules, if rules cut the run on this page between every two numbers
    (rules above or below the run, such as a header band's, are not row rules)."""
    boxes = [numbers[i] for i in _on(page, numbers)] + [lines[i] for i in _on(page, lines)]
    top, bottom = min(b.top for b in boxes), max(b.bottom for b in boxes)
    cuts = sorted(cut for cut in rules.get(page, []) if top < cut < bottom)
    if not cuts:
        return None
    groups: dict[int, _Group] = {}
    for kind, found in (("n", numbers), ("l", lines)):
        for i in _on(page, found):
            band = sum(1 for cut in cuts if cut <= found[i].centre)
            groups.setdefault(band, []).append((kind, i))
    return [groups[band] for band in sorted(groups)]


def _blocks(page: int, numbers: list[Box], lines: list[Box], gap: float) -> list[_Group]:
    items = sorted(
        [(numbers[i], ("n", i)) for i in _on(page, numbers)]
        + [(lines[i], ("l", i)) for i in _on(page, lines)],
        key=lambda item: item[0].top,
    )
    groups: list[_Group] = []
    bottom = None
    for box, tag in items:
        if bottom is None or box.top - bottom > gap:
            groups.append([])
        groups[-1].append(tag)
        bottom = box.bottom if bottom is None else max(bottom, box.bottom)
    return groups


def _count(group: _Group) -> int:
    return sum(1 for kind, _ in group if kind == "n")


def _groups(
    numbers: list[Box], lines: list[Box], groups_of: Callable[[int], list[_Group] | None]
) -> tuple[list[_Group], list[int]] | None:
    """All the run's groups, page by page, parts split by a page break joined; and the
    index of each group that opens a page after the first."""
    groups: list[_Group] = []
    page_starts: list[int] = []
    for page in _pages(numbers, lines):
        found = groups_of(page)
        if found is None:
            return None
        if groups and found and not _join_break(groups, found):
            return None
        if groups and found:
            page_starts.append(len(groups))
        groups += found
    return groups, page_starts


def _by_groups(
    numbers: list[Box],
    lines: list[Box],
    groups_of: Callable[[int], list[_Group] | None],
    seen: frozenset[bool],
) -> tuple[list[int], set[int]] | None:
    """Rows from groups that each hold one number; and the rows a page break leaves in
    doubt (see `_break_doubts`)."""
    found = _groups(numbers, lines, groups_of)
    if found is None:
        return None
    groups, page_starts = found
    rows = [-1] * len(lines)
    for group in groups:
        if _count(group) != 1:
            return None
        number = next(i for kind, i in group if kind == "n")
        for kind, i in group:
            if kind == "l":
                rows[i] = number
    return rows, _break_doubts(groups, page_starts, numbers, lines, seen)


def _lines_above(group: _Group, numbers: list[Box], lines: list[Box]) -> bool | None:
    """Whether some line of the group sits above its number (None for a one-line cell)."""
    number = next(numbers[i] for kind, i in group if kind == "n")
    own = [lines[i] for kind, i in group if kind == "l" and lines[i].page == number.page]
    if len(own) < 2:
        return None
    return any(line.centre < number.top for line in own)


def _evidence(
    groups: list[_Group], starts: set[int], numbers: list[Box], lines: list[Box]
) -> set[bool]:
    found = {
        _lines_above(group, numbers, lines)
        for index, group in enumerate(groups)
        if index not in starts
    }
    return {flag for flag in found if flag is not None}


def _break_doubts(
    groups: list[_Group],
    page_starts: list[int],
    numbers: list[Box],
    lines: list[Box],
    seen: frozenset[bool],
) -> set[int]:
    """A row opening a page with lines above its number may be the tail of the row before
    (in a table whose numbers sit at the top of their cells) or its own (numbers in the
    middle or at the bottom): settled by the other cells of the document, else doubtful."""
    evidence = _evidence(groups, set(page_starts), numbers, lines) | seen
    doubtful: set[int] = set()
    for index in page_starts:
        if _lines_above(groups[index], numbers, lines) and evidence != {True}:
            for group in (groups[index - 1], groups[index]):
                doubtful |= {i for kind, i in group if kind == "n"}
    return doubtful


def _has_number(group: _Group) -> bool:
    return any(kind == "n" for kind, _ in group)


def _join_break(before: list[_Group], after: list[_Group]) -> bool:
    """Merge a numberless part of a row split across a page break into its other part."""
    last_has, first_has = _has_number(before[-1]), _has_number(after[0])
    if not last_has and not first_has:
        return False
    if not last_has or not first_has:
        after[0] = before.pop() + after[0]
    return True


def _by_alignment(numbers: list[Box], lines: list[Box]) -> Assignment:
    """Without rules or gaps only the alignment is left, and it cannot be checked inside a
    run: a line between two numbers could end the cell above or start the one below. So
    every criterion whose lines the hypotheses (top, bottom, middle) share out differently
    is doubtful; the lines go by the first hypothesis that fits the whole run."""
    strict = [
        (name, rows)
        for name, rows in (
            ("top", _top(numbers, lines)),
            ("bottom", _bottom(numbers, lines)),
            ("middle", _middle(numbers, lines)),
        )
        if rows is not None
    ]
    name, rows = strict[0] if strict else ("nearest", _nearest(numbers, lines))
    candidates = [
        rows,
        _top(numbers, lines, relaxed=True) or rows,
        _bottom(numbers, lines, relaxed=True) or rows,
    ] + [other for _, other in strict]
    doubtful = {
        number
        for i in range(len(lines))
        if len({candidate[i] for candidate in candidates}) > 1
        for number in {candidate[i] for candidate in candidates}
    }
    if not strict:
        doubtful |= set(rows)
    return Assignment(rows, doubtful, method=f"{name} alignment")


def _aligned(a: float, b: float) -> bool:
    return abs(a - b) <= _ALIGN


def _top(numbers: list[Box], lines: list[Box], *, relaxed: bool = False) -> list[int] | None:
    """Each line to the number at or above it; `relaxed`, lines above every number go to
    the first (the others must fit: every number level with a line's top)."""
    if not relaxed and not all(any(_aligned(n.top, ln.top) for ln in lines) for n in numbers):
        return None
    rows = []
    for line in lines:
        above = [
            i for i, n in enumerate(numbers) if (n.page, n.top) <= (line.page, line.top + _ALIGN)
        ]
        if not above and not relaxed:
            return None
        rows.append(above[-1] if above else 0)
    return rows


def _bottom(numbers: list[Box], lines: list[Box], *, relaxed: bool = False) -> list[int] | None:
    """Each line to the number at or below it (see `_top`)."""
    if not relaxed and not all(
        any(_aligned(n.bottom, ln.bottom) for ln in lines) for n in numbers
    ):
        return None
    rows = []
    for line in lines:
        below = [
            i
            for i, n in enumerate(numbers)
            if (n.page, n.bottom) >= (line.page, line.bottom - _ALIGN)
        ]
        if not below and not relaxed:
            return None
        rows.append(below[0] if below else len(numbers) - 1)
    return rows


def _middle(numbers: list[Box], lines: list[Box]) -> list[int] | None:
    """Cells centred on their numbers, built as a chain down each page."""
    rows = [-1] * len(lines)
    for page in _pages(numbers, lines):
        on_page = _on(page, lines)
        start = 0
        for n in _on(page, numbers):
            end = next(
                (
                    j
                    for j in range(start, len(on_page))
                    if _aligned((lines[on_page[start]].top + lines[on_page[j]].bottom) / 2,
                                numbers[n].centre)
                ),
                None,
            )
            if end is None:
                return None
            for j in range(start, end + 1):
                rows[on_page[j]] = n
            start = end + 1
        if start != len(on_page):
            return None
    return rows


def _nearest(numbers: list[Box], lines: list[Box]) -> list[int]:
    def distance(n: Box, line: Box) -> tuple[int, float]:
        return abs(n.page - line.page), abs(n.centre - line.centre)

    return [min(range(len(numbers)), key=lambda i: distance(numbers[i], line)) for line in lines]
