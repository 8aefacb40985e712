"""Searching criteria text across standards: ranked, and forgiving of phone-keyboard typos.

A pure, in-memory index built from criteria rows. Text is lower-cased and split into
words; a plural "s" is dropped; a hyphenated word is indexed whole and in parts.

A query word matches an indexed word exactly (weight 1); as a prefix when it is the last
word typed and at least three letters long (0.8); or within an edit distance (insertion,
deletion, substitution or a swap of neighbours) of 1, or 2 for words of eight letters or
more (0.6). Candidate words within the distance are found through a table of deletions
(the SymSpell method) rather than by comparing with every word.

Very common short words ("of", "the") are ignored in a query that has other words. A
criterion's score is the sum, over query words, of the best match weight times the word's
inverse document frequency, times 1.5 when the query appears as a phrase. Criteria that
match every query word come first, then those matching most words.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from itertools import combinations

import msgspec

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STOP = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


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


class Hit(msgspec.Struct, frozen=True):
    """A found criterion and its score."""

    entry: Entry
    score: float


def _normal(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words_of(text: str, *, parts: bool = True) -> list[str]:
    """The normalised words of a text; a hyphenated word gives its joined form too, and its
    parts unless `parts` is false ("safe-guarding": "safeguarding", "safe", "guarding")."""
    out = []
    for word in _WORD.findall(text.lower().replace("’", "'")):
        if "-" in word:
            out.append(_normal(word.replace("-", "")))
            if parts:
                out += [_normal(part) for part in word.split("-")]
        else:
            out.append(_normal(word))
    return out


def _max_distance(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def _deletes(word: str, distance: int) -> set[str]:
    out = {word}
    for n in range(1, distance + 1):
        for positions in combinations(range(len(word)), n):
            out.add("".join(ch for i, ch in enumerate(word) if i not in positions))
    return out


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), or limit+1 if beyond it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class SearchIndex:
    """Criteria indexed by word, with a deletion table for typo-tolerant lookup."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.postings: dict[str, dict[int, int]] = defaultdict(dict)
        for number, entry in enumerate(entries):
            for word in words_of(f"{entry.text} {entry.group}"):
                self.postings[word][number] = self.postings[word].get(number, 0) + 1
        self.normalised = [" ".join(words_of(e.text, parts=False)) for e in entries]
        self.vocabulary = sorted(self.postings)
        self.deletions: dict[str, set[str]] = defaultdict(set)
        for word in self.vocabulary:
            for deleted in _deletes(word, _max_distance(word)):
                self.deletions[deleted].add(word)

    def _idf(self, word: str) -> float:
        return math.log(1 + len(self.entries) / len(self.postings[word]))

    def expand(self, word: str, *, last: bool) -> dict[str, float]:
        """Indexed words a query word may mean, with the weight of each."""
        found: dict[str, float] = {}
        limit = _max_distance(word)
        for deleted in _deletes(word, limit):
            for candidate in self.deletions.get(deleted, ()):
                distance = edit_distance(word, candidate, limit)
                if distance <= limit:
                    found[candidate] = max(found.get(candidate, 0.0), 1.0 if distance == 0 else 0.6)
        if last and len(word) >= 3:
            for candidate in self._prefixed(word):
                found[candidate] = max(found.get(candidate, 0.0), 0.8)
        return found

    def _prefixed(self, prefix: str) -> list[str]:
        from bisect import bisect_left

        start = bisect_left(self.vocabulary, prefix)
        out = []
        for word in self.vocabulary[start:]:
            if not word.startswith(prefix):
                break
            out.append(word)
        return out

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best-matching criteria for a query, best first."""
        terms = words_of(query, parts=False)
        terms = [t for t in terms if t not in _STOP] or terms
        if not terms:
            return []
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        for position, term in enumerate(terms):
            best: dict[int, float] = {}
            for word, weight in self.expand(term, last=position == len(terms) - 1).items():
                idf = self._idf(word)
                for number, count in self.postings[word].items():
                    value = weight * idf * (1 + math.log(count))
                    best[number] = max(best.get(number, 0.0), value)
            for number, value in best.items():
                scores[number] += value
                matched[number] += 1
        phrase = " ".join(words_of(query, parts=False))
        for number in scores:
            if phrase in self.normalised[number]:
                scores[number] *= 1.5
        ranked = sorted(scores, key=lambda n: (-matched[n], -scores[n], len(self.entries[n].text)))
        return [Hit(self.entries[n], round(scores[n], 3)) for n in ranked[:limit]]
