"""Values that describe a parsed National Occupational Standard.

These are plain msgspec Structs: the parser returns them, the store converts them to rows,
the API and the CLI encode them as JSON. Nothing here touches a file or a database.
"""

from __future__ import annotations

from typing import Literal

import msgspec

Kind = Literal["performance", "knowledge", "assessment"]
Framework = Literal["nos", "unit"]
Language = Literal["en", "cy"]
Scope = Literal["performance", "knowledge", "general", "glossary"]
Layout = Literal["word-text", "pdf-text", "web", "docx", "pdf"]


class Criterion(msgspec.Struct, frozen=True):
    """One performance criterion (P3), knowledge statement (K12) or a qualification unit's
    assessment criterion (1.2: learning outcome 1, criterion 2)."""

    ref: str
    text: str
    group: str = ""


class Section(msgspec.Struct, frozen=True):
    """A run of criteria of one kind under one group heading."""

    kind: Kind
    title: str
    criteria: list[Criterion]


class GlossaryEntry(msgspec.Struct, frozen=True):
    """A scope/range or glossary term; `definition` is the text as written, term included."""

    term: str
    definition: str
    scope: Scope = "general"


class Note(msgspec.Struct, frozen=True):
    """Explanatory text in a scope/range or other section that defines no term."""

    text: str
    scope: str = "general"


class Metadata(msgspec.Struct, frozen=True, omit_defaults=True):
    """Whatever header or footer facts the document states, exactly as written."""

    urn: str | None = None
    original_urn: str | None = None
    unit_code: str | None = None
    developed_by: str | None = None
    version: str | None = None
    approved: str | None = None
    review_date: str | None = None
    validity: str | None = None
    status: str | None = None
    originating_organisation: str | None = None
    relevant_occupations: str | None = None
    suite: str | None = None
    keywords: str | None = None


class UnitFacts(msgspec.Struct, frozen=True, omit_defaults=True):
    """What a qualification unit specification states about the unit, exactly as written."""

    reference: str | None = None
    number: str | None = None
    level: str | None = None
    credit: str | None = None
    guided_learning_hours: str | None = None


class NosLink(msgspec.Struct, frozen=True):
    """A unit's assessment criterion (1.2) mapped to a NOS criterion (SCDHSC0031 P3), as the
    unit specification or a mapping table states it."""

    ref: str
    code: str
    nos_ref: str


class Doubt(msgspec.Struct, frozen=True):
    """A reason to check part of a parse against the document before importing it.

    `key` is the criterion's reference ("P3"), or "title" or "counts" for the standard as a
    whole; `reason` a stable code (see `standards.parse.doubts`); `message` a sentence."""

    key: str
    reason: str
    message: str


class ParsedStandard(msgspec.Struct, frozen=True):
    """A whole standard as read from one document."""

    code: str | None
    title: str | None
    overview: str
    sections: list[Section]
    glossary: list[GlossaryEntry]
    values: list[str]
    values_intro: str = ""
    notes: list[Note] = msgspec.field(default_factory=list)
    metadata: Metadata = msgspec.field(default_factory=Metadata)
    layout: Layout = "word-text"
    doubts: list[Doubt] = msgspec.field(default_factory=list)
    # "unit" for a qualification unit (learning outcomes, assessment criteria 1.1 ...)
    framework: Framework = "nos"
    language: Language = "en"
    unit: UnitFacts | None = None
    nos_links: list[NosLink] = msgspec.field(default_factory=list)

    def criteria(self, kind: Kind | None = None) -> list[Criterion]:
        """All criteria in document order, optionally of one kind."""
        return [c for s in self.sections if kind in (None, s.kind) for c in s.criteria]
