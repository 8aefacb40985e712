"""Parsing a National Occupational Standard from its text.

The rules, in the order they are applied:

1. Clean every line: Word bookmark artefacts ("[bookmark: StartOverview]") removed (their
   names kept as hints), tabs and odd spaces made single spaces, lines stripped. The words
   are otherwise exactly as written: curly quotes, dashes and spelling are kept.
2. Page furniture goes: a line stating the document's code (a running header or footer,
   "SCDHSC0389 Title 3"), a repeated bare title under a code-only header, and bare page
   numbers. The first such header gives the code and title. A title wrapped in a
   qualification unit code, "H5NA 04 (SCDHSC 0021) Support effective communication", gives
   code SCDHSC0021, unit code H5NA 04 and the title.
3. A PDF number column that came out as one block is matched to its texts one for one, or
   the document is refused (see `columns`). A number that lost its space ("P10make") still
   reads as P10.
4. Headings divide the document into regions (see `regions`): overview, criteria,
   scope/range, glossary, values, other. A reference opens the criteria region even without
   a heading; a numbered list under "Performance criteria" or "Knowledge and Understanding"
   is numbered P or K.
5. Criteria: wrapped lines joined, each criterion's group is the heading paragraph above its
   group (see `criteria`). Numbers must run P1..Pn then K1..Kn with none missing, repeated
   or restarting, and at least one of each kind, or the document is refused.
6. Scope/range and glossary sections give terms and notes (see `glossary`); the values
   section gives its introduction and list (see `values`); metadata lines give metadata
   (see `metadata`).
7. The title is the header's title, else the first line before the overview that does not
   end a sentence; the overview is the overview region's text, else the rest of the lines
   before the criteria. A bundled or catalogued code and title can be supplied later: this
   module never reads a file.

8. A document with the Welsh record's headings ("Meini prawf perfformiad", see `headings`)
   is read by the same rules and comes back with `language` "cy".

Any doubt is a `ParseError(code, message, line)`; nothing is returned half-parsed.
"""

from __future__ import annotations

import re

from standards.parse.columns import align_number_columns
from standards.parse.criteria import build_sections
from standards.parse.errors import ParseError
from standards.parse.glossary import read_glossary
from standards.parse.headers import strip_running_headers
from standards.parse.headings import Region, is_welsh_heading
from standards.parse.identity import Identity, looks_like_code, normalise_code
from standards.parse.lines import SENTENCE_END, Line, join_wrapped, split_lines
from standards.parse.regions import Regions, split_regions
from standards.parse.values import read_values
from standards.parsed import GlossaryEntry, Layout, Metadata, Note, ParsedStandard, Scope

_GLUED = re.compile(r"^[PK]\d{1,3}[^\d\s.):]")
_SCOPES: dict[Region, Scope] = {
    "scope-performance": "performance",
    "scope-knowledge": "knowledge",
    "scope": "general",
    "glossary": "glossary",
}
_MAX_TITLE_WORDS = 30


def parse_text(text: str, *, layout: Layout | None = None) -> ParsedStandard:
    """The standard a NOS document's text describes, or a `ParseError` saying why not."""
    lines = split_lines(text)
    if all(line.blank for line in lines):
        raise ParseError("empty", "the document contains no text")
    furniture = strip_running_headers(lines)
    aligned, number_block = align_number_columns(furniture.lines)
    regions = split_regions(aligned)
    sections = build_sections(regions.criteria)
    metadata = _metadata(regions, furniture.identity)
    title, overview, preamble_notes = _title_and_overview(regions, furniture.identity)
    glossary, notes = _scope_sections(regions)
    intro, values = read_values(_lines_of(regions, "values"))
    glued = any(_GLUED.match(line.text) for line in lines)
    pdf_like = furniture.repeated or number_block or glued
    found: Layout = "web" if regions.numbered_lists else "pdf-text" if pdf_like else "word-text"
    return ParsedStandard(
        code=_code(furniture.identity, metadata),
        title=title or None,
        overview=overview,
        sections=sections,
        glossary=glossary,
        values=values,
        values_intro=intro,
        notes=preamble_notes + notes,
        metadata=metadata,
        layout=layout or found,
        language="cy" if any(is_welsh_heading(line.text) for line in lines) else "en",
    )


def _metadata(regions: Regions, identity: Identity | None) -> Metadata:
    fields: dict[str, str] = {}
    for fact, _ in regions.facts:
        fields.setdefault(fact.field, fact.value)
    if identity is not None and identity.unit_code:
        fields.setdefault("unit_code", identity.unit_code)
    return Metadata(**fields)


def _code(identity: Identity | None, metadata: Metadata) -> str | None:
    if identity is not None:
        return identity.code
    if metadata.urn and looks_like_code(metadata.urn):
        return normalise_code(metadata.urn)
    return None


def _title_and_overview(regions: Regions, identity: Identity | None) -> tuple[str, str, list[Note]]:
    preamble = [line for line in regions.preamble if not line.blank]
    title = identity.title if identity is not None else ""
    if not title and preamble and _could_be_title(preamble[0].text):
        title, preamble = preamble[0].text, preamble[1:]
    if regions.overview:
        notes = [Note(line.text, "preamble") for line in preamble]
        return title, join_paragraph(regions.overview), notes
    return title, join_paragraph(preamble), []


def _could_be_title(text: str) -> bool:
    return not text.endswith(SENTENCE_END) and len(text.split()) <= _MAX_TITLE_WORDS


def join_paragraph(lines: list[Line]) -> str:
    """Lines as one text: a new line after a sentence's end, a space inside a sentence."""
    out = ""
    for line in lines:
        if line.blank:
            continue
        if out.endswith(SENTENCE_END):
            out += "\n" + line.text
        else:
            out = join_wrapped(out, line.text)
    return out


def _scope_sections(regions: Regions) -> tuple[list[GlossaryEntry], list[Note]]:
    glossary: list[GlossaryEntry] = []
    notes: list[Note] = []
    for region, heading, lines in regions.sections:
        if region in _SCOPES:
            entries, found = read_glossary(lines, _SCOPES[region])
            glossary += entries
            notes += found
        elif region == "other" and any(not line.blank for line in lines):
            notes.append(Note(join_paragraph(lines), heading))
    return glossary, notes


def _lines_of(regions: Regions, wanted: Region) -> list[Line]:
    return [line for region, _, lines in regions.sections if region == wanted for line in lines]
