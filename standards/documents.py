"""A standard as devices hold it offline: the current version's criteria and glossary.

The same shape reaches devices two ways: `GET /api/standards` (the standards a person works
with) and the `standard` records of the `library:<organisation>` sync scope (the whole
library the organisation sees). Criterion keys are `CODE/VERSION/REF`, e.g.
`SCDHSC0389/1/P3`, as evidence links them.
"""

from __future__ import annotations

import msgspec

from standards import library


class CriterionOut(msgspec.Struct):
    ref: str
    kind: str
    group: str
    text: str


class TermOut(msgspec.Struct):
    term: str
    definition: str


class StandardOut(msgspec.Struct):
    code: str
    version: int
    title: str
    criteria: list[CriterionOut]
    glossary: list[TermOut]


_versions: dict[tuple[str, int, str], StandardOut] = {}


async def current_document(scope: library.Scope, code: str) -> StandardOut | None:
    """The current version of `code` as this organisation sees it, or None when it sees no
    such standard (a version never changes, so each is built once per process)."""
    try:
        info, number, parsed = await library.show(scope, code)
    except library.LibraryError:
        return None
    key = (code, number, info.title)
    if key not in _versions:
        criteria = [CriterionOut(c.ref, s.kind, s.title or c.group, c.text)
                    for s in parsed.sections for c in s.criteria]
        glossary = [TermOut(g.term, g.definition) for g in parsed.glossary]
        _versions[key] = StandardOut(code, number, info.title, criteria, glossary)
    return _versions[key]


async def library_documents(scope: library.Scope) -> list[StandardOut]:
    """Every standard the organisation sees, each at its current version, by code."""
    infos = await library.list_standards(scope)
    found = [await current_document(scope, info.code) for info in infos]
    return [document for document in found if document is not None]
