"""Dividing a document's lines into regions: preamble, overview, criteria, scope, values ...

Headings switch region; a Word "StartOverview" bookmark opens the overview. A line that
opens with a reference (P1, K12) switches to the criteria region even with no heading (two
of the seeds have no "Performance criteria" heading, two no "Knowledge and understanding"),
taking with it the heading paragraph just above it. Inside the criteria region a plain
numbered list ("1. text", as on the NOS finder) is numbered P or K by the heading it sits
under. Metadata lines are picked out wherever they are believed (see `metadata`).
"""

from __future__ import annotations

from standards.parse.criteria import Item, Start
from standards.parse.headings import Region, region_of
from standards.parse.lines import Line, heading_tail
from standards.parse.metadata import Fact, fact_of
from standards.parse.refs import Ref, parse_numbered, parse_ref
from standards.parsed import Kind

_LETTERS: dict[Kind, str] = {"performance": "P", "knowledge": "K"}


class Regions:
    """The lines of a document sorted into the regions they belong to."""

    def __init__(self) -> None:
        self.preamble: list[Line] = []
        self.overview: list[Line] = []
        self.criteria: list[Item] = []
        self.sections: list[tuple[Region, str, list[Line]]] = []
        self.facts: list[tuple[Fact, int]] = []
        self.numbered_lists = False


class _Reader:
    def __init__(self) -> None:
        self.out = Regions()
        self.region: str = "preamble"
        self.kind: Kind | None = None
        self.pending: str | None = None

    def target(self) -> list[Line]:
        if self.region == "preamble":
            return self.out.preamble
        if self.region == "overview":
            return self.out.overview
        if self.region in ("criteria", "metadata"):
            return []
        return self.out.sections[-1][2]

    def read(self, line: Line) -> None:
        if line.blank:
            self._blank(line)
        elif "StartOverview" in line.bookmarks and self.region == "preamble":
            self.region = "overview"
            self.out.overview.append(line)
        elif (heading := region_of(line.text)) is not None:
            self._heading(heading, line)
        elif not self._criterion(line) and not self._fact(line):
            self._plain(line)

    def _blank(self, line: Line) -> None:
        if self.region == "criteria":
            self.out.criteria.append(line)
        else:
            self.target().append(line)

    def _heading(self, heading: Region, line: Line) -> None:
        self.pending = None
        if heading in ("performance", "knowledge"):
            self.kind = "performance" if heading == "performance" else "knowledge"
            self.region = "criteria"
        elif heading == "overview":
            self.region = "overview"
        else:
            self.region = "section"
            self.out.sections.append((heading, line.text, []))

    def _criterion(self, line: Line) -> bool:
        ref = parse_ref(line.text)
        if ref is None and self.region == "criteria" and self.kind is not None:
            numbered = parse_numbered(line.text)
            if numbered is not None:
                ref = Ref(_LETTERS[self.kind], numbered[0], numbered[1])
                self.out.numbered_lists = True
        if ref is None:
            return False
        if self.region != "criteria":
            self._enter_criteria()
        self.kind = "performance" if ref.letter == "P" else "knowledge"
        self.out.criteria.append(Start(ref, line.no))
        return True

    def _enter_criteria(self) -> None:
        source = self.target()
        start, end = heading_tail(source)
        self.out.criteria.extend(source[start:end])
        del source[start:]
        self.region = "criteria"

    def _fact(self, line: Line) -> bool:
        expected = self.region in ("preamble", "metadata")
        fact = fact_of(line.text, expected=expected)
        if fact is None:
            return False
        if fact.value:
            self.out.facts.append((fact, line.no))
            self.pending = None
        else:
            self.pending = fact.field
        if self.region != "preamble":
            self.region = "metadata"
        return True

    def _plain(self, line: Line) -> None:
        if self.pending is not None:
            self.out.facts.append((Fact(self.pending, line.text), line.no))
            self.pending = None
        elif self.region == "metadata" and self.out.facts:
            fact, no = self.out.facts[-1]
            self.out.facts[-1] = (Fact(fact.field, f"{fact.value} {line.text}"), no)
        elif self.region == "criteria":
            self.out.criteria.append(line)
        else:
            self.target().append(line)


def split_regions(lines: list[Line]) -> Regions:
    """The regions of a document, in one pass over its lines."""
    reader = _Reader()
    for line in lines:
        reader.read(line)
    return reader.out
