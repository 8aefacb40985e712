"""Searching criteria: the server's twin of the PWA's `pwa/js/lib/criteria-search.js`.

The PWA's is the one algorithm (search must work offline); this module does exactly the
same, for `GET /api/library/search`, and both run the golden cases in
`standards/golden/search-cases.json`. Read the JavaScript module's header for the rules. In
short: a criterion is found by the words of its text, ref and standard code (weight 2), its
group heading (1) and the definitions of glossary terms in its text (1). A query word
matches the same word (3), its beginning (2), a near miss within one edit (5-7 letters) or
two (8 or more) of the word or its beginning (1), or a related word from `RELATED`, for it
or for a word of 4 letters or more that matches it (1). Plurals count as their singulars;
every query word must match; a ref typed exactly scores 10. Pure: values in, hits out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import msgspec

STOPWORDS = (
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of",
    "on", "or", "the", "to", "with", "you", "your",
)
RELATED: dict[str, tuple[str, ...]] = {
    "privacy": ("confidential", "confidentiality", "confidentially", "dignity", "private"),
    "private": ("confidential", "confidentiality", "confidentially", "privacy"),
    "abuse": ("harm", "safeguarding"),
    "safeguard": ("abuse", "harm", "protect", "protection"),
    "protection": ("safeguarding",),
    "respect": ("dignity", "dignified"),
    "choice": ("preference", "wish"),
    "consent": ("agree", "agreement", "permission"),
}
_STOP = frozenset(STOPWORDS)
TEXT, GROUP, GLOSSARY = 2, 1, 1
REF_POINTS = 10
RELATED_MIN = 4
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s\b")
_SIBILANT_ES = re.compile(r"(ss|sh|ch|x|z)es$")


class Entry(msgspec.Struct, frozen=True):
    """One searchable criterion."""

    key: str
    code: str
    version: int
    ref: str
    kind: str
    group: str
    text: str
    title: str


class Term(msgspec.Struct, frozen=True):
    term: str
    definition: str


class Hit(msgspec.Struct, frozen=True):
    """A found criterion and its points."""

    entry: Entry
    score: int


def singular(word: str) -> str:
    """A plural's singular (families: family, boxes: box, needs: need); others unchanged."""
    if len(word) <= 3 or any(ch.isdigit() for ch in word):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if _SIBILANT_ES.search(word):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1] if word.endswith("s") else word


_UNIT_NUMBER = re.compile(r"\b\d{1,2}\.\d{1,2}\b")


def words(text: str) -> list[str]:
    """Lower-cased words without accents or possessive 's; a hyphenated word gives its parts
    and then itself joined."""
    plain = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)
    ).lower()
    plain = _POSSESSIVE.sub("", plain)
    out: list[str] = []
    for token in _TOKEN.findall(plain):
        parts = token.split("-")
        out += parts
        if len(parts) > 1:
            out.append("".join(parts))
    # a unit's criterion number ("1.2") also counts whole, so that typing it finds that ref
    out += _UNIT_NUMBER.findall(plain)
    return out


def _with_singulars(found: Iterable[str]) -> list[str]:
    return [form for w in found for form in ((w,) if singular(w) == w else (w, singular(w)))]


def _meaningful(text: str) -> list[str]:
    return [singular(w) for w in words(text) if w not in _STOP]


def terms_in(text_words: Sequence[str], glossary: Iterable[Term]) -> list[Term]:
    """The glossary terms whose words appear, in order, among a criterion's words."""
    joined = f" {' '.join(text_words)} "
    found = []
    for term in glossary:
        term_words = _meaningful(term.term)
        if term_words and f" {' '.join(term_words)} " in joined:
            found.append(term)
    return found


def query_terms(query: str) -> list[str]:
    """The words searched for: singulars, small words dropped unless that leaves none."""
    every = words(query)
    kept = [w for w in every if w not in _STOP] or every
    return list(dict.fromkeys(singular(w) for w in kept))


def near_miss(term: str, word: str, limit: int) -> bool:
    """Whether `term` is within `limit` edits (optimal string alignment) of `word` or of a
    beginning of it."""
    width = min(len(word), len(term) + limit)
    if width < len(term) - limit:
        return False
    before: list[int] = []
    previous = list(range(width + 1))
    for i in range(1, len(term) + 1):
        current = [i]
        for j in range(1, width + 1):
            cost = 0 if term[i - 1] == word[j - 1] else 1
            d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and term[i - 1] == word[j - 2] and term[i - 2] == word[j - 1]:
                d = min(d, before[j - 2] + 1)
            current.append(d)
        if min(current) > limit:
            return False
        before, previous = previous, current
    return any(previous[j] <= limit for j in range(max(0, len(term) - limit), width + 1))


def related_words(term: str) -> set[str]:
    """The standards' words for a word people use, or for a word it matches ("privcy");
    none for words under 4 letters."""
    if len(term) < RELATED_MIN:
        return set()
    return {w for key, also in RELATED.items() if match_word(term, key) for w in also}


def match_word(term: str, word: str) -> int:
    """3 the same word, 2 its beginning, 1 a near miss, 0 no match."""
    if term == word:
        return 3
    if word.startswith(term):
        return 2
    limit = 0 if len(term) < 5 else 1 if len(term) < 8 else 2
    return 1 if limit and near_miss(term, word, limit) else 0


class SearchIndex:
    """Criteria indexed by word: word -> entry position -> weight of the place."""

    def __init__(self, entries: list[Entry], glossaries: Mapping[str, list[Term]] | None = None):
        self.entries = entries
        self.postings: dict[str, dict[int, int]] = {}
        for at, entry in enumerate(entries):
            self._add(words(entry.text) + words(entry.code) + words(entry.ref), at, TEXT)
            self._add(words(entry.group), at, GROUP)
            for term in terms_in(_meaningful(entry.text), (glossaries or {}).get(entry.code, [])):
                self._add([w for w in words(term.definition) if w not in _STOP], at, GLOSSARY)

    def _add(self, found: list[str], at: int, weight: int) -> None:
        for word in _with_singulars(found):
            places = self.postings.setdefault(word, {})
            if places.get(at, 0) < weight:
                places[at] = weight

    def _score_term(self, term: str) -> dict[int, int]:
        best: dict[int, int] = {}
        related = related_words(term)
        for word, places in self.postings.items():
            quality = max(match_word(term, word), 1 if word in related else 0)
            if not quality:
                continue
            for at, weight in places.items():
                points = REF_POINTS if self.entries[at].ref.lower() == term else quality * weight
                if best.get(at, 0) < points:
                    best[at] = points
        return best

    def search(self, query: str, limit: int = 50, *, standard: str | None = None,
               group: str | None = None, kind: str | None = None) -> list[Hit]:
        """Criteria matching every word of `query`, best first (the PWA's searchCriteria)."""
        def allowed(e: Entry) -> bool:
            return ((not standard or e.code == standard) and (not group or e.group == group)
                    and (not kind or e.kind == kind))

        terms = query_terms(query)
        if not terms:
            return [Hit(e, 0) for e in self.entries if allowed(e)][:limit]
        scores: dict[int, int] | None = None
        for term in terms:
            term_scores = self._score_term(term)
            if scores is None:
                scores = term_scores
            else:
                scores = {at: s + term_scores[at] for at, s in scores.items() if at in term_scores}
            if not scores:
                return []
        assert scores is not None
        ranked = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
        hits = [Hit(self.entries[at], points) for at, points in ranked if allowed(self.entries[at])]
        return hits[:limit]
