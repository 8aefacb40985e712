"""What makes two imports the same version: the hash of their content.

The content is the title, overview, criteria (reference, text and group), glossary and
values: what a worker or assessor reads (for a qualification unit, also its facts and its
mapping to NOS criteria). The layout a document came in and its metadata
do not count, so the same standard imported from its PDF and from its Word file is one
version.
"""

from __future__ import annotations

import hashlib

import msgspec

from standards.parsed import Criterion, GlossaryEntry, ParsedStandard


class _Content(msgspec.Struct, frozen=True, array_like=True):
    title: str
    overview: str
    criteria: list[tuple[str, str, str, str]]
    glossary: list[GlossaryEntry]
    values: list[str]
    values_intro: str


def content_hash(standard: ParsedStandard, title: str) -> str:
    """A SHA-256 of the standard's readable content, as hex."""
    criteria: list[tuple[str, str, str, str]] = [
        (str(section.kind), c.ref, c.text, c.group)
        for section in standard.sections
        for c in section.criteria
    ]
    content = _Content(
        title,
        standard.overview,
        criteria,
        standard.glossary,
        standard.values,
        standard.values_intro,
    )
    encoded = msgspec.json.encode(content)
    if standard.framework != "nos" or standard.nos_links:  # a unit: its mapping counts too
        encoded += msgspec.json.encode([standard.framework, standard.nos_links, standard.unit])
    return hashlib.sha256(encoded).hexdigest()


def criterion_key(code: str, version: int, criterion: Criterion) -> str:
    """How evidence names a criterion: "SCDHSC0389/2/P3"."""
    return f"{code}/{version}/{criterion.ref}"
