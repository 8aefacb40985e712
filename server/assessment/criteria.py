"""The criteria of a standard, as coverage needs them, from the standards library."""

from __future__ import annotations

from server.assessment.coverage import CriterionRef
from standards import library
from standards.documents import current_document


async def criteria_of(code: str, organisation_id: int | None) -> list[CriterionRef]:
    """The current version's criteria of `code` as the organisation sees it (empty if unknown).
    Evidence linked to another version's keys counts through `carried_keys`."""
    try:
        _, number, parsed = await library.show(library.Scope(organisation_id), code)
    except library.LibraryError:
        return []
    return [
        CriterionRef(f"{code}/{number}/{c.ref}", c.ref, section.kind, c.group or section.title,
                     c.text)
        for section in parsed.sections for c in section.criteria
    ]


async def carried_keys(code: str, organisation_id: int | None) -> dict[str, str]:
    """Other versions' criterion keys (CODE/1/P3) -> the current key they live on as
    (CODE/2/P4): the same criterion, renumbered or reworded (standards/diff.py)."""
    document = await current_document(library.Scope(organisation_id), code)
    if document is None:
        return {}
    return {f"{code}/{old}": f"{code}/{document.version}/{ref}"
            for old, ref in document.carried.items()}
