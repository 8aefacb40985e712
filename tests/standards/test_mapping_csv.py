"""The mapping table reader (pure): every row's problem by line, no links when any."""

from __future__ import annotations

from server.csv_rows import csv_rows
from standards.mapping import read_mapping
from standards.parsed import NosLink

UNIT = {"1.1", "1.2", "2.1"}
NOS = {"SCDHSC0389": {"P1", "P2", "K45"}, "SCDHSC0031": {"P3"}}


def read(text: str):  # type: ignore[no-untyped-def]
    return read_mapping(csv_rows(text), UNIT, NOS)


def test_a_good_table_gives_its_links_in_order_any_column_order_and_case() -> None:
    got = read("NOS_Code,unit_ref,nos_ref,note\r\nscdhsc0389,1.2,p2,x\r\n\r\nSCDHSC0031,2.1,P3\r\n")
    assert got.problems == []
    assert got.links == [NosLink("1.2", "SCDHSC0389", "P2"), NosLink("2.1", "SCDHSC0031", "P3")]


def test_every_bad_row_is_named_by_its_line_and_no_link_is_given() -> None:
    got = read(
        "unit_ref,nos_code,nos_ref\n"
        "1.2,SCDHSC0389,P2\n"  # 2 fine
        "1.9,SCDHSC0389,P2\n"  # 3 no such unit criterion
        "1.1,SCDHSC9999,P1\n"  # 4 no such NOS
        "1.1,SCDHSC0389,P77\n"  # 5 no such NOS criterion
        "1.2,SCDHSC0389,P2\n"  # 6 duplicate of line 2
        "1.1,,P1\n"  # 7 blank
        "2.1,SCDHSC0031\n"  # 8 blank (short row)
    )
    assert got.links == []
    assert [(p.line, p.problem) for p in got.problems] == [
        (3, "The unit has no assessment criterion 1.9."),
        (4, "No NOS SCDHSC9999 in the library."),
        (5, "SCDHSC0389 has no criterion P77 in its current version."),
        (6, "The same link as line 2."),
        (7, "Blank: nos_code."),
        (8, "Blank: nos_ref."),
    ]


def test_a_missing_header_an_empty_file_and_a_header_alone_are_refused() -> None:
    assert [p.line for p in read("1.2,SCDHSC0389,P2\n").problems] == [1]
    assert "missing: unit_ref, nos_code, nos_ref" in read("1.2,SCDHSC0389,P2\n").problems[0].problem
    assert "empty" in read("").problems[0].problem
    assert "no rows" in read("unit_ref,nos_code,nos_ref\n").problems[0].problem
    assert "missing: nos_ref" in read("unit_ref,nos_code\n1.2,SCDHSC0389\n").problems[0].problem
