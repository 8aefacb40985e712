"""The parser's small rules, one at a time, and a round-trip property over generated text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from standards.parse import parse_text
from standards.parse.criteria import CONNECTIVES, continues
from standards.parse.glossary import same_term, term_of
from standards.parse.headings import region_of
from standards.parse.identity import identity_of, is_page_number, normalise_code
from standards.parse.lines import clean_text, join_wrapped
from standards.parse.metadata import fact_of
from standards.parse.refs import parse_numbered, parse_ref


def test_a_number_that_lost_its_space_is_split_from_its_text() -> None:
    ref = parse_ref("P10make sure")
    assert ref is not None and (ref.label, ref.text) == ("P10", "make sure")


def test_a_word_starting_with_p_is_not_a_reference() -> None:
    assert parse_ref("Performance criteria") is None
    assert parse_ref("P2005 regulations") is None


def test_a_web_list_item_gives_its_number_and_text() -> None:
    assert parse_numbered("12. how to act") == (12, "how to act")
    assert parse_numbered("2005 was a year") is None


def test_cleaning_removes_bookmarks_tabs_and_double_spaces_only() -> None:
    raw = " \t[bookmark: StartOverview]It’s  the\u00a0individual’s “right”\t"
    assert clean_text(raw) == "It’s the individual’s “right”"


def test_a_unit_code_wrapped_title_names_the_nos_code() -> None:
    identity = identity_of("H5NA 04 (SCDHSC 0021) Support effective communication")
    assert identity is not None
    assert (identity.code, identity.title, identity.unit_code) == (
        "SCDHSC0021",
        "Support effective communication",
        "H5NA 04",
    )


def test_a_running_header_gives_code_and_title() -> None:
    identity = identity_of("SCDHSC0389 Work with carers, families and key people 3")
    assert identity is not None and identity.code == "SCDHSC0389"
    assert identity_of("the SCDHSC0389 standard") is None


def test_codes_are_the_same_whatever_the_spacing_or_case() -> None:
    assert normalise_code("scdhsc 0389") == normalise_code("SCDHSC0389") == "SCDHSC0389"


def test_page_furniture_is_recognised() -> None:
    assert is_page_number("Page 3 of 7") and is_page_number("12")
    assert not is_page_number("12 key people")


def test_both_spellings_of_the_scope_heading_are_recognised() -> None:
    assert region_of("Scope/range related to performance criteria") == "scope-performance"
    assert region_of("Scope/range relating to knowledge and understanding") == "scope-knowledge"
    assert region_of("Knowledge and Understanding") == "knowledge"
    assert region_of("Support individuals to identify relationships") is None


def test_glossary_terms_are_read_before_their_defining_verb() -> None:
    assert term_of("Key people are those who are important") == "Key people"
    assert term_of("Transitions could include: moving home") == "Transitions"
    assert term_of("Personalisation can be defined as 'changing'") == "Personalisation"
    assert term_of("Depending on how it is used the power of leaders") is None
    assert term_of("The details in this field are explanatory statements") is None


def test_a_restated_term_is_the_same_term() -> None:
    assert same_term("Critically analyse", "Critical analysis")
    assert not same_term("Critically analyse", "Critically evaluate")


def test_a_line_reads_on_when_lower_case_or_after_a_connective() -> None:
    assert continues("work with the individual to", "identify relationships")
    assert continues("support carers, families and", "Key people")
    assert not continues("complete records and reports", "Rights")


def test_a_compound_word_broken_at_its_hyphen_is_rejoined_without_a_space() -> None:
    assert join_wrapped("agencies involved in multi-", "disciplinary work") == (
        "agencies involved in multi-disciplinary work"
    )
    assert join_wrapped("the individual", "and others") == "the individual and others"


def test_metadata_without_a_colon_is_only_believed_where_expected() -> None:
    assert fact_of("Status Original", expected=True) is not None
    assert fact_of("Status Original", expected=False) is None
    fact = fact_of("Developed by Skills for Care & Development", expected=False)
    assert fact is not None and fact.field == "developed_by"
    urn = fact_of("URN: SCDHSC0389", expected=False)
    assert urn is not None and (urn.field, urn.value) == ("urn", "SCDHSC0389")


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz’", min_size=1, max_size=9)
# A criterion does not end on "and" or "the": that is what tells a heading from wrapped text.
# Its last word is read as the parser reads it (letters only: "a’" ends on "a").
_TEXT = (
    st.lists(_WORD, min_size=1, max_size=14)
    .map(" ".join)
    .filter(lambda t: t[0] != "’" and re.findall(r"\w+", t)[-1:] != []
            and re.findall(r"\w+", t)[-1].lower() not in CONNECTIVES)
)


@given(
    performance=st.lists(_TEXT, min_size=1, max_size=12),
    knowledge=st.lists(_TEXT, min_size=1, max_size=12),
    width=st.integers(min_value=20, max_value=120),
)
def test_wrapped_criteria_read_back_exactly(
    performance: list[str], knowledge: list[str], width: int
) -> None:
    import textwrap

    lines = ["Performance criteria", "Group one"]
    for n, text in enumerate(performance, 1):
        lines += textwrap.wrap(f"P{n} {text}", width, break_on_hyphens=False)
    lines += ["Knowledge and understanding", "Group two"]
    for n, text in enumerate(knowledge, 1):
        lines += textwrap.wrap(f"K{n} {text}", width, break_on_hyphens=False)
    standard = parse_text("\n".join(lines))
    assert [c.text for c in standard.criteria("performance")] == performance
    assert [c.text for c in standard.criteria("knowledge")] == knowledge
    assert {c.group for c in standard.criteria()} == {"Group one", "Group two"}


def test_a_wrapped_criterion_ending_on_a_heading_word_keeps_it() -> None:
    """Found by the property above: "skills" alone on a line ended a criterion early."""
    lines = ["Performance criteria", "Group one", "P1 help individuals develop their communication",
             "skills", "P2 respect their", "values", "Knowledge and understanding", "Group two",
             "K1 how to support communication"]
    standard = parse_text("\n".join(lines))
    assert [c.text for c in standard.criteria("performance")] == [
        "help individuals develop their communication skills", "respect their values"]
    assert [c.text for c in standard.criteria("knowledge")] == ["how to support communication"]
