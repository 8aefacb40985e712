"""The standards library service: import, list, show, diff, mark, search, bundled seeds.

Parsing is pure (`standards.reader`); this module stores and reads. An import happens in
one transaction: the standard row (identity = code), then a new version only if the
content hash is new. The search index is built per process from the current versions and
rebuilt when the library has changed since (one cheap query per search tells).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import msgspec
from tortoise.transactions import in_transaction

from standards import bundled, catalogue
from standards.diff import CriteriaDiff, diff_criteria
from standards.model import ParsedStandard
from standards.parse import parse_text
from standards.parse.doubts import unconfirmed
from standards.search import Hit, SearchIndex
from standards.store import (
    CURRENT,
    LEGACY,
    StandardInfo,
    add_version,
    find_standard,
    library_generation,
    search_entries,
    set_status,
    standard_infos,
    version_document,
    visible,
)
from standards.versions import content_hash

STATUSES = (CURRENT, LEGACY)


class LibraryError(Exception):
    """A request the library refuses: `code` is stable, `message` for people, `detail`
    what a screen needs to show (for `uncertain_layout`, the doubts left)."""

    def __init__(
        self, status: int, code: str, message: str, detail: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail


class ImportResult(msgspec.Struct, frozen=True):
    code: str
    title: str
    version: int
    created: bool
    performance: int
    knowledge: int
    current: bool = True  # whether the version is now the current one


class Scope(msgspec.Struct, frozen=True):
    """Whose library: an organisation's members see the shared library and their own."""

    organisation_id: int | None = None
    everything: bool = False


async def import_standard(
    parsed: ParsedStandard,
    *,
    organisation_id: int | None = None,
    source_name: str = "",
    bundled_seed: bool = False,
    now: datetime | None = None,
    confirm: Iterable[str] = (),
    make_current: bool = True,
) -> ImportResult:
    """Store a parsed standard: a new version if its content is new, else nothing.

    Without `make_current` the new version is stored as legacy in the same transaction, so
    the current version never changes, not even for a moment (devices syncing meanwhile
    keep the criteria text they map evidence to); a standard's first version is current.

    Refused (`uncertain_layout`) while the parse has doubts nobody confirmed: `confirm`
    holds the keys ("P3", "title", "counts") a person checked, or "all"."""
    left = unconfirmed(parsed.doubts, confirm)
    if left:
        keys = list(dict.fromkeys(doubt.key for doubt in left))
        raise LibraryError(
            422,
            "uncertain_layout",
            f"The document was read, but {len(keys)} part(s) of it are in doubt "
            f"({', '.join(keys[:12])}{' ...' if len(keys) > 12 else ''}): check them against "
            "the document and confirm them to import it.",
            detail={"doubts": msgspec.to_builtins(left), "keys": keys},
        )
    parsed = msgspec.structs.replace(parsed, doubts=[])
    if parsed.code is None:
        raise LibraryError(422, "code_unknown", "The document states no NOS code; give one.")
    title = parsed.title or ""
    if not title:
        raise LibraryError(422, "title_unknown", f"No title is known for {parsed.code}; give one.")
    digest = content_hash(parsed, title)
    moment = now or datetime.now(UTC)
    async with in_transaction():
        standard = await find_standard(parsed.code)
        if standard is None:
            standard = await _create_standard(parsed, title, organisation_id, bundled_seed, moment)
        elif standard.organisation_id != organisation_id:
            owner = (
                "the shared library" if standard.organisation_id is None else "another organisation"
            )
            raise LibraryError(
                409,
                "standard_owned_elsewhere",
                f"{parsed.code} belongs to {owner}; only its owner can import a new version.",
            )
        existing = await standard.versions.filter(content_hash=digest).first()
        if existing is not None:
            return _result(
                parsed, title, existing.number, created=False, current=existing.status == CURRENT
            )
        number = await add_version(
            standard,
            parsed,
            content_hash=digest,
            title=title,
            source_name=source_name,
            now=moment,
            current=make_current,
        )
        stored = await standard.versions.filter(number=number).first()
        is_current = stored is not None and stored.status == CURRENT
        if is_current:
            standard.title = title
            await standard.save(update_fields=["title"])
    _INDEX.clear()
    return _result(parsed, title, number, created=True, current=is_current)


async def _create_standard(
    parsed: ParsedStandard, title: str, organisation_id: int | None, seed: bool, now: datetime
) -> Any:
    from standards.models import Standard

    entry = catalogue.lookup(parsed.code or "")
    suite = parsed.metadata.suite or ("; ".join(entry.suites) if entry else "")
    return await Standard.create(
        code=parsed.code,
        title=title,
        suite=suite[:300],
        organisation_id=organisation_id,
        bundled=seed,
        created_at=now,
    )


def _result(
    parsed: ParsedStandard, title: str, number: int, *, created: bool, current: bool
) -> ImportResult:
    return ImportResult(
        code=parsed.code or "",
        title=title,
        version=number,
        created=created,
        performance=len(parsed.criteria("performance")),
        knowledge=len(parsed.criteria("knowledge")),
        current=current,
    )


async def list_standards(scope: Scope) -> list[StandardInfo]:
    return await standard_infos(visible(scope.organisation_id, everything=scope.everything))


async def standard_info(scope: Scope, code: str) -> StandardInfo:
    found = await standard_infos(visible(scope.organisation_id, everything=scope.everything), code)
    if not found:
        raise LibraryError(404, "standard_not_found", f"No standard {code} in the library.")
    return found[0]


async def show(
    scope: Scope, code: str, version: int | None = None
) -> tuple[StandardInfo, int, ParsedStandard]:
    """A standard's info, the version shown (default: current, else latest) and its content."""
    info = await standard_info(scope, code)
    number = version or info.current or info.versions[-1].number
    document = await version_document(code, number)
    if document is None:
        raise LibraryError(404, "version_not_found", f"{code} has no version {number}.")
    return info, number, document


async def diff(
    scope: Scope, code: str, old: int | None = None, new: int | None = None
) -> tuple[int, int, CriteriaDiff]:
    """Criteria changes between two versions (default: the latest two)."""
    info = await standard_info(scope, code)
    numbers = [v.number for v in info.versions]
    if len(numbers) < 2 and (old is None or new is None):
        raise LibraryError(
            409, "single_version", f"{code} has only one version; nothing to compare."
        )
    new = new or numbers[-1]
    old = old or max((n for n in numbers if n < new), default=numbers[0])
    _, _, before = await show(scope, code, old)
    _, _, after = await show(scope, code, new)
    return old, new, diff_criteria(before.criteria(), after.criteria())


async def mark(scope: Scope, code: str, version: int, status: str) -> None:
    """Mark a version current (the others become legacy) or legacy."""
    if status not in STATUSES:
        raise LibraryError(422, "bad_status", "The status must be current or legacy.")
    await standard_info(scope, code)
    if not await set_status(code, version, status):
        raise LibraryError(404, "version_not_found", f"{code} has no version {version}.")
    _INDEX.clear()


_INDEX: dict[str, Any] = {}


async def search(scope: Scope, query: str, limit: int = 20) -> list[Hit]:
    """Criteria of current versions matching `query`, best first, among visible standards."""
    generation = await library_generation()
    if _INDEX.get("generation") != generation:
        entries, glossaries = await search_entries()
        _INDEX["index"] = SearchIndex(entries, glossaries)
        _INDEX["generation"] = generation
    index: SearchIndex = _INDEX["index"]
    codes = {info.code for info in await list_standards(scope)}
    hits = [hit for hit in index.search(query, limit=limit * 4) if hit.entry.code in codes]
    return hits[:limit]


async def ensure_bundled_standards(settings: object = None) -> int:
    """Load the five bundled seeds if missing (idempotent); how many were added."""
    added = 0
    for seed in bundled.seeds():
        parsed = msgspec.structs.replace(parse_text(seed.text()), code=seed.code, title=seed.title)
        standard = await find_standard(seed.code)
        if standard is not None:
            continue
        result = await import_standard(parsed, source_name=seed.file, bundled_seed=True)
        added += int(result.created)
    return added
