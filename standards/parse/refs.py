"""Criterion references: "P12 text", "P10make" (a lost space), bare "K3", "4. text" (web);
a qualification unit's assessment criterion "1.2"."""

from __future__ import annotations

import re

import msgspec

_REF = re.compile(r"^(?P<letter>[PK])\s?(?P<number>\d{1,3})(?!\d)[.):]?\s*(?P<text>.*)$")
_NUMBERED = re.compile(r"^(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")


class Ref(msgspec.Struct, frozen=True):
    """A reference found at the start of a line, and the text after it."""

    letter: str
    number: int
    text: str

    @property
    def label(self) -> str:
        return f"{self.letter}{self.number}"


def parse_ref(text: str) -> Ref | None:
    """The P/K reference a line opens with, if any ("P10make" reads as P10 "make")."""
    match = _REF.match(text)
    if match is None:
        return None
    return Ref(match["letter"], int(match["number"]), match["text"].strip())


def parse_numbered(text: str) -> tuple[int, str] | None:
    """The number and text of a plain numbered-list item ("3. text" or "3) text")."""
    match = _NUMBERED.match(text)
    if match is None:
        return None
    return int(match["number"]), match["text"].strip()


def is_bare_ref(text: str) -> bool:
    """True for a line that is only a reference, as a PDF number column gives them."""
    ref = parse_ref(text)
    return ref is not None and not ref.text


_UNIT_REF = re.compile(r"^\d{1,2}\.\d{1,2}$")


def is_unit_ref(text: str) -> bool:
    """True for a unit's assessment criterion number alone ("1.2"), as a line opens with."""
    return _UNIT_REF.match(text) is not None
