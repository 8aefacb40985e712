"""A standard as devices hold it offline: the current version's criteria and glossary, and
which criteria of its other versions live on in it (`carried`).

The same shape reaches devices two ways: `GET /api/standards` (the standards a person works
with) and the `standard` records of the `library:<organisation>` sync scope (the whole
library the organisation sees). Criterion keys are `CODE/VERSION/REF`, e.g.
`SCDHSC0389/1/P3`, as evidence links them (a qualification unit's: `T9000201/1/1.2`).
A version's Welsh text comes with it (`languages["cy"]`), keyed by the same refs.
"""

from __future__ import annotations

import msgspec

from base.errors import NotFound
from standards import library
from standards.diff import carried_refs
from standards.parsed import Criterion, ParsedStandard
from standards.store import translations, version_document


class CriterionOut(msgspec.Struct):
    ref: str
    kind: str
    group: str
    text: str


class TermOut(msgspec.Struct):
    term: str
    definition: str


class LanguageOut(msgspec.Struct):
    """The version in another language: its title and, by ref, each criterion's text and
    group (the same refs as the version's, checked when it was imported)."""

    title: str
    criteria: dict[str, str]
    groups: dict[str, str]
    glossary: list[TermOut] = []


class NosLinkOut(msgspec.Struct):
    ref: str
    code: str
    nos_ref: str


class StandardOut(msgspec.Struct):
    code: str
    version: int
    title: str
    criteria: list[CriterionOut]
    glossary: list[TermOut]
    # "VERSION/REF" of another version's criterion -> the ref it became in this version
    # (the same, renumbered or reworded; removed ones are absent), so that evidence linked
    # to it counts here
    carried: dict[str, str] = {}
    # "nos" or "unit" (a qualification unit: criteria 1.1 ..., kind "assessment")
    framework: str = "nos"
    # language code ("cy") -> the version's text in that language
    languages: dict[str, LanguageOut] = {}
    # a unit's criteria mapped to NOS criteria, as its specification states (or as a
    # mapping table imported for it since states instead)
    nos_links: list[NosLinkOut] = []


_versions: dict[tuple[str, int, str, tuple[int, ...], tuple[str, ...], int], StandardOut] = {}


def _criteria(parsed: ParsedStandard) -> list[Criterion]:
    return [c for section in parsed.sections for c in section.criteria]


async def _carried(code: str, others: list[int], current: ParsedStandard) -> dict[str, str]:
    carried: dict[str, str] = {}
    for other in others:
        document = await version_document(code, other)
        if document is None:
            continue
        for old, new in carried_refs(_criteria(document), _criteria(current)).items():
            carried[f"{other}/{old}"] = new
    return carried


async def current_document(scope: library.Scope, code: str) -> StandardOut | None:
    """The current version of `code` as this organisation sees it, or None when it sees no
    such standard (a version never changes, so each is built once per process)."""
    try:
        info, number, parsed = await library.show(scope, code)
    except NotFound:
        return None
    others = [v.number for v in info.versions if v.number != number]
    languages = await translations(code, number, scope.organisation_id)
    revision = next((v.links_revision for v in info.versions if v.number == number), 0)
    key = (code, number, info.title, tuple(others), tuple(t.content_hash for t in languages),
           revision)
    if key not in _versions:
        carried = await _carried(code, others, parsed)
        _versions[key] = device_document(
            code, number, info.title, parsed, carried,
            {t.language: t.document for t in languages},
        )
    return _versions[key]


def device_document(
    code: str, number: int, title: str, parsed: ParsedStandard,
    carried: dict[str, str] | None = None,
    languages: dict[str, ParsedStandard] | None = None,
) -> StandardOut:
    """A parsed version in the shape devices hold. Pure."""
    criteria = [CriterionOut(c.ref, s.kind, s.title or c.group, c.text)
                for s in parsed.sections for c in s.criteria]
    glossary = [TermOut(g.term, g.definition) for g in parsed.glossary]
    other = {
        language: LanguageOut(
            document.title or title,
            {c.ref: c.text for s in document.sections for c in s.criteria},
            {c.ref: s.title or c.group for s in document.sections for c in s.criteria},
            [TermOut(g.term, g.definition) for g in document.glossary],
        )
        for language, document in sorted((languages or {}).items())
    }
    links = [NosLinkOut(link.ref, link.code, link.nos_ref) for link in parsed.nos_links]
    return StandardOut(code, number, title, criteria, glossary, carried or {}, parsed.framework,
                       other, links)


async def library_documents(scope: library.Scope) -> list[StandardOut]:
    """Every standard the organisation sees, each at its current version, by code."""
    infos = await library.list_standards(scope)
    found = [await current_document(scope, info.code) for info in infos]
    return [document for document in found if document is not None]
