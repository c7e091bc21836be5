"""What a question asks: the measure words, the entity, the period, the kind of figure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.lexicon import Entity, Lexicon
from bot.searchtext import terms

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_INTENT_WORDS = frozenset(
    "bao nhieu may the nao ra sao dung thu xep hang vi tri ty le phan tram muc tieu chi tieu"
    " phan dau du bao du doan hien nay hien tai moi nhat".split()
)


@dataclass
class Question:
    text: str
    matched: str
    words: list[str]
    content: list[str]
    """Words that say what is asked about (stopwords removed, typos corrected)."""
    unknown: list[str] = field(default_factory=list)
    """Content words the corpus has never seen, even after correction."""
    entities: list[Entity] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    wants: set[str] = field(default_factory=set)
    kind: str | None = None
    latest: bool = False


class QuestionParser:
    def __init__(self, lexicon: Lexicon, vocabulary: set[str]) -> None:
        self.lexicon = lexicon
        self.vocabulary = vocabulary | lexicon.alias_words
        self._choices = sorted(w for w in self.vocabulary if len(w) >= 3 and not w[0].isdigit())
        self._corrections: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The corpus word closest to a word the corpus does not know, if one is close."""
        if word in self._corrections:
            return self._corrections[word]
        best = None
        if len(word) >= 3 and not word[0].isdigit():
            found = process.extractOne(
                word, self._choices, scorer=fuzz.ratio, score_cutoff=78, processor=None
            )
            best = found[0] if found else None
        if len(self._corrections) < 50_000:
            self._corrections[word] = best
        return best

    def parse(self, text: str) -> Question:
        lexicon = self.lexicon
        words = terms(text, lexicon)
        corrected: list[str] = []
        unknown: list[str] = []
        for word in words:
            if word in self.vocabulary or word in lexicon.stopwords or word[0] == "n" and word[1:2].isdigit():
                corrected.append(word)
                continue
            fixed = self.correct(word)
            if fixed is None:
                unknown.append(word)
                corrected.append(word)
            else:
                corrected.append(fixed)
        matched = " ".join(corrected)
        content = [
            w
            for w in corrected
            if w not in lexicon.stopwords and not _YEAR.fullmatch(w.lstrip("n"))
        ]
        question = Question(
            text=text,
            matched=matched,
            words=corrected,
            content=content,
            unknown=[w for w in unknown if w not in lexicon.stopwords and w not in _INTENT_WORDS],
        )
        seen: set[str] = set()
        for mention in lexicon.mentions(matched):
            if mention.entity.name not in seen:
                seen.add(mention.entity.name)
                question.entities.append(mention.entity)
        question.years = [y for y in _YEAR.findall(" ".join(w.lstrip("n") for w in corrected))]
        for intent in ("rank", "percent", "money", "index", "change"):
            if lexicon.has_intent(matched, intent):
                question.wants.add(intent)
        if lexicon.has_intent(matched, "target"):
            question.kind = "target"
        elif lexicon.has_intent(matched, "forecast"):
            question.kind = "forecast"
        question.latest = lexicon.has_intent(matched, "latest")
        return question
