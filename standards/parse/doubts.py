"""Reasons to doubt a parse that was not refused, and what they do to an import.

A parse either fails (`ParseError`) or gives a standard; but a standard can look whole and
still be wrong (a wrapped line given to the wrong number shifts two texts and keeps the
counts). So every parse also lists its doubts, each a `Doubt(key, reason, message)`:

| reason | key | when |
|---|---|---|
| `tie_break` | criterion | the PDF extractor gave it lines by a tie-break (`extract.table`) |
| `lower_case_after_stop` | criterion | a sentence inside it ends and the next starts lower case |
| `ends_mid_phrase` | criterion | it ends on a word or mark that cannot end it ("and", ",") |
| `starts_mid_phrase` | criterion | it starts with a word that continues a phrase ("that", "as") |
| `count_differs` | "counts" | the bundled standard of that code has other counts |
| `title_mismatch` | "title" | the catalogue's title for the code is not the document's |

A criterion's confidence is 1.0 without doubts, lower with each (the weights below). An
import with a doubt that nobody confirmed is refused (`uncertain_layout`); a person
confirms by key after checking the text against the document. Pure: no I/O here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from standards.parsed import Doubt, ParsedStandard

WEIGHTS = {
    "tie_break": 0.5,
    "lower_case_after_stop": 0.6,
    "ends_mid_phrase": 0.7,
    "starts_mid_phrase": 0.7,
}
CONFIRM_ALL = "all"
_ABBREVIATIONS = {"e.g", "eg", "i.e", "ie", "etc", "cf", "vs", "no", "approx"}
_STOP_THEN_LOWER = re.compile(r"(\S+)\.\s+[a-z]")
_OPENERS_THAT_CONTINUE = {
    "and", "or", "but", "nor", "that", "which", "who", "whom", "whose", "as", "of", "to",
    "with", "by", "for", "from", "than", "then", "at", "on", "into",
}
_UNENDING_MARKS = (",", "-", "–", "/", "(", "&")
# words a criterion cannot end on ("deal with" and "refer to" can end one)
_UNENDING_WORDS = {
    "a", "an", "the", "and", "or", "nor", "but", "of", "their", "your", "its", "his", "her",
    "including", "such",
}


# the same, for a Welsh record: words a criterion cannot end on, or open a criterion with
# only as the tail of the one before ("a" and "i" open many Welsh criteria: not listed)
_WELSH_OPENERS = {"ac", "neu", "ond", "sy'n", "sy’n", "sydd", "gan", "gyda", "wrth", "fel"}
_WELSH_UNENDING = {"a", "ac", "y", "yr", "neu", "ond", "o", "i", "eu", "ei", "gyda", "â", "ag"}


def text_doubts(parsed: ParsedStandard) -> list[Doubt]:
    """Doubts that the criterion texts themselves raise (in the document's language)."""
    welsh = parsed.language == "cy"
    openers = _WELSH_OPENERS if welsh else _OPENERS_THAT_CONTINUE
    unending = _WELSH_UNENDING if welsh else _UNENDING_WORDS
    found: list[Doubt] = []
    for criterion in parsed.criteria():
        text, ref = criterion.text, criterion.ref
        stop = next(
            (m for m in _STOP_THEN_LOWER.finditer(text) if m[1].lower() not in _ABBREVIATIONS),
            None,
        )
        if stop is not None:
            found.append(
                Doubt(
                    ref,
                    "lower_case_after_stop",
                    f"{ref} has a sentence starting in lower case after a full stop "
                    f"(“…{text[max(0, stop.start()) : stop.end() + 12]}…”): two criteria may "
                    "have been joined",
                )
            )
        words = re.findall(r"[\w’']+", text.lower())
        if text.endswith(_UNENDING_MARKS) or (words and words[-1] in unending):
            found.append(
                Doubt(
                    ref,
                    "ends_mid_phrase",
                    f"{ref} ends mid-phrase (“…{text[-30:]}”): its last line may be elsewhere",
                )
            )
        if words and words[0] in openers:
            found.append(
                Doubt(
                    ref,
                    "starts_mid_phrase",
                    f"{ref} starts mid-phrase (“{text[:30]}…”): it may begin with the end "
                    "of the criterion before it",
                )
            )
    return found


def naming_doubts(
    parsed: ParsedStandard,
    *,
    catalogue_title: str | None,
    bundled_counts: tuple[int, int] | None,
) -> list[Doubt]:
    """Doubts from comparing the standard with the catalogue and the bundled seeds."""
    found: list[Doubt] = []
    if catalogue_title and parsed.title and _plain(catalogue_title) != _plain(parsed.title):
        found.append(
            Doubt(
                "title",
                "title_mismatch",
                f"the catalogue names {parsed.code} “{catalogue_title}”, but the document "
                f"says “{parsed.title}”: check the code and the title",
            )
        )
    counts = len(parsed.criteria("performance")), len(parsed.criteria("knowledge"))
    if bundled_counts is not None and counts != bundled_counts:
        found.append(
            Doubt(
                "counts",
                "count_differs",
                f"the bundled {parsed.code} has {bundled_counts[0]} performance criteria "
                f"and {bundled_counts[1]} knowledge statements; this document gives "
                f"{counts[0]} and {counts[1]}",
            )
        )
    return found


def _plain(title: str) -> str:
    text = title.replace("’", "'").replace("‘", "'").replace("–", "-").casefold()
    return re.sub(r"\s+", " ", text).strip(" .")


def confidence(parsed: ParsedStandard) -> dict[str, float]:
    """Every criterion's confidence: 1.0, times the weight of each of its doubts."""
    out = {criterion.ref: 1.0 for criterion in parsed.criteria()}
    for doubt in parsed.doubts:
        if doubt.key in out:
            out[doubt.key] = round(out[doubt.key] * WEIGHTS.get(doubt.reason, 0.5), 3)
    return out


def unconfirmed(doubts: Iterable[Doubt], confirmed: Iterable[str]) -> list[Doubt]:
    """The doubts no one confirmed (`confirmed` holds keys, or "all")."""
    keys = {key.strip() for key in confirmed}
    if CONFIRM_ALL in keys:
        return []
    return [doubt for doubt in doubts if doubt.key not in keys]
