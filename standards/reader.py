"""Reading an uploaded document into a standard: extract, parse, then name it.

The only I/O here is reading the bundled catalogue and seeds; callers pass bytes. A code
or title given by the caller wins; else the document's; else, for a document whose
criteria match a bundled seed, the seed's; else the catalogue's title for the code.

The standard comes with its doubts (`standards.parse.doubts`): those of the extractor
(PDF rows shared out by a tie-break), of the criterion texts, and of comparing the title
with the catalogue's and the counts with the bundled standard's of that code.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from standards import bundled, catalogue
from standards.extract import extract_text
from standards.extract.sniff import check_size
from standards.parse import ParseError, parse_text
from standards.parse.doubts import confidence, naming_doubts, text_doubts
from standards.parse.identity import looks_like_code, normalise_code
from standards.parse.units import looks_like_unit, looks_like_unit_code, parse_unit
from standards.parsed import Doubt, ParsedStandard


def read_document(
    data: bytes, filename: str = "", *, code: str | None = None, title: str | None = None
) -> ParsedStandard:
    """The standard in a .txt, .docx or .pdf file's bytes, or a `ParseError`."""
    extracted = extract_text(data, filename)
    parsed = parse_any(extracted.text)
    parsed = msgspec.structs.replace(parsed, layout=extracted.layout or parsed.layout)
    named = name_standard(parsed, code=code, title=title)
    return with_doubts(named, extracted.doubts)


def parse_any(text: str) -> ParsedStandard:
    """A unit specification's text by the unit rules (`parse.units`), any other by the NOS
    rules (which read Welsh records too)."""
    return parse_unit(text) if looks_like_unit(text) else parse_text(text)


class Preview(msgspec.Struct):
    """What an administrator checks before importing: the standard, its counts, its
    doubts (each key must be confirmed to import), each criterion's confidence, and the
    catalogue's title for its code."""

    standard: ParsedStandard
    performance: int
    knowledge: int
    doubts: list[Doubt] = []
    confidence: dict[str, float] = {}
    catalogue_title: str | None = None
    assessment: int = 0  # a unit's assessment criteria (1.1 ...)
    # a record in another language (Welsh): the version it would be the text of, and why
    # importing it would be refused (`translation_mismatch`, no English record), if so
    translation_of: int | None = None
    translation_problem: str | None = None


def preview_of(parsed: ParsedStandard) -> Preview:
    entry = catalogue.lookup(parsed.code) if parsed.code else None
    return Preview(
        parsed,
        len(parsed.criteria("performance")),
        len(parsed.criteria("knowledge")),
        doubts=parsed.doubts,
        confidence=confidence(parsed),
        catalogue_title=entry.title if entry else None,
        assessment=len(parsed.criteria("assessment")),
    )


def with_doubts(parsed: ParsedStandard, found: list[Doubt]) -> ParsedStandard:
    """The standard with every doubt about it: `found` (the extractor's) and the rest.
    A unit is in no catalogue and a Welsh record's title is not the catalogue's (English)
    one, so neither is compared with them (a Welsh record is checked criterion by criterion
    against its English version when it is imported)."""
    if parsed.framework == "unit" or parsed.language != "en":
        return msgspec.structs.replace(parsed, doubts=[*found, *text_doubts(parsed)])
    entry = catalogue.lookup(parsed.code) if parsed.code else None
    seed = next((s for s in bundled.seeds() if s.code == parsed.code), None)
    doubts = [
        *found,
        *text_doubts(parsed),
        *naming_doubts(
            parsed,
            catalogue_title=entry.title if entry else None,
            bundled_counts=(seed.performance, seed.knowledge) if seed else None,
        ),
    ]
    return msgspec.structs.replace(parsed, doubts=doubts)


def name_standard(
    parsed: ParsedStandard, *, code: str | None = None, title: str | None = None
) -> ParsedStandard:
    """The standard with its code and title filled in from what is known."""
    if parsed.framework == "unit":
        if code is not None and not looks_like_unit_code(code.upper()):
            raise ParseError(
                "bad_code",
                f"{code!r} cannot be a unit's code: letters and digits, a letter first, "
                "3 to 16 long (like F6501234)",
            )
        return msgspec.structs.replace(
            parsed, code=code.upper() if code else parsed.code, title=title or parsed.title
        )
    if code is not None and not looks_like_code(code):
        raise ParseError("bad_code", f"{code!r} is not a NOS code (like SCDHSC0389)")
    seed = _matching_seed(parsed)
    found_code = normalise_code(code) if code else parsed.code or (seed.code if seed else None)
    entry = catalogue.lookup(found_code) if found_code else None
    seed_title = seed.title if seed is not None and seed.code == found_code else None
    found_title = title or parsed.title or seed_title
    if found_title is None and entry is not None:
        found_title = entry.title
    return msgspec.structs.replace(parsed, code=found_code, title=found_title)


def _matching_seed(parsed: ParsedStandard) -> bundled.Seed | None:
    if parsed.code is not None and parsed.title is not None:
        return None
    texts = [c.text for c in parsed.criteria()]
    for seed in bundled.seeds():
        if _seed_texts(seed.file) == texts:
            return seed
    return None


_SEED_TEXTS: dict[str, list[str]] = {}


def _seed_texts(file: str) -> list[str]:
    if file not in _SEED_TEXTS:
        seed = next(s for s in bundled.seeds() if s.file == file)
        _SEED_TEXTS[file] = [c.text for c in parse_text(seed.text()).criteria()]
    return _SEED_TEXTS[file]


def read_path(path: Path, *, code: str | None = None, title: str | None = None) -> ParsedStandard:
    """The standard in a file, refusing an oversized one from its size before reading it."""
    check_size(path.stat().st_size)
    return read_document(path.read_bytes(), path.name, code=code, title=title)
