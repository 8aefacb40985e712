"""The standards library service: import, list, show, diff, mark, search, bundled seeds.

Parsing is pure (`standards.reader`); this module stores and reads. An import happens in
one transaction: the standard row (identity = code), then a new version only if the
content hash is new. The search index is built per process from the current versions and
rebuilt when the library has changed since (one cheap query per search tells).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import msgspec
from tortoise.transactions import in_transaction

from base.clock import system_clock
from base.errors import Conflict, Invalid, NotAllowed, NotFound
from standards import bundled, catalogue
from standards.diff import CriteriaDiff, diff_criteria
from standards.mapping import MappingProblem, read_mapping
from standards.parse import parse_text
from standards.parse.doubts import unconfirmed
from standards.parsed import NosLink, ParsedStandard
from standards.search import Hit, SearchIndex
from standards.store import (
    CURRENT,
    LEGACY,
    StandardInfo,
    add_version,
    find_standard,
    library_generation,
    put_translation,
    replace_links,
    search_entries,
    set_status,
    standard_infos,
    version_document,
    visible,
)
from standards.store import (
    translations as store_translations,
)
from standards.versions import content_hash

STATUSES = (CURRENT, LEGACY)


class ImportResult(msgspec.Struct, frozen=True):
    code: str
    title: str
    version: int
    created: bool
    performance: int
    knowledge: int
    # "unit": a qualification unit (its criteria counted in `assessment`); `language` "cy":
    # the Welsh text of version `version` was stored, not a new version
    framework: str = "nos"
    language: str = "en"
    assessment: int = 0
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
    version: int | None = None,
    make_current: bool = True,
) -> ImportResult:
    """Store a parsed standard: a new version if its content is new, else nothing.

    Without `make_current` the new version is stored as legacy in the same transaction, so
    the current version never changes, not even for a moment (devices syncing meanwhile
    keep the criteria text they map evidence to); a standard's first version is current.

    Refused (`uncertain_layout`) while the parse has doubts nobody confirmed: `confirm`
    holds the keys ("P3", "title", "counts") a person checked, or "all". A Welsh record
    is stored as the Welsh text of version `version` (default: the current one) of the
    standard of its code (`import_translation`)."""
    _refuse_doubts(parsed, confirm)
    parsed = msgspec.structs.replace(parsed, doubts=[])
    if parsed.language != "en":
        return await import_translation(
            parsed,
            organisation_id=organisation_id,
            source_name=source_name,
            now=now,
            version=version,
        )
    if parsed.code is None:
        what = "unit reference (or code)" if parsed.framework == "unit" else "NOS code"
        raise Invalid("code_unknown", f"The document states no {what}; give one.")
    title = parsed.title or ""
    if not title:
        raise Invalid("title_unknown", f"No title is known for {parsed.code}; give one.")
    digest = content_hash(parsed, title)
    moment = now or system_clock()
    async with in_transaction():
        standard = await find_standard(parsed.code)
        if standard is None:
            standard = await _create_standard(parsed, title, organisation_id, bundled_seed, moment)
        elif standard.organisation_id != organisation_id:
            owner = (
                "the shared library" if standard.organisation_id is None else "another organisation"
            )
            raise Conflict(
                "standard_owned_elsewhere",
                f"{parsed.code} belongs to {owner}; only its owner can import a new version.",
            )
        elif standard.framework != parsed.framework:
            raise Conflict(
                "framework_differs",
                f"{parsed.code} is in the library as a {_FRAMEWORK_WORDS[standard.framework]}; "
                f"this document is a {_FRAMEWORK_WORDS[parsed.framework]}.",
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


_FRAMEWORK_WORDS = {"nos": "National Occupational Standard", "unit": "qualification unit"}
_LANGUAGE_WORDS = {"cy": "Welsh", "en": "English"}


def _refuse_doubts(parsed: ParsedStandard, confirm: Iterable[str]) -> None:
    left = unconfirmed(parsed.doubts, confirm)
    if left:
        keys = list(dict.fromkeys(doubt.key for doubt in left))
        raise Invalid(
            "uncertain_layout",
            f"The document was read, but {len(keys)} part(s) of it are in doubt "
            f"({', '.join(keys[:12])}{' ...' if len(keys) > 12 else ''}): check them against "
            "the document and confirm them to import it.",
            detail={"doubts": msgspec.to_builtins(left), "keys": keys},
        )


async def import_translation(
    parsed: ParsedStandard,
    *,
    organisation_id: int | None = None,
    source_name: str = "",
    now: datetime | None = None,
    version: int | None = None,
) -> ImportResult:
    """Store a record in another language (Welsh) as the text of a version of the standard
    of its code, for `organisation_id` (None: the shared library). Its criteria must be the
    version's, reference for reference, or it is refused (`translation_mismatch`, saying
    which): a text is never moved to another criterion."""
    language = _LANGUAGE_WORDS.get(parsed.language, parsed.language)
    if parsed.code is None:
        raise Invalid("code_unknown", f"The {language} record states no NOS code; give one.")
    scope = Scope(organisation_id)
    try:
        info, number, english = await show(scope, parsed.code, version)
    except NotFound as error:
        if error.code != "standard_not_found":
            raise
        raise NotFound(
            error.code,
            f"{error.message} Import the English record first: the {language} text is stored "
            "beside a version of it.",
        ) from error
    mismatch = translation_mismatch(english, parsed)
    if mismatch is not None:
        raise Invalid(
            "translation_mismatch",
            f"The {language} record does not match {parsed.code} version {number} criterion "
            f"by criterion: {mismatch['message']}. Nothing was stored.",
            detail={k: v for k, v in mismatch.items() if k != "message"} | {"version": number},
        )
    title = parsed.title or ""
    if not title:
        raise Invalid("title_unknown", f"The {language} record of {parsed.code} states no title.")
    async with in_transaction():
        created = await put_translation(
            info.code,
            number,
            parsed,
            organisation_id=organisation_id,
            content_hash=content_hash(parsed, title),
            title=title,
            source_name=source_name,
            now=now or system_clock(),
        )
    return ImportResult(
        code=info.code,
        title=title,
        version=number,
        created=created,
        performance=len(parsed.criteria("performance")),
        knowledge=len(parsed.criteria("knowledge")),
        framework=info.framework,
        language=parsed.language,
    )


async def translation_check(
    scope: Scope, parsed: ParsedStandard, version: int | None = None
) -> tuple[int | None, str | None]:
    """For a preview: the version a record in another language would be stored beside, and
    why it would be refused (None when it would not be)."""
    if parsed.code is None:
        return None, "The record states no NOS code."
    try:
        _, number, english = await show(scope, parsed.code, version)
    except NotFound as error:
        return None, error.message
    mismatch = translation_mismatch(english, parsed)
    return number, None if mismatch is None else (
        f"It does not match {parsed.code} version {number} criterion by criterion: "
        f"{mismatch['message']}."
    )


def translation_mismatch(english: ParsedStandard, other: ParsedStandard) -> dict[str, Any] | None:
    """Why `other` cannot be the text of `english` criterion by criterion (the references
    missing from it, those it has that the English has not, each kind's counts), or None.
    Pure."""
    ours = [c.ref for c in english.criteria()]
    theirs = [c.ref for c in other.criteria()]
    if ours == theirs:
        return None
    missing = [ref for ref in ours if ref not in set(theirs)]
    extra = [ref for ref in theirs if ref not in set(ours)]
    counts = {
        kind: [len(english.criteria(kind)), len(other.criteria(kind))]
        for kind in ("performance", "knowledge", "assessment")
        if english.criteria(kind) or other.criteria(kind)
    }
    parts = []
    if missing:
        parts.append(f"{_refs(missing)} {'has' if len(missing) == 1 else 'have'} no text in it")
    if extra:
        parts.append(f"it has {_refs(extra)}, which the English version has not")
    if not parts:
        parts.append("its criteria come in another order")
    words = "; ".join(
        f"{kind}: {n} in English, {m} in it" for kind, (n, m) in counts.items() if n != m
    )
    message = "; ".join(parts) + (f" ({words})" if words else "")
    return {"message": message, "missing": missing, "extra": extra, "counts": counts}


def _refs(refs: list[str]) -> str:
    shown = ", ".join(refs[:10])
    return shown + (f" and {len(refs) - 10} more" if len(refs) > 10 else "")


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
        framework=parsed.framework,
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
        framework=parsed.framework,
        assessment=len(parsed.criteria("assessment")),
        current=current,
    )


async def list_standards(scope: Scope) -> list[StandardInfo]:
    return await standard_infos(visible(scope.organisation_id, everything=scope.everything))


async def standard_info(scope: Scope, code: str) -> StandardInfo:
    found = await standard_infos(visible(scope.organisation_id, everything=scope.everything), code)
    if not found:
        raise NotFound("standard_not_found", f"No standard {code} in the library.")
    return found[0]


async def show(
    scope: Scope, code: str, version: int | None = None
) -> tuple[StandardInfo, int, ParsedStandard]:
    """A standard's info, the version shown (default: current, else latest) and its content."""
    info = await standard_info(scope, code)
    number = version or info.current or info.versions[-1].number
    document = await version_document(code, number)
    if document is None:
        raise NotFound("version_not_found", f"{code} has no version {number}.")
    return info, number, document


async def translations(scope: Scope, code: str, number: int) -> dict[str, ParsedStandard]:
    """The version's texts in other languages that the organisation sees, by language."""
    found = await store_translations(code, number, scope.organisation_id)
    return {t.language: t.document for t in found}


async def diff(
    scope: Scope, code: str, old: int | None = None, new: int | None = None
) -> tuple[int, int, CriteriaDiff]:
    """Criteria changes between two versions (default: the latest two)."""
    info = await standard_info(scope, code)
    numbers = [v.number for v in info.versions]
    if len(numbers) < 2 and (old is None or new is None):
        raise Conflict(
            "single_version", f"{code} has only one version; nothing to compare."
        )
    new = new or numbers[-1]
    old = old or max((n for n in numbers if n < new), default=numbers[0])
    _, _, before = await show(scope, code, old)
    _, _, after = await show(scope, code, new)
    return old, new, diff_criteria(before.criteria(), after.criteria())


async def mark(scope: Scope, code: str, version: int, status: str) -> None:
    """Mark a version current (the others become legacy) or legacy."""
    if status not in STATUSES:
        raise Invalid("bad_status", "The status must be current or legacy.")
    info = await standard_info(scope, code)
    if info.organisation_id != scope.organisation_id and not scope.everything:
        raise NotAllowed("forbidden", "Only the operator can change the shared library.")
    if not await set_status(code, version, status):
        raise NotFound("version_not_found", f"{code} has no version {version}.")
    _INDEX.clear()


class MappingPreview(msgspec.Struct, frozen=True):
    """What a mapping table would do to a unit's version: its links (none when any row has
    a problem), every row's problem, and the links the version has now."""

    code: str
    version: int
    links: list[NosLink]
    problems: list[MappingProblem]
    replaces: list[NosLink]


async def preview_mapping(
    scope: Scope, code: str, lines: list[list[str]], version: int | None = None
) -> MappingPreview:
    """Check a mapping table (CSV cells: `unit_ref,nos_code,nos_ref`) for version `version`
    (default: the current one) of the unit `code`, storing nothing. Only the unit's owner
    organisation may map it (`standard_owned_elsewhere`); a NOS is refused (`not_a_unit`)."""
    info, number, unit = await show(scope, code, version)
    if info.framework != "unit":
        raise Conflict(
            "not_a_unit",
            f"{info.code} is a National Occupational Standard; a mapping table maps a "
            "qualification unit's criteria to NOS criteria.",
        )
    if info.organisation_id is None or info.organisation_id != scope.organisation_id:
        raise Conflict(
            "standard_owned_elsewhere",
            f"{info.code} belongs to "
            f"{'the shared library' if info.organisation_id is None else 'another organisation'};"
            " only its owner can map it.",
        )
    nos: dict[str, set[str]] = {}
    for other in await list_standards(scope):
        if other.framework == "nos" and other.current is not None:
            document = await version_document(other.code, other.current)
            if document is not None:
                nos[other.code] = {c.ref for c in document.criteria()}
    read = read_mapping(lines, {c.ref for c in unit.criteria()}, nos)
    return MappingPreview(info.code, number, read.links, read.problems, unit.nos_links)


async def import_mapping(
    scope: Scope, code: str, lines: list[list[str]], version: int | None = None
) -> MappingPreview:
    """Replace the NOS mapping of the unit's version with the table's, in one transaction;
    refused (`csv_problems`, each row's problem in `detail.problems`) when any row has a
    problem, storing nothing. Devices get the new mapping at their next sync."""
    async with in_transaction():  # checked and stored against the same library
        checked = await preview_mapping(scope, code, lines, version)
        if checked.problems:
            raise Invalid(
                "csv_problems",
                f"Nothing was stored: {len(checked.problems)} row(s) of the mapping table need "
                "fixing.",
                detail={"problems": msgspec.to_builtins(checked.problems)},
            )
        await replace_links(checked.code, checked.version, checked.links)
    _INDEX.clear()
    return checked


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
