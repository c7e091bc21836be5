"""The words facts are found by: matching form, one token per number, clause boundaries.

Indexing (at ingest, persisted with each fact) and questions both go through ``terms`` so the
two sides always agree.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot import vn
from bot.lexicon import Lexicon

if TYPE_CHECKING:
    from bot.models import Fact

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


# A number written as a word before a unit of time ("sau một năm", "hai tháng") is the same
# search term as its digits ("sau 1 năm"). "năm", "sáu" and "tư" are left out: folded, they are
# also "year" ("Việt Nam năm 2024"), "after" ("sau tháng 12") and "from" ("từ năm 2020").
_WORD_NUMBERS = {
    word: value
    for word, value in vn.NUMBER_WORDS.items()
    if value <= 10 and " " not in word and word not in ("nam", "sau", "tu")
}
_WORD_BEFORE_TIME = re.compile(rf"\b({'|'.join(_WORD_NUMBERS)}) (?=(?:nam|thang|tuan|ngay|quy)\b)")


def _numbers_as_tokens(matched: str) -> str:
    def token(m: re.Match[str]) -> str:
        value = vn.parse_number(m.group(0))
        return m.group(0) if value is None else vn.number_token(value)

    def word(m: re.Match[str]) -> str:
        return f"{vn.number_token(_WORD_NUMBERS[m.group(1)])} "

    return _WORD_BEFORE_TIME.sub(word, _NUMBER.sub(token, matched))


def terms(text: str, lexicon: Lexicon) -> list[str]:
    """Words of ``text`` in matching form, numbers as single tokens."""
    return vn.words(_numbers_as_tokens(lexicon.match(text)))


BOUNDARY = "|"
_CLAUSE = re.compile(r"[;()\[\]\"“”]|[,:](?!\d)|\s[-–]\s")


def clause_terms(text: str, lexicon: Lexicon) -> list[str]:
    """Like ``terms``, with a BOUNDARY token where a clause ends (comma, semicolon, bracket)."""
    tokens: list[str] = []
    for chunk in _CLAUSE.split(lexicon.match(text)):
        words = vn.words(_numbers_as_tokens(chunk))
        if words:
            if tokens:
                tokens.append(BOUNDARY)
            tokens.extend(words)
    return tokens


def is_number(token: str) -> bool:
    """A number token ("n2900", "n86p5")."""
    return token[:1] == "n" and token[1:2].isdigit()


def figure_span(tokens: tuple[str, ...], raw: list[str]) -> tuple[int, int]:
    """First and last index of the figure's number tokens in the sentence ("86/193" is two),
    or the middle of the sentence if they are not found."""
    numbers = [t for t in raw if is_number(t)] or raw[-1:]
    found = [i for i, t in enumerate(tokens) if numbers and t == numbers[-1]]
    if not found:
        return len(tokens) // 2, len(tokens) // 2
    before = raw[: raw.index(numbers[-1])] if numbers[-1] in raw else []

    def agreement(i: int) -> int:
        """How many of the figure's own words ("thứ", "vị trí") stand right before it."""
        return sum(
            1 for k, w in enumerate(reversed(before), 1) if i - k >= 0 and tokens[i - k] == w
        )

    last = max(found, key=lambda i: (agreement(i), -i))
    return last - (len(numbers) - 1), last


@dataclass(frozen=True)
class FactTerms:
    """A fact as the answerer finds it, worked out once at ingest and stored with the fact."""

    tokens: tuple[str, ...]
    """The sentence's words with BOUNDARY between clauses."""
    around: tuple[str, ...]
    """Words of the sentence before it (its context) and the title that the sentence lacks."""
    at: tuple[int, int]
    """Where the figures stand among ``tokens`` (first, last number token)."""

    def dump(self) -> str:
        return "\t".join(
            (" ".join(self.tokens), " ".join(self.around), f"{self.at[0]} {self.at[1]}")
        )

    @classmethod
    def load(cls, text: str) -> FactTerms | None:
        """The stored form back, or None if it is not one (a store written before it)."""
        parts = text.split("\t")
        if len(parts) != 3:
            return None
        first, _, last = parts[2].partition(" ")
        if not (first.isdigit() and last.isdigit()):
            return None
        # Interned: a word is one string however many facts hold it (a large store's memory).
        return cls(
            tuple(map(sys.intern, parts[0].split())),
            tuple(map(sys.intern, parts[1].split())),
            (int(first), int(last)),
        )


def fact_terms(fact: Fact, title: str, lexicon: Lexicon) -> FactTerms:
    tokens = tuple(clause_terms(fact.quote, lexicon))
    sentence = set(tokens)
    around = dict.fromkeys(
        w for text in (fact.context, title) for w in terms(text, lexicon) if w not in sentence
    )
    spans = [figure_span(tokens, terms(f.raw, lexicon)) for f in fact.figures]
    at = (min(a for a, _ in spans), max(b for _, b in spans))
    return FactTerms(tokens, tuple(around), at)
