"""Recognising the headings that divide a NOS document into regions.

Headings are matched on the whole cleaned line, case-insensitively, with an optional
trailing colon, so "Knowledge and Understanding" (NOS finder) and "Knowledge and
understanding" (Word template) are the same heading, as are "Scope/range related to" and
"Scope/range relating to". A heading starts with a capital: a line "skills" or "values" is
the end of a wrapped criterion ("... their communication / skills"), not a heading.

A Welsh record (the national database keeps one beside each English record) has the same
fields under Welsh headings (`WELSH`), one for each field of the database's record
(shared/data/nos-record-fields.csv): "Trosolwg" (overview), "Meini prawf perfformiad"
(performance criteria), "Rhaid i chi allu" (you must be able to), "Gwybodaeth a
dealltwriaeth" (knowledge and understanding), "Mae angen i chi wybod a deall" (you need to
know and understand), "Cwmpas/ystod" (scope/range) ... A document whose headings are Welsh
is a Welsh record (`is_welsh_heading`); its numbering is P1.., K1.. as in the English one.
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
# Welsh headings, as the Welsh template writes them (case and a final colon aside)
WELSH: dict[str, Region] = {
    "trosolwg": "overview",
    "meini prawf perfformiad": "performance",
    "rhaid i chi allu": "performance",
    "gwybodaeth a dealltwriaeth": "knowledge",
    "mae angen i chi wybod a deall": "knowledge",
    "cwmpas/ystod": "scope",
    "cwmpas/ystod sy'n gysylltiedig â meini prawf perfformiad": "scope-performance",
    "cwmpas/ystod sy’n gysylltiedig â meini prawf perfformiad": "scope-performance",
    "cwmpas/ystod sy'n gysylltiedig â gwybodaeth a dealltwriaeth": "scope-knowledge",
    "cwmpas/ystod sy’n gysylltiedig â gwybodaeth a dealltwriaeth": "scope-knowledge",
    "geirfa": "glossary",
    "gwerthoedd": "values",
    "gwybodaeth ychwanegol": "other",
    "ymddygiadau": "other",
    "sgiliau": "other",
    "dolenni i nos eraill": "other",
    "dolenni i sgc eraill": "other",
    "dolenni allanol": "other",
}
_FIXED.update(WELSH)
_LEAD_INS = (
    "you must be able to",
    "you need to know and understand",
    "rhaid i chi allu",
    "mae angen i chi wybod a deall",
)
_SCOPE = re.compile(r"^scope\s*/\s*range\b(?P<rest>.*)$", re.IGNORECASE)


def _key(text: str) -> str:
    return re.sub(r"\s*/\s*", "/", text.strip().rstrip(":").strip().lower())


def is_welsh_heading(text: str) -> bool:
    """True for a heading of the Welsh record ("Meini prawf perfformiad")."""
    return not text.strip()[:1].islower() and _key(text) in WELSH


def region_of(text: str) -> Region | None:
    """The region a heading line opens, or None if the line is not a heading."""
    if text.strip()[:1].islower():
        return None
    key = _key(text)
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
    """True for "You must be able to:", "You need to know and understand:" (and Welsh)."""
    return _key(text) in _LEAD_INS
