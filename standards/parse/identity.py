"""Recognising a standard's code and title.

A NOS code is four to ten capitals followed by digits ("SCDHSC0389", "SCDLMCB4"); documents
also write it with a space ("SCDHSC 0021"), which is dropped. A title line can carry the code
in front ("SCDHSC0389 Work with carers ...", a PDF running header, sometimes with a page
number after it) or be wrapped in a qualification unit code as in
"H5NA 04 (SCDHSC 0021) Support effective communication".
"""

from __future__ import annotations

import re

import msgspec

_CODE = r"[A-Z][A-Z&]{3,9} ?\d{1,5}[A-Z]?"
_CODE_ONLY = re.compile(rf"^(?P<code>{_CODE})$")
_CODE_LINE = re.compile(rf"^(?P<code>{_CODE})(?:\s*[-–:]\s*|\s+)(?P<title>\S.*)$")
_UNIT_LINE = re.compile(
    rf"^(?P<unit>[A-Z0-9]{{4}} ?\d{{2}})\s*\(\s*(?P<code>{_CODE})\s*\)\s*[-–:]?\s*(?P<title>\S.*)$"
)
_PAGE_SUFFIX = re.compile(r"\s+(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.IGNORECASE)


class Identity(msgspec.Struct, frozen=True):
    """What one line says about the standard's identity."""

    code: str
    title: str = ""
    unit_code: str | None = None


def normalise_code(code: str) -> str:
    """ "SCDHSC 0021" and "scdhsc0021" are both SCDHSC0021."""
    return re.sub(r"\s+", "", code).upper()


def looks_like_code(text: str) -> bool:
    """True if the whole text is a NOS code."""
    return _CODE_ONLY.match(text.strip()) is not None


def identity_of(text: str) -> Identity | None:
    """The code (and title, unit code) a title-like line states, or None."""
    unit = _UNIT_LINE.match(text)
    if unit is not None:
        return Identity(normalise_code(unit["code"]), unit["title"].strip(), unit["unit"])
    only = _CODE_ONLY.match(text)
    if only is not None:
        return Identity(normalise_code(only["code"]))
    line = _CODE_LINE.match(text)
    if line is not None and not line["title"][0].islower():
        return Identity(normalise_code(line["code"]), line["title"].strip())
    return None


def strip_page_number(title: str) -> str:
    """A running header's title without the page number printed after it."""
    return _PAGE_SUFFIX.sub("", title).strip()


def is_page_number(text: str) -> bool:
    """True for page furniture such as "3", "Page 3" or "Page 3 of 7"."""
    return re.fullmatch(r"(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?", text, re.IGNORECASE) is not None
