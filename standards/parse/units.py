"""Parsing a qualification unit specification (Care Certificate, diploma units) from its text.

A unit states its title ("Unit 201: Communication in care settings" or "Unit title: ..."),
facts ("Unit reference number: F/650/1234", "Level: 2", "Credit value: 3", "Guided
learning hours: 20"), an aim, then learning outcomes "1 Understand ..." each followed by
its assessment criteria "1.1 Describe ...", and optionally a mapping to NOS criteria.

The rules, in the order they are applied:

1. Lines are cleaned as for a NOS (`lines`); bare page numbers go.
2. Facts and the title are read wherever they stand before the outcomes.
3. In the outcomes region ("Learning outcomes", "Assessment criteria", "The learner will",
   "The learner can" are its headings and are skipped), a line "N text" (or "N. text",
   "Learning outcome N: text", "LO N text") opens outcome N, a line "N.M text" opens
   criterion M of outcome N, and a bare "N.M" (a table's number cell) takes the next line
   as its text. Other lines continue the outcome or criterion above them when they read as
   a wrapped line (`criteria.continues`); a known section heading ("Range", "Mapping to
   National Occupational Standards" ...) ends the region; anything else is refused. The
   lines of other sections ("Range" ...) and of the preamble are kept as notes.
4. Numbering: outcomes 1..n, each with criteria N.1..N.m; a criterion under another
   outcome's number, a number missing, repeated or out of order, an outcome without
   criteria, a criterion or outcome without text: refused, never renumbered.
5. The mapping section gives, per line, a unit criterion and the NOS criteria it maps to:
   "1.1 SCDHSC0031 P1, P2; SCDHSC0021 K3". A line naming a criterion the unit does not
   have, or that cannot be read that way, is refused.

The result is a `ParsedStandard` with `framework` "unit": one section per learning outcome
(kind "assessment", title "N text"), criteria refs "N.M" and each criterion's group the
outcome's text. Pure: text in, structs or `ParseError` out.
"""

from __future__ import annotations

import re
from typing import Any

from standards.parse.criteria import continues
from standards.parse.errors import ParseError
from standards.parse.identity import is_page_number, looks_like_code, normalise_code
from standards.parse.lines import Line, join_wrapped, split_lines
from standards.parsed import Criterion, NosLink, Note, ParsedStandard, Section, UnitFacts

_CRITERION = re.compile(r"^(?P<lo>\d{1,2})\.(?P<ac>\d{1,2})(?!\d)\.?(?:\s+(?P<text>.*))?$")
_OUTCOME = re.compile(
    r"^(?:(?:learning\s+outcome|lo)\s*)?(?P<lo>\d{1,2})(?![\d.]\d)[.:)]?\s+(?P<text>\S.*)$",
    re.IGNORECASE,
)
_TITLE = re.compile(r"^(?:unit\s+title|title)\s*:\s*(?P<title>\S.*)$", re.IGNORECASE)
_UNIT_LINE = re.compile(
    r"^unit\s+(?P<number>[A-Z]{0,3}\d{1,4}[A-Z]?)\s*[:.–-]\s*(?P<title>\S.*)$", re.IGNORECASE
)
_FACTS: dict[str, str] = {
    "unit reference number": "reference",
    "unit reference": "reference",
    "unit accreditation number": "reference",
    "unit number": "number",
    "level": "level",
    "unit level": "level",
    "credit value": "credit",
    "credit": "credit",
    "credits": "credit",
    "guided learning hours": "guided_learning_hours",
    "glh": "guided_learning_hours",
}
_FACT = re.compile(
    r"^(?P<key>"
    + "|".join(sorted(map(re.escape, _FACTS), key=len, reverse=True))
    + r")\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_REGION_HEADINGS = {
    "learning outcomes",
    "learning outcome",
    "assessment criteria",
    "learning outcomes and assessment criteria",
    "learning outcomes assessment criteria",
    "the learner will",
    "the learner can",
    "the learner will the learner can",
}
_AIM = {"unit aim", "unit aims", "unit purpose", "unit summary", "aim", "purpose"}
_MAPPING = {
    "mapping to national occupational standards",
    "mapping to nos",
    "nos mapping",
    "relationship to national occupational standards",
    "relationship to nos",
    "links to nos",
}
_OTHER = {
    "range",
    "additional information",
    "assessment guidance",
    "assessment requirements",
    "assessment",
    "delivery and assessment",
    "unit guidance",
    "guidance",
    "evidence requirements",
}
_NOS_REFS = re.compile(
    r"^(?P<code>[A-Z][A-Z&]{3,9} ?\d{1,5}[A-Z]?)\s+(?P<refs>[PK]\d{1,3}(?:\s*,\s*[PK]\d{1,3})*)$"
)
_UNIT_CODE = re.compile(r"^[A-Z][A-Z0-9]{2,15}$")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().rstrip(":").strip().lower())


def unit_code_of(reference: str) -> str | None:
    """The library code of a unit reference: "F/650/1234" -> "F6501234" (a code evidence
    keys can carry), or None when the reference cannot be one."""
    code = re.sub(r"[\s/.-]+", "", reference).upper()
    return code if _UNIT_CODE.match(code) else None


def looks_like_unit_code(text: str) -> bool:
    """True for a code the library can keep a unit under (letters and digits, a letter
    first, 3 to 16 long), such as "F6501234" or "CC5"."""
    return _UNIT_CODE.match(text.strip()) is not None


def looks_like_unit(text: str) -> bool:
    """True if the text reads as a unit specification rather than a NOS: it has assessment
    criteria numbered N.M under a learning-outcomes heading, and no P/K criteria."""
    lines = [line.text for line in split_lines(text) if line.text]
    heading = any(
        _key(t) in _REGION_HEADINGS or _key(t).startswith("learning outcome") for t in lines
    )
    numbered = any(_CRITERION.match(t) for t in lines)
    nos = any(re.match(r"^[PK]\s?\d{1,3}(?!\d)[.):]?(?:\s|$)", t) for t in lines)
    return heading and numbered and not nos


class _Outcome:
    def __init__(self, number: int, text: str, line: int) -> None:
        self.number = number
        self.text = text
        self.line = line
        self.criteria: list[list[Any]] = []  # [number within the outcome, text, line]


def parse_unit(text: str) -> ParsedStandard:
    """The unit a unit specification's text describes, or a `ParseError` saying why not."""
    lines = [line for line in split_lines(text) if not is_page_number(line.text)]
    if all(line.blank for line in lines):
        raise ParseError("empty", "the document contains no text")
    facts: dict[str, str] = {}
    title: str | None = None
    number: str | None = None
    aim: list[str] = []
    mapping_lines: list[Line] = []
    outcomes: list[_Outcome] = []
    notes: list[Note] = []
    region = "preamble"
    pending_bare: tuple[int, int, int] | None = None  # lo, ac, line of a bare number
    for line in lines:
        if line.blank:
            continue
        key = _key(line.text)
        fact = _FACT.match(line.text)
        if region in ("preamble", "aim") and fact is not None:
            facts.setdefault(_FACTS[fact["key"].lower()], fact["value"].strip())
            continue
        if region == "preamble" and title is None and (match := _TITLE.match(line.text)):
            title = match["title"].strip()
            continue
        if region == "preamble" and title is None and (match := _UNIT_LINE.match(line.text)):
            number, title = match["number"], match["title"].strip()
            continue
        if key in _REGION_HEADINGS:
            region = "outcomes"
            continue
        if key in _AIM:
            region = "aim"
            continue
        if key in _MAPPING:
            region = "mapping"
            continue
        if key in _OTHER:
            region = "other"
            notes.append(Note("", line.text))
            continue
        if region == "mapping":
            mapping_lines.append(line)
            continue
        if region == "outcomes" or (region in ("preamble", "aim") and _CRITERION.match(line.text)):
            region = "outcomes"
            pending_bare = _outcome_line(line, outcomes, pending_bare)
            continue
        if region == "aim":
            aim.append(line.text)
        elif region == "other":
            last = notes[-1]
            notes[-1] = Note(join_wrapped(last.text, line.text), last.scope)
        else:
            notes.append(Note(line.text, "preamble"))
    if pending_bare is not None:
        lo, ac, no = pending_bare
        raise ParseError("empty_criterion", f"{lo}.{ac} has no text", no)
    sections = _check(outcomes)
    refs = {c.ref for s in sections for c in s.criteria}
    links = _links(mapping_lines, refs)
    unit = UnitFacts(
        reference=facts.get("reference"),
        number=facts.get("number") or number,
        level=facts.get("level"),
        credit=facts.get("credit"),
        guided_learning_hours=facts.get("guided_learning_hours"),
    )
    code = unit_code_of(unit.reference) if unit.reference else None
    return ParsedStandard(
        code=code,
        title=title,
        overview=" ".join(aim),
        sections=sections,
        glossary=[],
        values=[],
        notes=notes,
        layout="word-text",
        framework="unit",
        unit=unit,
        nos_links=links,
    )


def _outcome_line(
    line: Line, outcomes: list[_Outcome], pending: tuple[int, int, int] | None
) -> tuple[int, int, int] | None:
    """Read one line of the outcomes region; a bare criterion number waiting for its text."""
    if pending is not None:
        lo, ac, no = pending
        if _CRITERION.match(line.text) or _OUTCOME.match(line.text):
            raise ParseError("empty_criterion", f"{lo}.{ac} has no text", no)
        _add_criterion(outcomes, lo, ac, line.text, no)
        return None
    criterion = _CRITERION.match(line.text)
    if criterion is not None:
        lo, ac = int(criterion["lo"]), int(criterion["ac"])
        if not (criterion["text"] or "").strip():
            return lo, ac, line.no
        _add_criterion(outcomes, lo, ac, criterion["text"].strip(), line.no)
        return None
    outcome = _OUTCOME.match(line.text)
    if outcome is not None:
        outcomes.append(_Outcome(int(outcome["lo"]), outcome["text"].strip(), line.no))
        return None
    if outcomes:
        last = outcomes[-1]
        if last.criteria:
            if continues(last.criteria[-1][1], line.text):
                last.criteria[-1][1] = join_wrapped(last.criteria[-1][1], line.text)
                return None
            where = f"after {last.number}.{last.criteria[-1][0]}"
        else:
            if continues(last.text, line.text):
                last.text = join_wrapped(last.text, line.text)
                return None
            where = f"after learning outcome {last.number}"
    else:
        where = "before the first learning outcome"
    raise ParseError(
        "unexpected_text",
        f"text {where} is neither a learning outcome, an assessment criterion nor wrapped "
        f"text: {line.text[:60]!r}",
        line.no,
    )


def _add_criterion(outcomes: list[_Outcome], lo: int, ac: int, text: str, no: int) -> None:
    if not outcomes:
        raise ParseError(
            "criterion_outside_outcome",
            f"{lo}.{ac} comes before any learning outcome",
            no,
        )
    last = outcomes[-1]
    if lo != last.number:
        raise ParseError(
            "criterion_outside_outcome",
            f"{lo}.{ac} is under learning outcome {last.number}, whose criteria are numbered "
            f"{last.number}.1, {last.number}.2 ...",
            no,
        )
    last.criteria.append([ac, text, no])


def _check(outcomes: list[_Outcome]) -> list[Section]:
    if not outcomes:
        raise ParseError("no_learning_outcomes", "no learning outcomes (1 Understand ...) found")
    sections: list[Section] = []
    seen: dict[int, int] = {}
    for index, outcome in enumerate(outcomes):
        _in_order("learning outcome ", outcome.number, index + 1, seen, outcome.line)
        seen[outcome.number] = outcome.line
        if not outcome.criteria:
            raise ParseError(
                "outcome_without_criteria",
                f"learning outcome {outcome.number} has no assessment criteria",
                outcome.line,
            )
        inner: dict[int, int] = {}
        criteria = []
        for position, (ac, text, no) in enumerate(outcome.criteria):
            _in_order(f"{outcome.number}.", ac, position + 1, inner, no)
            inner[ac] = no
            criteria.append(Criterion(f"{outcome.number}.{ac}", text, outcome.text))
        sections.append(Section("assessment", f"{outcome.number} {outcome.text}", criteria))
    return sections


def _in_order(prefix: str, number: int, expected: int, seen: dict[int, int], line: int) -> None:
    label = f"{prefix}{number}"
    if number in seen:
        raise ParseError(
            "repeated_number", f"{label} appears twice (first at line {seen[number]})", line
        )
    if number != expected:
        after = f"after {prefix}{expected - 1}" if expected > 1 else "at the start"
        reason = "missing_number" if number > expected else "number_out_of_order"
        raise ParseError(reason, f"{prefix}{expected} expected {after} but found {label}", line)


def _links(lines: list[Line], refs: set[str]) -> list[NosLink]:
    links: list[NosLink] = []
    for line in lines:
        match = re.match(r"^(?P<ref>\d{1,2}\.\d{1,2})\s+(?P<rest>\S.*)$", line.text)
        if match is None:
            raise ParseError(
                "bad_mapping",
                "a mapping line must name a unit criterion and NOS criteria, as "
                f"'1.1 SCDHSC0031 P1, P2': {line.text[:60]!r}",
                line.no,
            )
        ref = match["ref"]
        if ref not in refs:
            raise ParseError(
                "mapping_unknown_criterion",
                f"the mapping names {ref}, which is not an assessment criterion of this unit",
                line.no,
            )
        for part in re.split(r"\s*;\s*", match["rest"].strip().rstrip(";")):
            nos = _NOS_REFS.match(part)
            if nos is None or not looks_like_code(nos["code"]):
                raise ParseError(
                    "bad_mapping",
                    f"{ref} maps to {part[:40]!r}, which is not a NOS code and its criteria "
                    "(SCDHSC0031 P1, P2)",
                    line.no,
                )
            code = normalise_code(nos["code"])
            for nos_ref in re.split(r"\s*,\s*", nos["refs"]):
                links.append(NosLink(ref, code, nos_ref))
    return links
