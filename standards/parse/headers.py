"""Removing running page headers and footers, and reading the code and title from them.

A published NOS PDF prints the code and title at the top of every page and a footer with
the code, the title and a page number, so text extracted from it repeats those lines. Any
line that states the document's code (a code-only line, "CODE Title", "CODE Title 3", or a
title wrapped in a unit code) is taken as identity and removed wherever it occurs; a title
line that repeats on its own after a code-only line is removed too, as are bare page
numbers ("3", "Page 3 of 7"). The blank lines around furniture go with it, so that text
running over a page break reads as if there were none.
"""

from __future__ import annotations

from collections import Counter

import msgspec

from standards.parse.headings import region_of
from standards.parse.identity import Identity, identity_of, is_page_number, strip_page_number
from standards.parse.lines import Line
from standards.parse.metadata import fact_of
from standards.parse.refs import parse_ref


class Furniture(msgspec.Struct, frozen=True):
    """The lines that remain, the identity read from headers, and whether any repeated."""

    lines: list[Line]
    identity: Identity | None
    repeated: bool


def strip_running_headers(lines: list[Line]) -> Furniture:
    """The lines without page furniture, and the code and title the furniture states."""
    found = [identity_of(line.text) for line in lines if _candidate(line)]
    stated = [ident for ident in found if ident is not None]
    numbers = _page_numbers(lines)
    if not stated:
        return Furniture(_without(lines, numbers), None, False)
    code = Counter(ident.code for ident in stated).most_common(1)[0][0]
    ours = [ident for ident in stated if ident.code == code]
    title = _title(ours) or _title_after_code(lines, code)
    unit = next((ident.unit_code for ident in ours if ident.unit_code), None)
    furniture = [
        number or _is_furniture(line, code, title)
        for number, line in zip(numbers, lines, strict=True)
    ]
    return Furniture(_without(lines, furniture), Identity(code, title, unit), sum(furniture) > 1)


def _page_numbers(lines: list[Line]) -> list[bool]:
    """Which lines are page numbers: bare numbers, unless one is a metadata key's value."""
    out: list[bool] = []
    key_above = False
    for line in lines:
        out.append(is_page_number(line.text) and not key_above)
        if not line.blank:
            fact = fact_of(line.text, expected=True)
            key_above = fact is not None and not fact.value
    return out


def _without(lines: list[Line], furniture: list[bool]) -> list[Line]:
    """The lines without furniture and the blank lines around it (a page break's gap)."""
    drop = list(furniture)
    for index, is_furniture in enumerate(furniture):
        if not is_furniture:
            continue
        for step in (-1, 1):
            near = index + step
            while 0 <= near < len(lines) and (lines[near].blank or furniture[near]):
                drop[near] = True
                near += step
    return [line for line, dropped in zip(lines, drop, strict=True) if not dropped]


def _candidate(line: Line) -> bool:
    return not line.blank and parse_ref(line.text) is None


def _title(ours: list[Identity]) -> str:
    titles = [ident.title for ident in ours if ident.title]
    if not titles:
        return ""
    units = [ident.title for ident in ours if ident.unit_code]
    if units:
        return units[0]
    if len(titles) > 1:
        titles = [strip_page_number(title) for title in titles]
    counts = Counter(titles)
    return max(counts, key=lambda title: (counts[title], len(title)))


def _title_after_code(lines: list[Line], code: str) -> str:
    for index, line in enumerate(lines):
        ident = identity_of(line.text) if _candidate(line) else None
        if ident is not None and ident.code == code and not ident.title:
            following = next((n for n in lines[index + 1 :] if not n.blank), None)
            if following is not None and _could_be_title(following):
                return following.text
    return ""


def _could_be_title(line: Line) -> bool:
    return (
        region_of(line.text) is None
        and parse_ref(line.text) is None
        and identity_of(line.text) is None
        and not line.text.endswith(".")
    )


def _is_furniture(line: Line, code: str, title: str) -> bool:
    if line.blank:
        return False
    if title and line.text == title:
        return True
    ident = identity_of(line.text) if _candidate(line) else None
    return ident is not None and ident.code == code
