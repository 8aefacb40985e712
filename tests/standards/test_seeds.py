"""The five bundled seeds (Word-derived text) parse to exactly what INDEX.md says."""

from __future__ import annotations

import pytest

from standards.bundled import Seed, seeds
from standards.parse import parse_text
from standards.parsed import ParsedStandard
from tests.standards.helpers import SEEDS


def seed(code: str) -> Seed:
    return next(s for s in seeds() if s.code == code)


def parsed(code: str) -> ParsedStandard:
    return parse_text(seed(code).text())


def test_the_bundle_lists_the_five_seeds_of_the_index() -> None:
    assert {(s.code, s.title, s.performance, s.knowledge) for s in seeds()} == {
        (code, title, p, k) for code, (title, p, k) in SEEDS.items()
    }


@pytest.mark.parametrize("code", SEEDS)
def test_each_seed_has_exactly_the_indexed_counts(code: str) -> None:
    standard = parsed(code)
    _, performance, knowledge = SEEDS[code]
    assert [c.ref for c in standard.criteria("performance")] == [
        f"P{n}" for n in range(1, performance + 1)
    ]
    assert [c.ref for c in standard.criteria("knowledge")] == [
        f"K{n}" for n in range(1, knowledge + 1)
    ]


@pytest.mark.parametrize("code", SEEDS)
def test_every_criterion_text_is_the_seed_line_cleaned(code: str) -> None:
    raw = {
        line.split(" ", 1)[0]: " ".join(line.split(" ", 1)[1].split())
        for line in seed(code).text().splitlines()
        if line[:1] in "PK" and line[1:2].isdigit()
    }
    assert {c.ref: c.text for c in parsed(code).criteria()} == raw


def test_first_and_last_criteria_are_exact() -> None:
    standard = parsed("SCDHSC0389")
    first, last = standard.criteria()[0], standard.criteria()[-1]
    assert first.text == (
        "work with the individual to identify family and social relationships that are "
        "important to them"
    )
    assert first.group == "Support individuals to identify relationships that are important to them"
    assert last.ref == "K46"
    assert last.text == (
        "how to assess and deal with situations when carers, families and key people and the "
        "individual may be at risk"
    )
    assert last.group == "Specific to this NOS"


def test_curly_quotes_and_dashes_are_kept() -> None:
    standard = parsed("SCDLMCB4")
    texts = {c.ref: c.text for c in standard.criteria()}
    assert (
        texts["P4"]
        == "lead practice that recognises and respects individuals’ background and preferences"
    )
    critically = next(g for g in standard.glossary if g.term == "Critically analyse")
    assert "approach to practice – identifying" in critically.definition


def test_a_definition_over_several_lines_is_joined_under_its_term() -> None:
    standard = parsed("SCDLMCB6")
    entries = [g for g in standard.glossary if g.term == "Critically evaluate"]
    assert [g.scope for g in entries] == ["performance", "knowledge"]
    definition = entries[0].definition
    assert definition.startswith("Critically evaluate is to weigh arguments for and against")
    assert " Critical evaluation requires a weighing up and making judgements" in definition
    assert entries[0].definition == entries[1].definition
    assert not [g for g in standard.glossary if g.term.startswith("Critical evaluation")]


def test_bookmarks_and_tabs_are_cleaned_away() -> None:
    standard = parsed("SCDHSC0389")
    assert standard.overview.startswith("This standard identifies the requirements when supporting")
    everything = [standard.overview, *[c.text for c in standard.criteria()]]
    everything += [g.definition for g in standard.glossary] + [n.text for n in standard.notes]
    assert not [t for t in everything if "[bookmark" in t or "\t" in t or "  " in t]
    assert standard.criteria()[48].text.endswith("children, young people adults")  # K24


def test_a_seed_without_an_overview_has_an_empty_one() -> None:
    standard = parsed("SCDLMCB3")
    assert standard.overview == ""
    assert standard.sections[0].title.startswith("Manage the implementation of systems")


def test_missing_headings_do_not_lose_the_first_group() -> None:
    without_pc = parsed("SCDLMCB4")
    assert without_pc.sections[0].title == (
        "Lead and manage the implementation of systems, procedures and practice to involve "
        "key people in the service provision"
    )
    without_ku = parsed("SCDHSC3110")
    knowledge = [s for s in without_ku.sections if s.kind == "knowledge"]
    assert [s.title for s in knowledge][:3] == ["Rights", "Your practice", "Theory"]


def test_both_spellings_of_the_scope_heading_give_knowledge_terms() -> None:
    relating = parsed("SCDLMCB4")  # "Scope/range relating to knowledge and understanding"
    related = parsed("SCDLMCB6")  # "Scope/range related to knowledge and understanding"
    for standard in (relating, related):
        assert "Leadership" in {g.term for g in standard.glossary if g.scope == "knowledge"}


def test_the_values_list_is_read_with_its_introduction() -> None:
    standard = parsed("SCDHSC0389")
    assert standard.values_intro.endswith("adults. These include the rights:")
    assert standard.values[0] == "To be treated as an individual"
    assert standard.values[-1] == "To access information about themselves"
    assert len(standard.values) == 9


def test_explanatory_boilerplate_becomes_notes_not_terms() -> None:
    standard = parsed("SCDHSC3110")
    assert not [g for g in standard.glossary if g.definition.startswith("The details")]
    assert any(
        n.text.startswith("Note: Where an individual finds it difficult") for n in standard.notes
    )
