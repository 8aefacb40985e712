"""Turning the criteria region into groups of criteria.

The region is a stream of criterion starts ("P3 text") and plain lines. A plain line right
after a criterion continues it (a wrapped line) when it starts with a lower-case letter, a
digit or punctuation, or when the criterion so far ends with a word that cannot end it
("and", "the", a comma ...). Other plain lines are group headings: the last paragraph of
them before a criterion (lines not ending in sentence punctuation, wrapped headings joined)
is the heading of the group that criterion opens. Anything else between two criteria is
text we cannot place, and the document is refused rather than have it guessed at.
"""

from __future__ import annotations

import re

import msgspec

from standards.parse.errors import ParseError
from standards.parse.lines import Line, heading_tail, join_wrapped
from standards.parse.numbering import Numbered, check_numbering
from standards.parse.refs import Ref
from standards.parsed import Criterion, Kind, Section

CONNECTIVES = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "including",
    "into",
    "of",
    "on",
    "or",
    "that",
    "the",
    "their",
    "to",
    "which",
    "with",
    "your",
    "its",
    "his",
    "her",
    "be",
}
# the same in a Welsh record ("... gyda" / "Gofalwyr ..." is one wrapped criterion)
CONNECTIVES |= {
    "ac",
    "ag",
    "y",
    "yr",
    "gyda",
    "neu",
    "yn",
    "eu",
    "ei",
    "â",
    "o",
    "i",
    "ar",
    "am",
    "gan",
    "wrth",
    "drwy",
    "mewn",
    "hyd",
}
_KINDS: dict[str, Kind] = {"P": "performance", "K": "knowledge"}
_DEFAULT_TITLES: dict[Kind, str] = {
    "performance": "Performance criteria",
    "knowledge": "Knowledge and understanding",
}


class Start(msgspec.Struct, frozen=True):
    """A line that opens a criterion."""

    ref: Ref
    line: int


Item = Start | Line


class _Draft:
    def __init__(self, start: Start, group: str) -> None:
        self.start = start
        self.text = start.ref.text
        self.group = group


def continues(text_so_far: str, line: str) -> bool:
    """True if `line` reads as the wrapped continuation of a criterion."""
    first = line[0]
    if not first.isalpha() or first.islower():
        return True
    if not text_so_far or text_so_far.endswith((",", "-", "–", "/", "(")):
        return True
    last_word = re.findall(r"\w+", text_so_far)[-1:] or [""]
    return last_word[0].lower() in CONNECTIVES


def build_sections(items: list[Item]) -> list[Section]:
    """Groups of criteria from the criteria stream, after checking their numbering."""
    drafts = _drafts(items)
    numbers = [Numbered(d.start.ref.letter, d.start.ref.number, d.start.line) for d in drafts]
    check_numbering(numbers)
    for draft in drafts:
        if not draft.text:
            raise ParseError(
                "empty_criterion", f"{draft.start.ref.label} has no text", draft.start.line
            )
    return _sections(drafts)


def _drafts(items: list[Item]) -> list[_Draft]:
    drafts: list[_Draft] = []
    loose: list[Line] = []
    group = ""
    for item in items:
        if isinstance(item, Line):
            if drafts and not loose and not item.blank and continues(drafts[-1].text, item.text):
                drafts[-1].text = join_wrapped(drafts[-1].text, item.text)
            else:
                loose.append(item)
            continue
        heading = _heading(loose, drafts[-1] if drafts else None, item)
        kind_changed = bool(drafts) and drafts[-1].start.ref.letter != item.ref.letter
        group = heading if heading is not None else ("" if kind_changed else group)
        drafts.append(_Draft(item, group))
        loose = []
    _refuse_leftovers([line for line in loose if not line.blank], drafts)
    return drafts


def _heading(loose: list[Line], previous: _Draft | None, start: Start) -> str | None:
    """The heading paragraph in `loose`, refusing any other text found there."""
    cut, end = heading_tail(loose)
    stray = [line for line in loose[:cut] if not line.blank]
    if stray:
        where = f"between {previous.start.ref.label} and" if previous else "before"
        raise ParseError(
            "unexpected_text",
            f"text {where} {start.ref.label} is neither a criterion nor a group heading: "
            f"{stray[0].text[:60]!r}",
            stray[0].no,
        )
    heading = [line.text for line in loose[cut:end]]
    return " ".join(heading) if heading else None


def _refuse_leftovers(leftovers: list[Line], drafts: list[_Draft]) -> None:
    if leftovers and drafts:
        last = drafts[-1].start.ref.label
        raise ParseError(
            "unexpected_text",
            f"text after {last} is neither part of it nor followed by a criterion: "
            f"{leftovers[0].text[:60]!r}",
            leftovers[0].no,
        )


def _sections(drafts: list[_Draft]) -> list[Section]:
    sections: list[Section] = []
    for draft in drafts:
        kind = _KINDS[draft.start.ref.letter]
        criterion = Criterion(draft.start.ref.label, draft.text, draft.group)
        if sections and sections[-1].kind == kind and _same_group(sections[-1], draft.group):
            sections[-1].criteria.append(criterion)
        else:
            title = draft.group or _DEFAULT_TITLES[kind]
            sections.append(Section(kind, title, [criterion]))
    return sections


def _same_group(section: Section, group: str) -> bool:
    return section.criteria[-1].group == group
