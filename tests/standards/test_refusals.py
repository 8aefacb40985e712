"""Documents that cannot be parsed with confidence are refused quickly, saying what and where."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from standards.parse import ParseError, parse_text
from standards.reader import read_document, read_path
from tests.standards.helpers import FIXTURES

REFUSED = {
    "no-criteria.txt": ("no_criteria", None),
    "missing-number.txt": ("missing_number", 4),
    "repeated-number.txt": ("repeated_number", 5),
    "list-restarts.txt": ("list_restarts", 10),
    "no-knowledge.txt": ("no_knowledge_statements", None),
    "stray-text.txt": ("unexpected_text", 5),
    "number-column-mismatch.txt": ("number_column_mismatch", 2),
    "empty.txt": ("empty", None),
    "junk.bin": ("binary", None),
    "scanned.pdf": ("scanned_pdf", None),
}


@pytest.mark.parametrize("name", REFUSED)
def test_a_doubtful_document_is_refused_with_its_reason_and_line(name: str) -> None:
    path = FIXTURES / "refused" / name
    with pytest.raises(ParseError) as refused:
        read_document(path.read_bytes(), name)
    assert (refused.value.code, refused.value.line) == REFUSED[name]
    assert refused.value.message


def test_the_refusal_message_names_the_criteria_concerned() -> None:
    path = FIXTURES / "refused" / "missing-number.txt"
    with pytest.raises(ParseError, match="P2 expected after P1 but found P3"):
        read_document(path.read_bytes())


def test_a_fifty_megabyte_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "huge.pdf"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(ParseError) as refused:
        read_path(big)
    assert refused.value.code == "too_large"
    assert "50.0 MB" in refused.value.message
    assert time.perf_counter() - started < 0.5


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("photo.txt", "not a document")
    with pytest.raises(ParseError) as refused:
        read_path(archive)
    assert refused.value.code == "not_a_docx"


def test_a_damaged_pdf_is_refused() -> None:
    with pytest.raises(ParseError) as refused:
        read_document(b"%PDF-1.4\n%garbage that is not a pdf body\n")
    assert refused.value.code in ("unreadable_pdf", "scanned_pdf")


def test_whitespace_only_text_is_refused_as_empty() -> None:
    with pytest.raises(ParseError) as refused:
        parse_text(" \n\t\n[bookmark: StartOverview]\n")
    assert refused.value.code == "empty"


def test_a_criterion_without_text_is_refused() -> None:
    text = "Performance criteria\nP1 act\nP2\nKnowledge and understanding\nK1 a fact\n"
    with pytest.raises(ParseError) as refused:
        parse_text(text)
    assert (refused.value.code, refused.value.line) == ("empty_criterion", 3)


def test_performance_criteria_after_knowledge_are_refused() -> None:
    text = "P1 act\nK1 a fact\nP2 act again\n"
    with pytest.raises(ParseError) as refused:
        parse_text(text)
    assert (refused.value.code, refused.value.line) == ("criteria_out_of_order", 3)


def test_a_web_list_that_restarts_within_a_section_is_refused() -> None:
    text = (
        "Performance criteria\n1. act\n2. act more\nGroup two\n1. act again\n"
        "Knowledge and Understanding\n1. a fact\n"
    )
    with pytest.raises(ParseError) as refused:
        parse_text(text)
    assert (refused.value.code, refused.value.line) == ("list_restarts", 5)
