"""Welsh records and qualification units: parsed exactly from text, .docx and PDF, or refused
with a reason (pure: no database)."""

from __future__ import annotations

import re

import msgspec
import pytest

from standards import bundled
from standards.parse import ParseError, parse_text
from standards.parse.doubts import text_doubts
from standards.parse.headings import WELSH, region_of
from standards.parse.units import looks_like_unit, parse_unit
from standards.reader import parse_any, read_document
from tests.standards.helpers import FIXTURES

WELSH_TEXT = (FIXTURES / "welsh" / "SCDHSC0389.cy.txt").read_text("utf-8")
UNIT_TEXT = (FIXTURES / "units" / "CFU201.txt").read_text("utf-8")

# the golden texts of the unit fixture, criterion by criterion
UNIT_CRITERIA = [
    ("1.1", "Describe the family and social relationships that may be important to an individual"),
    (
        "1.2",
        "Explain how an individual's needs and circumstances can change their relationships "
        "with carers, families and key people",
    ),
    ("1.3", "Identify where carers, families and key people can find information and support"),
    ("2.1", "Support an individual to identify the relationships that are important to them"),
    (
        "2.2",
        "Encourage carers, families and key people to take an active part in the individual's life",
    ),
    ("2.3", "Record concerns about contact in line with agreed ways of working"),
    ("2.4", "Report risks of harm or abuse to the appropriate people"),
]
OUTCOMES = [
    "Understand why relationships with carers, families and key people matter",
    "Be able to support carers, families and key people to maintain contact",
]


def _welsh_golden() -> list[tuple[str, str]]:
    """Each "P1 text" line of the Welsh fixture: the texts it must give, exactly."""
    found = [re.match(r"^([PK]\d+) (.*)$", line) for line in WELSH_TEXT.splitlines()]
    return [(m[1], m[2]) for m in found if m]


@pytest.mark.parametrize("name", ["SCDHSC0389.cy.txt", "SCDHSC0389.cy.docx", "SCDHSC0389.cy.pdf"])
def test_a_welsh_record_reads_exactly_in_every_layout(name: str) -> None:
    parsed = read_document((FIXTURES / "welsh" / name).read_bytes(), name)
    assert parsed.language == "cy" and parsed.framework == "nos"
    assert parsed.code == "SCDHSC0389"
    assert parsed.title == (
        "Gweithio gyda gofalwyr, teuluoedd a phobl allweddol i gynnal cyswllt ag unigolion"
    )
    assert [(c.ref, c.text) for c in parsed.criteria()] == _welsh_golden()
    groups = [s.title for s in parsed.sections]
    assert groups[:4] == [
        "Cefnogi unigolion i nodi perthnasoedd sy'n bwysig iddynt",
        "Gweithio gyda gofalwyr, teuluoedd a phobl allweddol i gynnal eu perthnasoedd ag unigolion",
        "Cefnogi gofalwyr, teuluoedd a phobl allweddol pan fyddant mewn cysylltiad ag unigolion",
        "Hawliau",
    ]
    assert parsed.doubts == []


def test_a_welsh_record_has_the_english_records_numbering_and_counts() -> None:
    welsh = parse_text(WELSH_TEXT)
    seed = next(s for s in bundled.seeds() if s.code == "SCDHSC0389")
    english = parse_text(seed.text())
    assert [c.ref for c in welsh.criteria()] == [c.ref for c in english.criteria()]
    assert welsh.overview.startswith("Mae'r safon hon")
    assert welsh.metadata.developed_by == "Skills for Care & Development"
    assert welsh.metadata.version == "2" and welsh.metadata.approved == "Mehefin 2014"
    assert welsh.values == ["I gael eu trin fel unigolyn", "I gael eu parchu"]
    assert english.language == "en"


def test_every_welsh_heading_opens_its_region() -> None:
    for heading, region in WELSH.items():
        assert region_of(heading[0].upper() + heading[1:]) == region, heading
        assert region_of(heading[0].upper() + heading[1:] + ":") == region, heading
    assert region_of("meini prawf perfformiad") is None  # lower case: a wrapped line


@pytest.mark.parametrize(
    ("change", "reason", "message"),
    [
        (("P3 gweithio", "P2 gweithio"), "repeated_number", "P2 appears twice"),
        (("K5 yr hawliau", "K6 yr hawliau"), "missing_number", "K5 expected after K4 but found K6"),
        (("K46 sut i asesu", "P26 sut i asesu"), "criteria_out_of_order", "P26 comes after"),
        (("P1 gweithio", "P0 gweithio"), "number_out_of_order", "P1 expected at the start"),
        (("P4 cefnogi", ""), "missing_number", "P4 expected after P3 but found P5"),
    ],
)
def test_a_welsh_record_is_refused_as_an_english_one_is(
    change: tuple[str, str], reason: str, message: str
) -> None:
    old, new = change
    text = WELSH_TEXT.replace(old, new, 1) if new else _drop_line(WELSH_TEXT, old)
    with pytest.raises(ParseError) as refused:
        parse_text(text)
    assert refused.value.code == reason
    assert message in refused.value.message


def _drop_line(text: str, start: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith(start))


def test_a_welsh_criterion_ending_mid_phrase_is_doubted_in_welsh() -> None:
    welsh = parse_text(WELSH_TEXT.replace("mewn grwpiau sy'n bwysig iddo", "mewn grwpiau gyda"))
    assert [(d.key, d.reason) for d in text_doubts(welsh)] == [("P3", "ends_mid_phrase")]


@pytest.mark.parametrize("name", ["CFU201.txt", "CFU201.docx", "CFU201.pdf"])
def test_a_unit_reads_exactly_in_every_layout(name: str) -> None:
    parsed = read_document((FIXTURES / "units" / name).read_bytes(), name)
    assert parsed.framework == "unit"
    assert (parsed.code, parsed.title) == (
        "T9000201",
        "Support relationships with carers, families and key people",
    )
    assert [(c.ref, c.text) for c in parsed.criteria()] == UNIT_CRITERIA
    assert [c.group for c in parsed.criteria()] == [OUTCOMES[0]] * 3 + [OUTCOMES[1]] * 4
    assert [s.kind for s in parsed.sections] == ["assessment", "assessment"]
    assert [s.title for s in parsed.sections] == [f"{i + 1} {o}" for i, o in enumerate(OUTCOMES)]
    assert msgspec.to_builtins(parsed.unit) == {
        "reference": "T/900/0201",
        "number": "201",
        "level": "2",
        "credit": "3",
        "guided_learning_hours": "22",
    }
    assert [(n.ref, n.code, n.nos_ref) for n in parsed.nos_links] == [
        ("1.1", "SCDHSC0389", "P1"),
        ("1.2", "SCDHSC0389", "P2"),
        ("1.2", "SCDHSC0389", "K45"),
        ("2.1", "SCDHSC0389", "P1"),
        ("2.2", "SCDHSC0389", "P6"),
        ("2.3", "SCDHSC0389", "P13"),
        ("2.3", "SCDHSC0389", "P25"),
        ("2.4", "SCDHSC0389", "P11"),
    ]
    assert parsed.doubts == []


def test_the_seeds_are_not_read_as_units() -> None:
    for seed in bundled.seeds():
        assert not looks_like_unit(seed.text())
        assert parse_any(seed.text()).framework == "nos"
    assert looks_like_unit(UNIT_TEXT)


@pytest.mark.parametrize(
    ("old", "new", "reason", "message"),
    [
        ("1.3 Identify", "1.4 Identify", "missing_number", "1.3 expected after 1.2 but found 1.4"),
        ("1.2 Explain", "1.1 Explain", "repeated_number", "1.1 appears twice"),
        ("1.1 Describe", "1.2 Describe", "missing_number", "1.1 expected at the start"),
        (
            "2.1 Support",
            "1.4 Support",
            "criterion_outside_outcome",
            "1.4 is under learning outcome 2",
        ),
        ("2 Be able", "3 Be able", "criterion_outside_outcome", "2.1 is under learning outcome 3"),
        ("2 Be able", "0 Be able", "criterion_outside_outcome", "2.1 is under learning outcome 0"),
        ("1.3 Identify where", "1.3\n\n2.0", "empty_criterion", "1.3 has no text"),
        (
            "2.4 Report risks of harm or abuse to the appropriate people",
            "2.4 Report risks of harm or abuse to the appropriate people\nSee the range below.",
            "unexpected_text",
            "text after 2.4 is neither",
        ),
        ("1.2 SCDHSC0389 P2, K45", "1.9 SCDHSC0389 P2", "mapping_unknown_criterion", "names 1.9"),
        ("2.2 SCDHSC0389 P6", "2.2 see unit 3", "bad_mapping", "2.2 maps to 'see unit 3'"),
    ],
)
def test_a_unit_is_refused_with_a_reason_never_renumbered(
    old: str, new: str, reason: str, message: str
) -> None:
    assert old in UNIT_TEXT
    with pytest.raises(ParseError) as refused:
        parse_unit(UNIT_TEXT.replace(old, new, 1))
    assert refused.value.code == reason, refused.value
    assert message in refused.value.message
    assert refused.value.line is not None


def test_a_unit_whose_outcomes_skip_a_number_is_refused() -> None:
    renumbered = re.sub(r"^2(\.\d)? ", lambda m: f"3{m[1] or ''} ", UNIT_TEXT, flags=re.M)
    with pytest.raises(ParseError) as refused:
        parse_unit(renumbered)
    assert refused.value.code == "missing_number"
    assert "learning outcome 2 expected after learning outcome 1 but found " in str(refused.value)


def test_a_unit_without_outcomes_or_with_an_outcome_lacking_criteria_is_refused() -> None:
    with pytest.raises(ParseError) as refused:
        parse_unit(_drop_line(UNIT_TEXT, "2."))
    assert refused.value.code == "outcome_without_criteria"
    assert "learning outcome 2 has no assessment criteria" in refused.value.message
    lonely = "Unit title: Nothing here\nLearning outcomes\n"
    with pytest.raises(ParseError) as refused:
        parse_unit(lonely)
    assert refused.value.code == "no_learning_outcomes"


def test_a_units_other_sections_are_kept_as_notes() -> None:
    notes = [(n.scope, n.text[:40]) for n in parse_unit(UNIT_TEXT).notes]
    assert notes == [
        ("preamble", "A test fixture written for parsing in th"),
        ("Range", "Key people: friends, neighbours, advocat"),
    ]


def test_typing_a_units_criterion_number_finds_that_criterion_first() -> None:
    from standards.search import Entry, SearchIndex

    unit = parse_unit(UNIT_TEXT)
    index = SearchIndex(
        [
            Entry(f"T9000201/1/{c.ref}", "T9000201", 1, c.ref, "assessment", c.group, c.text, "U")
            for c in unit.criteria()
        ]
    )
    assert [h.entry.ref for h in index.search("2.1")] == ["2.1"]
    assert [h.entry.ref for h in index.search("1.2")] == ["1.2"]
    assert [h.entry.ref for h in index.search("circumstances")] == ["1.2"]
