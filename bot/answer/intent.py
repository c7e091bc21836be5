"""What a question asks: the measure words, the entity, the period, the kind of figure."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.lexicon import Entity, Lexicon
from bot.searchtext import terms

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_QUESTION_WORDS = frozenset(
    [
        "bao",
        "nhieu",
        "may",
        "la",
        "co",
        "duoc",
        "gi",
        "nao",
        "the",
        "khong",
        "ko",
        "k",
        "roi",
        "nhi",
        "a",
        "ha",
        "vay",
        "sao",
        "hien",
        "nay",
        "bay",
        "gio",
    ]
)
_UNIT_WORDS = frozenset(["tien", "dong", "usd", "phan", "tram", "lan", "bac", "nguoi"])
_INTENT_WORDS = frozenset(
    [
        "bao",
        "nhieu",
        "may",
        "the",
        "nao",
        "ra",
        "sao",
        "dung",
        "thu",
        "xep",
        "hang",
        "vi",
        "tri",
        "ty",
        "le",
        "phan",
        "tram",
        "muc",
        "tieu",
        "chi",
        "tieu",
        "phan",
        "dau",
        "du",
        "bao",
        "du",
        "doan",
        "hien",
        "nay",
        "hien",
        "tai",
        "moi",
        "nhat",
    ]
)


@dataclass
class Question:
    text: str
    matched: str
    words: list[str]
    content: list[str]
    """Words that say what is asked about (stopwords removed, typos corrected)."""
    topic: list[str] = field(default_factory=list)
    """Content words outside the entities named: what is asked about them."""
    unknown: list[str] = field(default_factory=list)
    """Content words the corpus has never seen, even after correction."""
    entities: list[Entity] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    numbers: set[float] = field(default_factory=set)
    """Figures the user wrote ("hơn 2900 thủ tục"): context, not the answer sought."""
    asked: list[str] = field(default_factory=list)
    """Words right after "bao nhiêu"/"mấy": what is being counted."""
    regions: list[str] = field(default_factory=list)
    wants: set[str] = field(default_factory=set)
    kind: str | None = None
    support: dict[str, float] = field(default_factory=dict)
    """Per word: 1.0 when it meets a neighbour here as in some corpus phrase, else less."""


def _is_number(word: str) -> bool:
    """A number token of the search text ("n2900", "n86p5"; see searchtext.terms)."""
    return word[:1] == "n" and word[1:2].isdigit()


class QuestionParser:
    def __init__(
        self, lexicon: Lexicon, vocabulary: set[str], bigrams: set[str] | None = None
    ) -> None:
        self.lexicon = lexicon
        self.bigrams = bigrams or set()
        self.vocabulary = vocabulary | lexicon.alias_words
        self._choices = sorted(w for w in self.vocabulary if len(w) >= 3 and not w[0].isdigit())
        self._corrections: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The corpus word closest to a word the corpus does not know, if one is close."""
        if word in self._corrections:
            return self._corrections[word]
        best = None
        if len(word) >= 4 and not word[0].isdigit():
            cutoff = 88 if len(word) <= 5 else 80
            found = process.extractOne(
                word, self._choices, scorer=fuzz.ratio, score_cutoff=cutoff, processor=None
            )
            best = found[0] if found else None
        if len(self._corrections) < 50_000:
            self._corrections[word] = best
        return best

    def _in_phrase(self, words: list[str], i: int) -> bool:
        """Two stopwords that make a corpus phrase ("đô thị" folds to "do thi") are content."""
        word = words[i]
        if word in _QUESTION_WORDS:
            return False
        stop = self.lexicon.stopwords
        neighbours = []
        if i > 0 and words[i - 1] in stop and words[i - 1] not in _QUESTION_WORDS:
            neighbours.append(f"{words[i - 1]}_{word}")
        if i + 1 < len(words) and words[i + 1] in stop and words[i + 1] not in _QUESTION_WORDS:
            neighbours.append(f"{word}_{words[i + 1]}")
        return any(n in self.bigrams for n in neighbours)

    def _phrase_support(self, words: list[str]) -> dict[str, float]:
        """Words seen in the corpus only apart from their neighbours here count for less."""
        support: dict[str, float] = {}
        for i, word in enumerate(words):
            pairs = []
            if i > 0:
                pairs.append(f"{words[i - 1]}_{word}")
            if i + 1 < len(words):
                pairs.append(f"{word}_{words[i + 1]}")
            support[word] = 1.0 if any(p in self.bigrams for p in pairs) else 0.55
        return support

    def parse(self, text: str) -> Question:
        lexicon = self.lexicon
        words = terms(text, lexicon)
        corrected: list[str] = []
        unknown: list[str] = []
        for word in words:
            if word in self.vocabulary or word in lexicon.stopwords or _is_number(word):
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
            for i, w in enumerate(corrected)
            if (w not in lexicon.stopwords or self._in_phrase(corrected, i))
            and not _YEAR.fullmatch(w.lstrip("n"))
        ]
        question = Question(
            text=text,
            matched=matched,
            words=corrected,
            content=content,
            unknown=[w for w in unknown if w not in lexicon.stopwords and w not in _INTENT_WORDS],
        )
        seen: set[str] = set()
        outside = matched
        for mention in lexicon.mentions(matched):
            outside = (
                outside[: mention.start]
                + " " * (mention.end - mention.start)
                + outside[mention.end :]
            )
            if mention.entity.name not in seen:
                seen.add(mention.entity.name)
                question.entities.append(mention.entity)
        kept = set(content)
        question.topic = [w for w in outside.split() if w in kept]
        question.years = [y for y in _YEAR.findall(" ".join(w.lstrip("n") for w in corrected))]
        for intent in ("rank", "percent", "money", "index", "change", "times"):
            if lexicon.has_intent(matched, intent):
                question.wants.add(intent)
        if lexicon.has_intent(matched, "target"):
            question.kind = "target"
        elif lexicon.has_intent(matched, "forecast"):
            question.kind = "forecast"
        question.support = self._phrase_support(corrected)
        for word in corrected:
            if _is_number(word) and word[1:] not in question.years:
                with contextlib.suppress(ValueError):
                    question.numbers.add(float(word[1:].replace("p", ".")))
        asked = re.search(r"\b(?:bao nhieu|may|bnhiu)\s+((?:[a-z_]+\s*){1,4})", matched)
        if asked:
            question.asked = [
                w
                for w in asked.group(1).split()
                if w not in lexicon.stopwords and w not in _UNIT_WORDS
            ][:3]
        for phrase, region in (
            ("dong nam a", "Đông Nam Á"),
            ("chau a", "Châu Á"),
            ("the gioi", "thế giới"),
        ):
            if phrase in matched:
                question.regions.append(region)
        return question
