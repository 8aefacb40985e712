"""The criteria of a standard, as coverage needs them, from the standards library."""

from __future__ import annotations

from server.assessment.coverage import CriterionRef
from standards import library


async def criteria_of(code: str, organisation_id: int | None) -> list[CriterionRef]:
    """The current version's criteria of `code` as the organisation sees it (empty if unknown).

    Evidence linked to an earlier version's keys (CODE/1/P3) is not counted against a newer
    current version; see docs/assessment.md."""
    try:
        _, number, parsed = await library.show(library.Scope(organisation_id), code)
    except library.LibraryError:
        return []
    return [
        CriterionRef(f"{code}/{number}/{c.ref}", c.ref, section.kind, c.group or section.title,
                     c.text)
        for section in parsed.sections for c in section.criteria
    ]
