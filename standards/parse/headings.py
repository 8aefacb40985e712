"""Recognising the headings that divide a NOS document into regions.

Headings are matched on the whole cleaned line, case-insensitively, with an optional
trailing colon, so "Knowledge and Understanding" (NOS finder) and "Knowledge and
understanding" (Word template) are the same heading, as are "Scope/range related to" and
"Scope/range relating to". A heading starts with a capital: a line "skills" or "values" is
the end of a wrapped criterion ("... their communication / skills"), not a heading.
"""

from __future__ import annotations

import re
from typing import Literal

Region = Literal[
    "overview",
    "performance",
    "knowledge",
    "scope-performance",
    "scope-knowledge",
    "scope",
    "glossary",
    "values",
    "other",
]

_FIXED: dict[str, Region] = {
    "overview": "overview",
    "performance criteria": "performance",
    "you must be able to": "performance",
    "knowledge and understanding": "knowledge",
    "you need to know and understand": "knowledge",
    "glossary": "glossary",
    "values": "values",
    "additional information": "other",
    "behaviours": "other",
    "skills": "other",
    "links to other nos": "other",
    "external links": "other",
}
_SCOPE = re.compile(r"^scope\s*/\s*range\b(?P<rest>.*)$", re.IGNORECASE)


def region_of(text: str) -> Region | None:
    """The region a heading line opens, or None if the line is not a heading."""
    if text.strip()[:1].islower():
        return None
    key = text.strip().rstrip(":").strip().lower()
    if key in _FIXED:
        return _FIXED[key]
    scope = _SCOPE.match(key)
    if scope is None or len(key) > 80:
        return None
    rest = scope.group("rest")
    if "performance" in rest:
        return "scope-performance"
    if "knowledge" in rest:
        return "scope-knowledge"
    return "scope"


def is_lead_in(text: str) -> bool:
    """True for "You must be able to:" and "You need to know and understand:"."""
    return text.strip().rstrip(":").strip().lower() in (
        "you must be able to",
        "you need to know and understand",
    )
