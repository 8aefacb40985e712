"""Recognising metadata lines: "Developed by: ...", "URN: ...", "Version Number 2" ...

The NOS finder writes "Key: value"; the PDF and Word templates put the key and value in the
two cells of a table row, which reach us as "Key value" on one line or as the key on one line
and the value on the next. A key without a colon is only trusted where metadata is expected
(before the overview, or after other metadata), except for keys of several words, which do
not open ordinary sentences.
"""

from __future__ import annotations

import re

import msgspec

FIELDS: dict[str, str] = {
    "urn": "urn",
    "nos urn": "urn",
    "unique reference number": "urn",
    "nos code": "urn",
    "original urn": "original_urn",
    "original urns": "original_urn",
    "developed by": "developed_by",
    "version": "version",
    "version number": "version",
    "version no": "version",
    "date approved": "approved",
    "approved on": "approved",
    "approval date": "approved",
    "approved": "approved",
    "indicative review date": "review_date",
    "review date": "review_date",
    "validity": "validity",
    "status": "status",
    "originating organisation": "originating_organisation",
    "relevant occupations": "relevant_occupations",
    "suite": "suite",
    "suites": "suite",
    "business sectors (suites)": "suite",
    "business sector (suite)": "suite",
    "keywords": "keywords",
    # the Welsh record's keys
    "urn gwreiddiol": "original_urn",
    "datblygwyd gan": "developed_by",
    "rhif y fersiwn": "version",
    "fersiwn": "version",
    "dyddiad cymeradwyo": "approved",
    "dyddiad adolygu dangosol": "review_date",
    "dilysrwydd": "validity",
    "statws": "status",
    "sefydliad cychwynnol": "originating_organisation",
    "galwedigaethau perthnasol": "relevant_occupations",
    "cyfres": "suite",
    "geiriau allweddol": "keywords",
}
_KEYS = "|".join(re.escape(k) for k in sorted(FIELDS, key=len, reverse=True))
_LINE = re.compile(rf"^(?P<key>{_KEYS})\.?(?P<colon>\s*:)?(?:\s+|$)(?P<value>.*)$", re.IGNORECASE)


class Fact(msgspec.Struct, frozen=True):
    """One metadata field and its value ("" when the value is on the next line)."""

    field: str
    value: str


def fact_of(text: str, *, expected: bool) -> Fact | None:
    """The metadata fact a line states, or None.

    `expected` says whether the line sits where metadata is expected; elsewhere only
    "Key: value" and keys of several words are believed.
    """
    match = _LINE.match(text)
    if match is None:
        return None
    key = match["key"].lower()
    value = match["value"].strip()
    believed = expected or match["colon"] is not None or " " in key
    if not believed:
        return None
    if value and value[0].islower() and match["colon"] is None:
        return None
    return Fact(FIELDS[key], _tidy(FIELDS[key], value))


def _tidy(field: str, value: str) -> str:
    if field in ("suite", "keywords", "relevant_occupations"):
        return "; ".join(part.strip() for part in value.split(";") if part.strip())
    return value
