"""The national NOS catalogue (2019 export): titles, suites and developers by code.

Read once from the copy bundled in `standards/data/`. Used to give a title to a document
that states only its code, and to recognise a catalogued code mentioned in a document.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import resources

import msgspec

from standards.parse.identity import normalise_code

_CODE_IN_TEXT = re.compile(r"\b[A-Z][A-Z&]{3,9} ?\d{1,5}[A-Z]?\b")


class CatalogueEntry(msgspec.Struct, frozen=True):
    """One row of the catalogue."""

    code: str
    title: str
    original_urn: str
    developed_by: str
    suites: list[str]
    validity: str
    keywords: list[str]


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,]", value) if part.strip()]


@lru_cache(maxsize=1)
def entries() -> dict[str, CatalogueEntry]:
    """Every catalogued standard by code."""
    raw = resources.files("standards.data").joinpath("nos-catalogue-2019.csv").read_text("utf-8")
    out: dict[str, CatalogueEntry] = {}
    for row in csv.DictReader(io.StringIO(raw)):
        code = normalise_code(row["URN"])
        out[code] = CatalogueEntry(
            code=code,
            title=row["NOS Title"].strip(),
            original_urn=row["Original URN"].strip(),
            developed_by=row["Developed By"].strip(),
            suites=[s.strip() for s in row["Suite"].split(";") if s.strip()],
            validity=row["Validity"].strip(),
            keywords=_split(row["Keywords"]),
        )
    return out


def lookup(code: str) -> CatalogueEntry | None:
    """The catalogue entry for `code` ("SCDHSC 0389" and "scdhsc0389" both work)."""
    return entries().get(normalise_code(code))


def codes_in(text: str) -> list[str]:
    """Catalogued codes mentioned in `text`, most mentioned first."""
    counts: dict[str, int] = {}
    for match in _CODE_IN_TEXT.finditer(text):
        code = normalise_code(match.group())
        if code in entries():
            counts[code] = counts.get(code, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])
