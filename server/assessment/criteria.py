"""The criteria of a standard, as coverage needs them, from the standards library."""

from __future__ import annotations

import msgspec

from server.assessment.coverage import CriterionRef, UnitLinks, mapped_keys
from standards import library
from standards.documents import current_document


class StandardCriteria(msgspec.Struct, frozen=True):
    criteria: list[CriterionRef]
    # other versions' criterion keys (CODE/1/P3) -> the current key they live on as
    # (CODE/2/P4): the same criterion, renumbered or reworded (standards/diff.py)
    carried: dict[str, str]


async def criteria_of(code: str, organisation_id: int | None) -> StandardCriteria:
    """The current version's criteria of `code` as the organisation sees it (none if
    unknown), in the same shape phones get (`standards.documents`), built once per version
    and process."""
    document = await current_document(library.Scope(organisation_id), code)
    if document is None:
        return StandardCriteria([], {})
    prefix = f"{code}/{document.version}"
    return StandardCriteria(
        [CriterionRef(f"{prefix}/{c.ref}", c.ref, c.kind, c.group, c.text)
         for c in document.criteria],
        {f"{code}/{old}": f"{prefix}/{ref}" for old, ref in document.carried.items()},
    )


async def unit_links_to(
    code: str, organisation_id: int | None, evidence_keys: list[str]
) -> dict[str, list[str]]:
    """Unit criterion keys found in `evidence_keys` -> the keys of `code`'s current criteria
    their units map them to (none when `code` is not a NOS in the library)."""
    scope = library.Scope(organisation_id)
    nos = await current_document(scope, code)
    if nos is None or nos.framework != "nos":
        return {}
    units = []
    for other in sorted({key.split("/", 1)[0] for key in evidence_keys} - {code}):
        document = await current_document(scope, other)
        if document is None or document.framework != "unit" or not document.nos_links:
            continue
        units.append(UnitLinks(
            other, document.version,
            [(link.ref, link.code, link.nos_ref) for link in document.nos_links],
            {f"{other}/{old}": ref for old, ref in document.carried.items()},
        ))
    return mapped_keys(code, nos.version, [c.ref for c in nos.criteria], units)
