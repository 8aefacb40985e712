"""The library service on a real database (SQLite and PostgreSQL): versions, diff, search."""

from __future__ import annotations

import msgspec
import pytest

from base.errors import DomainError, NotAllowed
from standards import library
from standards.bundled import seeds
from standards.models import LibraryCriterion, Standard, StandardVersion
from standards.parse import parse_text
from standards.parsed import Criterion, ParsedStandard, Section
from tests.standards.helpers import SEEDS

EVERYONE = library.Scope(everything=True)


def seed_standard(code: str) -> ParsedStandard:
    seed = next(s for s in seeds() if s.code == code)
    return msgspec.structs.replace(parse_text(seed.text()), code=seed.code, title=seed.title)


def reworded(standard: ParsedStandard, ref: str, text: str) -> ParsedStandard:
    sections = [
        Section(
            s.kind,
            s.title,
            [Criterion(c.ref, text if c.ref == ref else c.text, c.group) for c in s.criteria],
        )
        for s in standard.sections
    ]
    return msgspec.structs.replace(standard, sections=sections)


async def test_a_fresh_install_gets_the_five_seeds_once(database: str) -> None:
    assert await library.ensure_bundled_standards() == 5
    assert await library.ensure_bundled_standards() == 0
    listed = await library.list_standards(library.Scope(organisation_id=7))
    assert {(s.code, s.title) for s in listed} == {(c, t) for c, (t, _, _) in SEEDS.items()}
    assert all(s.bundled and [v.number for v in s.versions] == [1] for s in listed)
    assert await LibraryCriterion.filter(version__standard__code="SCDLMCB6").count() == 160


async def test_importing_the_same_content_again_makes_no_new_version(database: str) -> None:
    first = await library.import_standard(seed_standard("SCDHSC0389"))
    again = await library.import_standard(seed_standard("SCDHSC0389"))
    assert (first.created, first.version) == (True, 1)
    assert (again.created, again.version) == (False, 1)
    assert await StandardVersion.all().count() == 1


async def test_changed_text_makes_a_new_current_version_and_keeps_the_old_one(
    database: str,
) -> None:
    await library.import_standard(seed_standard("SCDHSC0389"))
    old_p3 = await LibraryCriterion.get(version__number=1, ref="P3")
    changed = reworded(
        seed_standard("SCDHSC0389"),
        "P3",
        "work in ways that promote active participation in groups",
    )
    result = await library.import_standard(changed)
    assert (result.created, result.version) == (True, 2)
    info = await library.standard_info(EVERYONE, "SCDHSC0389")
    assert [(v.number, v.status) for v in info.versions] == [(1, "legacy"), (2, "current")]
    kept = await LibraryCriterion.get(id=old_p3.id)
    assert kept.text == old_p3.text and (await kept.version).number == 1


async def test_diff_shows_criteria_added_removed_and_reworded(database: str) -> None:
    original = seed_standard("SCDHSC3110")
    await library.import_standard(original)
    sections = [msgspec.structs.replace(s, criteria=list(s.criteria)) for s in original.sections]
    sections[0].criteria[0] = Criterion(
        "P1",
        "apply your knowledge and skills to inform how you develop your relationship with the individual",
        sections[0].criteria[0].group,
    )
    sections[-1].criteria.append(
        Criterion("K51", "how to end a relationship well", "Specific to this NOS")
    )
    del sections[1].criteria[-1]
    await library.import_standard(msgspec.structs.replace(original, sections=sections))
    old, new, changes = await library.diff(EVERYONE, "SCDHSC3110")
    assert (old, new) == (1, 2)
    assert [c.ref for c in changes.added] == ["K51"]
    assert [c.ref for c in changes.removed] == ["P18"]
    assert [(c.old_ref, c.new_ref) for c in changes.reworded] == [("P1", "P1")]


async def test_a_version_can_be_marked_current_again_and_the_other_becomes_legacy(
    database: str,
) -> None:
    await library.import_standard(seed_standard("SCDHSC0389"))
    await library.import_standard(
        reworded(seed_standard("SCDHSC0389"), "P1", "work with the individual")
    )
    await library.mark(EVERYONE, "SCDHSC0389", 1, "current")
    info = await library.standard_info(EVERYONE, "SCDHSC0389")
    assert [(v.number, v.status) for v in info.versions] == [(1, "current"), (2, "legacy")]
    _, number, _ = await library.show(EVERYONE, "SCDHSC0389")
    assert number == 1


async def test_search_tolerates_typos_and_sees_new_imports(database: str) -> None:
    await library.ensure_bundled_standards()
    hits = await library.search(EVERYONE, "safegaurding")
    assert hits and all("guarding" in (h.entry.text + h.entry.group).lower() for h in hits)
    assert not await library.search(EVERYONE, "zebra crossing")
    zebra = reworded(
        seed_standard("SCDHSC0389"), "P2", "help the individual across the zebra crossing"
    )
    await library.import_standard(zebra)
    found = await library.search(EVERYONE, "zebra crosing")
    assert [h.entry.key for h in found] == ["SCDHSC0389/2/P2"]


async def test_an_organisations_import_is_invisible_to_other_organisations(database: str) -> None:
    unit = msgspec.structs.replace(
        seed_standard("SCDHSC0389"), code="SCDHSC0021", title="Support effective communication"
    )
    await library.import_standard(unit, organisation_id=1)
    assert [s.code for s in await library.list_standards(library.Scope(organisation_id=1))] == [
        "SCDHSC0021"
    ]
    assert await library.list_standards(library.Scope(organisation_id=2)) == []
    with pytest.raises(DomainError) as refused:
        await library.import_standard(reworded(unit, "P1", "changed"), organisation_id=2)
    assert refused.value.code == "standard_owned_elsewhere"
    assert await Standard.all().count() == 1


async def test_a_standard_without_a_code_is_not_stored(database: str) -> None:
    nameless = msgspec.structs.replace(seed_standard("SCDHSC0389"), code=None)
    with pytest.raises(DomainError) as refused:
        await library.import_standard(nameless)
    assert refused.value.code == "code_unknown"
    assert await Standard.all().count() == 0


async def test_only_the_operator_marks_a_version_of_the_shared_library(database: str) -> None:
    await library.import_standard(seed_standard("SCDHSC0389"))  # shared: no organisation
    with pytest.raises(NotAllowed) as refused:
        await library.mark(library.Scope(organisation_id=1), "SCDHSC0389", 1, "legacy")
    assert refused.value.code == "forbidden"
    await library.mark(EVERYONE, "SCDHSC0389", 1, "legacy")
    info = await library.standard_info(EVERYONE, "SCDHSC0389")
    assert [(v.number, v.status) for v in info.versions] == [(1, "legacy")]
