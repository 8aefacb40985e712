"""Reading the scope/range and glossary sections into terms and notes.

A glossary line names its term before a defining verb: "Key people are ...", "Transitions
could include: ...", "Personalisation can be defined as ...". The definition is kept as
written, term included. A line that names no term and follows an entry directly continues
it if it reads on (it starts in lower case, or the entry ends mid-sentence: wrapped text),
and so does a line that restates the same term in another form directly below it
("Critically analyse is ..." followed by "Critical analysis involves ..."): definitions that
run over several lines where only the first names the term. Lines are joined with a space
(none after a hyphen that ends a line, as in "multi-" / "disciplinary"). Boilerplate ("The
details in this field are explanatory statements ...", "Note: ...") and paragraphs that
name no term become notes, so no text is dropped.
"""

from __future__ import annotations

import re

from standards.parse.criteria import continues
from standards.parse.lines import Line, join_wrapped
from standards.parsed import GlossaryEntry, Note, Scope

_VERBS = re.compile(
    r"\s(?:is|are|includes?|involves|requires|uses|takes account of|can be defined as"
    r"|(?:may|would|could|should|will) (?:include|be|mean)|(?:these|this) (?:could|would|may))\b"
)
_NOT_A_TERM = {
    "depending",
    "where",
    "when",
    "if",
    "in",
    "all",
    "note",
    "this",
    "these",
    "it",
    "there",
    "for",
    "although",
    "however",
    "please",
    "each",
    "any",
    "you",
}
_BOILERPLATE = (
    "the details in this field",
    "all knowledge statements",
    "in relation to all knowledge statements",
    "note:",
)
_MAX_TERM_WORDS = 12


def term_of(text: str) -> str | None:
    """The term a glossary line defines, or None if it names none."""
    if text.lower().startswith(_BOILERPLATE):
        return None
    verb = _VERBS.search(text)
    if verb is None or verb.start() == 0:
        return None
    term = text[: verb.start()].strip()
    words = term.split()
    if len(words) > _MAX_TERM_WORDS or words[0].lower().strip(",:") in _NOT_A_TERM:
        return None
    if ". " in term or not term[0].isupper() and not term[0].isdigit():
        return None
    return term


def same_term(a: str, b: str) -> bool:
    """True if two terms are forms of one ("Critically analyse", "Critical analysis")."""
    stems_a = [w[:6].lower() for w in re.findall(r"\w+", a)]
    stems_b = [w[:6].lower() for w in re.findall(r"\w+", b)]
    return bool(stems_a) and stems_a == stems_b


class _Open:
    """The entry or note being built while reading one section."""

    def __init__(self, term: str | None, text: str) -> None:
        self.term = term
        self.text = text


def read_glossary(lines: list[Line], scope: Scope) -> tuple[list[GlossaryEntry], list[Note]]:
    """The terms and notes in one scope/range or glossary section."""
    items: list[_Open] = []
    adjacent = False
    for line in lines:
        if line.blank:
            adjacent = False
            continue
        term = term_of(line.text)
        current = items[-1] if items else None
        if current is not None and adjacent and _continues(current, term, line.text):
            current.text = join_wrapped(current.text, line.text)
        else:
            items.append(_Open(term, line.text))
        adjacent = True
    entries = [GlossaryEntry(i.term, i.text, scope) for i in items if i.term]
    notes = [Note(i.text, scope) for i in items if not i.term]
    return entries, notes


def _continues(current: _Open, term: str | None, text: str) -> bool:
    if text.lower().startswith(_BOILERPLATE):
        return False
    if term is not None:
        return current.term is not None and same_term(current.term, term)
    return current.term is None or continues(current.text, text)
