"""Criteria tables in PDFs are read exactly, or their doubtful rows are said, never shifted.

The fixtures under tests/fixtures/standards/pdf-table/<shape>/ were drawn with reportlab
from the five seeds by scripts/make_standards_fixtures.py: the number at the top, middle or
bottom of its cell, with row rules or cell gaps, in Helvetica, Times and Courier at widths
from 170 to 380 points, cells split across page breaks, header and footer bands on every
page. The "tight" shapes (no rules, no gaps) and a table whose numbers alternate between
top and bottom cannot be settled from positions alone.
"""

from __future__ import annotations

import io
from functools import cache

import pdfplumber
import pytest

from standards.bundled import seeds
from standards.extract.table import Box, assign_rows
from standards.parse import parse_text
from standards.parse.doubts import unconfirmed
from standards.parsed import Criterion, ParsedStandard
from standards.reader import read_document
from tests.standards.helpers import FIXTURES, SEEDS

TABLES = FIXTURES / "pdf-table"
EXACT = ["top-rules", "middle-rules", "bottom-rules", "top-gaps", "middle-gaps", "bottom-gaps"]
AMBIGUOUS = ["top-tight", "middle-tight", "bottom-tight", "alternate-tight"]
AMBIGUOUS_SEEDS = ["SCDHSC0389", "SCDHSC3110"]


@cache
def seed_criteria(code: str) -> list[Criterion]:
    return parse_text(next(s for s in seeds() if s.code == code).text()).criteria()


@cache
def table(shape: str, code: str) -> ParsedStandard:
    path = TABLES / shape / f"{code}.pdf"
    return read_document(path.read_bytes(), path.name)


@pytest.mark.parametrize("shape", EXACT)
@pytest.mark.parametrize("code", SEEDS)
def test_a_table_with_rules_or_gaps_gives_every_criterion_text_of_the_seed_exactly(
    shape: str, code: str
) -> None:
    standard = table(shape, code)
    assert standard.criteria() == seed_criteria(code)
    assert standard.doubts == []
    assert (standard.code, standard.title) == (code, SEEDS[code][0])


@pytest.mark.parametrize("shape", AMBIGUOUS)
@pytest.mark.parametrize("code", AMBIGUOUS_SEEDS)
def test_a_table_positions_cannot_settle_is_exact_or_doubted_and_never_silently_wrong(
    shape: str, code: str
) -> None:
    standard = table(shape, code)
    expected = {c.ref: c for c in seed_criteria(code)}
    doubted = {doubt.key for doubt in standard.doubts}
    wrong = [c.ref for c in standard.criteria() if c != expected.get(c.ref)]
    assert [ref for ref in wrong if ref not in doubted] == []
    if wrong:
        assert unconfirmed(standard.doubts, []), "an import of a wrong text must be refused"


def test_the_middle_aligned_numbers_of_the_issue_no_longer_shift_p2_and_p3() -> None:
    p2, p3 = table("middle-rules", "SCDHSC0389").criteria()[1:3]
    assert p2.text == (
        "support the individual to establish how they can maintain their family and social "
        "relationships as their needs and circumstances change"
    )
    assert p3.text == (
        "work in ways that promote active participation to enable the individual to "
        "participate in groups that are important to them"
    )


def _pages_with(path: str, words: str) -> list[int]:
    with pdfplumber.open(TABLES / path) as pdf:
        return [n for n, page in enumerate(pdf.pages) if words in (page.extract_text() or "")]


def test_a_cell_split_across_a_page_break_is_joined_whichever_part_holds_the_number() -> None:
    # K26 of SCDHSC0389: the middle-aligned number is in the first part, on page 4
    assert _pages_with("middle-gaps/SCDHSC0389.pdf", "and security in the work environment") == [4]
    k26 = next(c for c in table("middle-gaps", "SCDHSC0389").criteria() if c.ref == "K26")
    assert k26.text.endswith("monitoring and maintaining health, safety and security in the work environment")
    # bottom-aligned: the number sits in the part on the next page, below the text
    for code in SEEDS:
        assert table("bottom-rules", code).criteria() == seed_criteria(code)


def test_header_and_footer_bands_on_every_page_are_not_read_as_text() -> None:
    band = "Skills for Care & Development: National Occupational Standard"
    assert len(_pages_with("top-rules/SCDLMCB6.pdf", band)) > 5
    standard = table("top-rules", "SCDLMCB6")
    texts = [standard.overview, *(c.text for c in standard.criteria())]
    texts += [g.definition for g in standard.glossary] + [n.text for n in standard.notes]
    assert not [t for t in texts if "National Occupational Standard" in t or "Page " in t]


def _cell(page: int, top: float, lines: int = 1) -> Box:
    return Box(page, top, top + 12 * lines - 2)


def test_rows_are_cut_at_rules_whatever_the_order_of_the_lines() -> None:
    # two cells of three lines, numbers in the middle: rules at 100, 136, 172
    lines = [_cell(0, 102 + 12 * i) for i in range(6)]
    numbers = [_cell(0, 114), _cell(0, 150)]
    found = assign_rows(numbers, lines, {0: [100.0, 136.0, 172.0]}, 4.0, frozenset())
    assert (found.rows, found.doubtful, found.method) == ([0, 0, 0, 1, 1, 1], set(), "row rules")


def test_without_rules_or_gaps_the_lines_between_two_numbers_are_doubted() -> None:
    lines = [_cell(0, 100 + 12 * i) for i in range(6)]
    numbers = [_cell(0, 100), _cell(0, 136)]  # numbers at the top, or at the bottom?
    found = assign_rows(numbers, lines, {}, 4.0, frozenset())
    assert found.doubtful == {0, 1}


def test_a_table_where_no_number_shares_a_line_with_its_text_still_finds_the_text_column() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(40, 760, "Performance criteria")
    y = 740.0
    rows = [("P1", "find out the preferred methods", "of communication of the individual"),
            ("P2", "reduce the barriers", "to communication"),
            ("K1", "why communication is", "important in the work setting")]
    for label, first, second in rows:
        canvas.line(140, y + 12, 560, y + 12)
        canvas.drawString(180, y, first)
        canvas.drawString(180, y - 12, second)
        canvas.drawString(150, y - 6, label)  # in the middle, on no line of text
        y -= 30
        if label == "P2":
            canvas.drawString(40, y, "Knowledge and understanding")
            y -= 24
    canvas.line(140, y + 12, 560, y + 12)
    canvas.save()
    standard = read_document(buffer.getvalue(), "x.pdf")
    assert [(c.ref, c.text) for c in standard.criteria()] == [
        ("P1", "find out the preferred methods of communication of the individual"),
        ("P2", "reduce the barriers to communication"),
        ("K1", "why communication is important in the work setting"),
    ]
