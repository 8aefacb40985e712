"""Every layout a NOS arrives in parses to the same standard as the seed it was made from.

The fixtures under tests/fixtures/standards were generated from the seeds by
scripts/make_standards_fixtures.py: a .docx with criteria in tables, a .pdf drawn with
reportlab (number and text columns, wrapping, running headers and footers), PDF-extracted
text ("P10make", page headers), the NOS finder web page, and a number column in one block.
"""

from __future__ import annotations

from functools import cache

import pytest

from standards.bundled import seeds
from standards.parse import parse_text
from standards.parsed import ParsedStandard
from standards.reader import read_document
from tests.standards.helpers import FIXTURES, SEEDS

LAYOUTS = {"docx": "docx", "pdf": "pdf", "pdf-text": "txt", "web": "txt"}


def seed_parse(code: str) -> ParsedStandard:
    return parse_text(next(s for s in seeds() if s.code == code).text())


@cache
def fixture(layout: str, code: str) -> ParsedStandard:
    path = FIXTURES / layout / f"{code}.{LAYOUTS[layout]}"
    return read_document(path.read_bytes(), path.name)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("code", SEEDS)
def test_each_layout_gives_the_indexed_code_title_and_counts(layout: str, code: str) -> None:
    standard = fixture(layout, code)
    title, performance, knowledge = SEEDS[code]
    assert (standard.code, standard.title) == (code, title)
    assert len(standard.criteria("performance")) == performance
    assert len(standard.criteria("knowledge")) == knowledge
    assert standard.layout == layout


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("code", SEEDS)
def test_each_layout_keeps_every_criterion_text_and_group(layout: str, code: str) -> None:
    expected = seed_parse(code)
    standard = fixture(layout, code)
    assert standard.criteria() == expected.criteria()
    assert standard.overview == expected.overview


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("code", SEEDS)
def test_each_layout_keeps_the_glossary_and_values(layout: str, code: str) -> None:
    expected = seed_parse(code)
    standard = fixture(layout, code)
    assert standard.glossary == expected.glossary
    assert standard.values == expected.values


def test_numbers_that_lost_their_space_still_read_as_references() -> None:
    text = (FIXTURES / "pdf-text" / "SCDHSC0389.txt").read_text("utf-8")
    assert "\nP10support carers" in text
    p10 = fixture("pdf-text", "SCDHSC0389").criteria()[9]
    assert (p10.ref, p10.text[:30]) == ("P10", "support carers, families and k")


def test_running_headers_and_footers_are_not_read_as_text() -> None:
    text = (FIXTURES / "pdf-text" / "SCDLMCB6.txt").read_text("utf-8")
    assert text.count("SCDLMCB6 Lead and manage provision") > 4
    standard = fixture("pdf-text", "SCDLMCB6")
    everything = [c.text for c in standard.criteria()] + [g.definition for g in standard.glossary]
    assert not [t for t in everything if "SCDLMCB6" in t]


def test_a_number_column_in_one_block_is_matched_to_its_texts() -> None:
    path = FIXTURES / "pdf-text" / "number-column.txt"
    assert "\nP1\nP2\nP3\nP4\n" in path.read_text("utf-8")
    standard = read_document(path.read_bytes(), path.name)
    assert standard.criteria() == seed_parse("SCDHSC0389").criteria()


def test_a_title_wrapped_in_a_unit_code_gives_the_nos_code() -> None:
    path = FIXTURES / "other" / "unit-code-title.txt"
    standard = read_document(path.read_bytes(), path.name)
    assert standard.code == "SCDHSC0021"
    assert standard.title == "Support effective communication"
    assert standard.metadata.unit_code == "H5NA 04"
    assert [c.ref for c in standard.criteria()] == ["P1", "P2", "P3", "P4", "K1", "K2", "K3", "K4"]
    assert (
        standard.criteria()[0].text
        == "find out the individual’s preferred methods of communication"
    )
    assert standard.sections[1].title == "Check that communication has been understood"


def test_the_web_page_header_lines_become_metadata() -> None:
    standard = fixture("web", "SCDHSC0389")
    assert standard.metadata.urn == "SCDHSC0389"
    assert standard.metadata.developed_by == "Skills for Care & Development"
    assert standard.metadata.approved == "30 Jun 2014"
    assert standard.metadata.suite == "Health and Social Care"
    assert standard.metadata.version == "2"


@pytest.mark.parametrize("layout", ["docx", "pdf"])
def test_the_metadata_table_of_a_document_is_read(layout: str) -> None:
    metadata = fixture(layout, "SCDLMCB3").metadata
    assert metadata.developed_by == "Skills for Care & Development"
    assert (metadata.version, metadata.approved, metadata.validity) == ("2", "June 2014", "Current")
    assert metadata.suite == "Leadership and Management for Care Services"
