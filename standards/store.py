"""Reading and writing the library's rows. Rows never leave this module: callers get structs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from tortoise import connections
from tortoise.expressions import Q

from standards.models import (
    LibraryCriterion,
    LibraryTerm,
    Standard,
    StandardTranslation,
    StandardVersion,
)
from standards.parsed import NosLink, ParsedStandard
from standards.search import Entry, Term

CURRENT = "current"
LEGACY = "legacy"


class VersionInfo(msgspec.Struct, frozen=True):
    number: int
    status: str
    content_hash: str
    layout: str
    source_name: str
    imported_at: datetime
    links_revision: int = 0


class StandardInfo(msgspec.Struct, frozen=True):
    code: str
    title: str
    suite: str
    bundled: bool
    organisation_id: int | None
    versions: list[VersionInfo]
    framework: str = "nos"

    @property
    def current(self) -> int | None:
        return next((v.number for v in reversed(self.versions) if v.status == CURRENT), None)


def visible(organisation_id: int | None, *, everything: bool = False) -> Q:
    """Standards a member of `organisation_id` sees: the shared library and their own."""
    if everything:
        return Q()
    if organisation_id is None:
        return Q(organisation_id=None)
    return Q(organisation_id=None) | Q(organisation_id=organisation_id)


async def find_standard(code: str) -> Standard | None:
    return await Standard.filter(code=code).first()


async def standard_infos(query: Q, code: str | None = None) -> list[StandardInfo]:
    rows = Standard.filter(query).order_by("code")
    if code is not None:
        rows = rows.filter(code=code)
    out = []
    for standard in await rows.prefetch_related("versions"):
        versions = sorted(standard.versions, key=lambda v: v.number)
        out.append(
            StandardInfo(
                standard.code,
                standard.title,
                standard.suite,
                standard.bundled,
                standard.organisation_id,
                [msgspec.convert(v, VersionInfo, from_attributes=True) for v in versions],
                standard.framework,
            )
        )
    return out


async def version_document(code: str, number: int) -> ParsedStandard | None:
    row = await StandardVersion.filter(standard__code=code, number=number).first()
    return None if row is None else msgspec.json.decode(row.document, type=ParsedStandard)


async def add_version(
    standard: Standard,
    parsed: ParsedStandard,
    *,
    content_hash: str,
    title: str,
    source_name: str,
    now: datetime,
    current: bool = True,
) -> int:
    """Store a new version (the caller holds the transaction). With `current` it becomes
    the current one and older ones legacy; without, it is stored as legacy and the current
    version stays current (unless the standard has none: then the new one is current)."""
    latest = await StandardVersion.filter(standard=standard).order_by("-number").first()
    number = 1 if latest is None else latest.number + 1
    if not current and not await StandardVersion.filter(standard=standard, status=CURRENT).exists():
        current = True
    if current:
        await StandardVersion.filter(standard=standard, status=CURRENT).update(status=LEGACY)
    version = await StandardVersion.create(
        standard=standard,
        number=number,
        content_hash=content_hash,
        status=CURRENT if current else LEGACY,
        title=title,
        layout=parsed.layout,
        source_name=source_name[:300],
        document=msgspec.json.encode(parsed).decode(),
        imported_at=now,
    )
    await LibraryCriterion.bulk_create(
        [
            LibraryCriterion(
                version=version,
                position=i,
                ref=c.ref,
                kind=section.kind,
                group=c.group,
                text=c.text,
            )
            for i, (section, c) in enumerate((s, c) for s in parsed.sections for c in s.criteria)
        ]
    )
    await LibraryTerm.bulk_create(
        [
            LibraryTerm(
                version=version,
                position=i,
                term=g.term[:300],
                definition=g.definition,
                scope=g.scope,
            )
            for i, g in enumerate(parsed.glossary)
        ]
    )
    return number


class TranslationInfo(msgspec.Struct, frozen=True):
    """A version's text in another language, as one organisation sees it."""

    language: str
    title: str
    content_hash: str
    organisation_id: int | None
    document: ParsedStandard


def _visible_translations(organisation_id: int | None) -> Q:
    if organisation_id is None:
        return Q(organisation_id=None)
    return Q(organisation_id=None) | Q(organisation_id=organisation_id)


async def translations(
    code: str, number: int, organisation_id: int | None
) -> list[TranslationInfo]:
    """The version's texts in other languages that `organisation_id` sees, by language; an
    organisation's own translation wins over the shared library's."""
    rows = await StandardTranslation.filter(
        _visible_translations(organisation_id), version__standard__code=code, version__number=number
    ).order_by("language", "id")
    chosen: dict[str, StandardTranslation] = {}
    for row in rows:
        if row.language not in chosen or row.organisation_id is not None:
            chosen[row.language] = row
    return [
        TranslationInfo(
            row.language,
            row.title,
            row.content_hash,
            row.organisation_id,
            msgspec.json.decode(row.document, type=ParsedStandard),
        )
        for row in chosen.values()
    ]


async def put_translation(
    code: str,
    number: int,
    parsed: ParsedStandard,
    *,
    organisation_id: int | None,
    content_hash: str,
    title: str,
    source_name: str,
    now: datetime,
) -> bool:
    """Store the version's text in `parsed.language` for `organisation_id` (the caller holds
    the transaction), replacing that organisation's earlier one; False if it was the same."""
    version = await StandardVersion.filter(standard__code=code, number=number).first()
    if version is None:
        raise LookupError(f"{code} has no version {number}")
    held = StandardTranslation.filter(
        version=version, language=parsed.language, organisation_id=organisation_id
    )
    existing = await held.first()
    if existing is not None and existing.content_hash == content_hash:
        return False
    await held.delete()  # a new row (a new id): the library's generation changes
    await StandardTranslation.create(
        version=version,
        language=parsed.language,
        organisation_id=organisation_id,
        title=title[:500],
        content_hash=content_hash,
        source_name=source_name[:300],
        document=msgspec.json.encode(parsed).decode(),
        imported_at=now,
    )
    return True


async def set_status(code: str, number: int, status: str) -> bool:
    version = await StandardVersion.filter(standard__code=code, number=number).first()
    if version is None:
        return False
    if status == CURRENT:
        await StandardVersion.filter(standard_id=version.standard_id, status=CURRENT).update(
            status=LEGACY
        )
    await StandardVersion.filter(id=version.id).update(status=status)
    return True


async def replace_links(code: str, number: int, links: list[NosLink]) -> None:
    """Replace the NOS mapping of a unit's version (the caller holds the transaction); its
    `links_revision` goes up, so the library's generation changes. The content hash stays
    the imported document's, so importing that document again finds this version."""
    row = await StandardVersion.filter(standard__code=code, number=number).first()
    if row is None:
        raise LookupError(f"{code} has no version {number}")
    document = msgspec.json.decode(row.document, type=ParsedStandard)
    document = msgspec.structs.replace(document, nos_links=links)
    await StandardVersion.filter(id=row.id).update(
        document=msgspec.json.encode(document).decode(), links_revision=row.links_revision + 1
    )


# The library's generation: it changes whenever a version is added, a version's status
# changes, a translation is stored or a unit's mapping is replaced. Other modules ask it
# inside their own queries (sync/library.py), hence the parts.
GENERATION_COLUMNS = (
    "COUNT(*) AS n, COALESCE(MAX(id), 0) AS top, "
    f"COALESCE(SUM(CASE WHEN status = '{CURRENT}' THEN id ELSE 0 END), 0) AS current_ids, "
    "COALESCE(SUM(links_revision), 0) AS links, "
    "(SELECT COUNT(*) FROM standards_translation) AS translations, "
    "(SELECT COALESCE(MAX(id), 0) FROM standards_translation) AS translation_top"
)
GENERATION_TABLE = "standards_version"


def generation_text(row: Any) -> str:
    return (
        f"{int(row['n'])}.{int(row['top'])}.{int(row['current_ids'])}.{int(row['links'])}"
        f".{int(row['translations'])}.{int(row['translation_top'])}"
    )


async def library_generation() -> str:
    """One cheap query, asked before reusing a search index."""
    sql = f"SELECT {GENERATION_COLUMNS} FROM {GENERATION_TABLE}"
    return generation_text((await connections.get("default").execute_query_dict(sql))[0])


async def search_entries() -> tuple[list[Entry], dict[str, list[Term]]]:
    """The criteria of current versions, and each standard's glossary, for the search index."""
    rows = (
        await LibraryCriterion.filter(version__status=CURRENT)
        .select_related("version__standard")
        .order_by("id")
    )
    entries = [
        Entry(
            key=f"{r.version.standard.code}/{r.version.number}/{r.ref}",
            code=r.version.standard.code,
            version=r.version.number,
            ref=r.ref,
            kind=r.kind,
            group=r.group,
            text=r.text,
            title=r.version.title,
        )
        for r in rows
    ]
    glossaries: dict[str, list[Term]] = {}
    terms = (
        await LibraryTerm.filter(version__status=CURRENT)
        .select_related("version__standard")
        .order_by("id")
    )
    for t in terms:
        glossaries.setdefault(t.version.standard.code, []).append(Term(t.term, t.definition))
    return entries, glossaries
