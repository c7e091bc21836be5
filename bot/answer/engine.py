"""Question -> Answer: FTS5 candidates, then a feature rerank; below a threshold tuned on the
evaluation set, no answer but suggestions."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot import vn
from bot.answer.intent import Question, QuestionParser
from bot.lexicon import Lexicon
from bot.models import Answer, Fact, Figure
from bot.searchtext import fts_query_tokens, terms
from bot.store import FactStore

THRESHOLD = 0.57
CANDIDATES = 80
# "bao nhiêu <word>" asks for the size of a ranking's field when the ranking counts <word>s.
_FIELD_WORDS = {"quoc": "quoc", "nuoc": "quoc", "bo": "bo", "tinh": "tinh"}
MAX_QUERY_TOKENS = 10
MAX_QUESTION_CHARS = 500
_NATIONAL = {"Việt Nam", "Cổng Dịch vụ công quốc gia"}


@dataclass
class _Scored:
    fact: Fact
    figure: Figure
    score: float


def _same_year(a: str | None, b: str | None) -> bool:
    return bool(a and b and a[:4] == b[:4])


def _period_has(period: str | None, years: list[str]) -> bool:
    """Whether a period ("2019", "2020-08-26", "2020-2025") covers one of the years."""
    if not period:
        return False
    span = re.fullmatch(r"(\d{4})-(\d{4})", period)
    low, high = (span.group(1), span.group(2)) if span else (period[:4], period[:4])
    if len(years) >= 2:
        # "giai đoạn 2019-2025", "từ 2018 lên 2019": the question names a span.
        return min(years) <= high and low <= max(years)
    return any(low <= y <= high for y in years)


def period_key(period: str | None) -> str:
    """Sort key for periods: "2019" < "2020-02-12" < "2020" (a whole year ends last)."""
    if not period:
        return ""
    if re.fullmatch(r"\d{4}-\d{4}", period):
        return period[5:] + "-00"
    return period if len(period) > 4 else period + "-99"


class Answerer:
    """Answers questions from the fact store; build with ``await Answerer.create(...)``."""

    def __init__(self, store: FactStore, lexicon: Lexicon) -> None:
        self.store = store
        self.lexicon = lexicon
        self.parser = QuestionParser(lexicon, set())
        self._doc_freq: Counter[str] = Counter()
        self._docs = 1
        self._fact_terms: dict[int, tuple[set[str], set[str]]] = {}
        self._by_subject: dict[str, list[int]] = {}
        self._facts: dict[int, Fact] = {}
        self._bigrams: Counter[str] = Counter()
        self._default_suggestions: tuple[str, ...] = ()
        self._latest_actual_year = "0000"

    @classmethod
    async def create(cls, store: FactStore, lexicon: Lexicon) -> Answerer:
        answerer = cls(store, lexicon)
        await answerer.refresh()
        return answerer

    async def refresh(self) -> None:
        """Reload the vocabulary after the store changed (an article added or removed)."""
        facts = await self.store.facts()
        indexed = await self.store.indexed_terms()
        doc_freq: Counter[str] = Counter()
        bigram_freq: Counter[str] = Counter()
        fact_terms: dict[int, tuple[set[str], set[str]]] = {}
        by_subject: dict[str, list[int]] = {}
        for fact in facts:
            assert fact.id is not None
            measure, body, meta = indexed.get(fact.id, ("", "", ""))
            nouns = " ".join(f.noun for f in fact.figures)
            local = {t for t in measure.split() if "_" not in t}
            local.update(terms(nouns, self.lexicon))
            pairs = {t for t in f"{measure} {body}".split() if "_" in t}
            whole = local | {t for t in f"{body} {meta}".split() if "_" not in t}
            fact_terms[fact.id] = (local, whole)
            doc_freq.update(whole)
            bigram_freq.update(pairs)
            by_subject.setdefault(fact.subject, []).append(fact.id)
        self._doc_freq = doc_freq
        self._bigrams = bigram_freq
        self._default_suggestions = self._topic_examples(facts)
        self._latest_actual_year = max(
            (f.period[:4] for f in facts if f.kind == "actual" and f.period), default="0000"
        )
        self._docs = max(1, len(facts))
        self._fact_terms = fact_terms
        self._by_subject = by_subject
        self._facts = {f.id: f for f in facts if f.id is not None}
        self.parser = QuestionParser(self.lexicon, set(doc_freq), set(bigram_freq))

    def _idf(self, word: str) -> float:
        return math.log(1 + self._docs / (1 + self._doc_freq.get(word, 0)))

    async def ask(self, text: str) -> Answer:
        text = text.strip()[:MAX_QUESTION_CHARS]
        question = self.parser.parse(text)
        if not question.content and not question.entities:
            return Answer(
                question=text, answered=False, reason="empty", suggestions=self.suggestions([])
            )
        candidates = await self._candidates(question)
        scored = sorted(
            (s for s in (self._score(question, fact) for fact in candidates) if s is not None),
            key=lambda s: (s.score, period_key(s.figure.period or s.fact.period)),
            reverse=True,
        )
        if not scored:
            return Answer(
                question=text, answered=False, reason="no_match", suggestions=self.suggestions([])
            )
        best = self._prefer_latest(question, scored)
        confidence = max(0.0, min(1.0, best.score))
        if confidence < THRESHOLD:
            return Answer(
                question=text,
                answered=False,
                confidence=round(confidence, 3),
                reason="low_confidence",
                suggestions=self.suggestions([s.fact for s in scored[:3]]),
            )
        history, also = self._history(best, scored)
        disagreement = any(
            _same_year(h.period, best.fact.period)
            and h.primary.value != best.figure.value
            and h.article != best.fact.article
            for h in history
        )
        related = [s.fact for s in scored[1:6] if s.fact.measure != best.fact.measure]
        return Answer(
            question=text,
            answered=True,
            facts=[best.fact, *history],
            figure=best.figure,
            history=history,
            also=also,
            disagreement=disagreement,
            confidence=round(confidence, 3),
            suggestions=self.suggestions(related[:3], exclude=best.fact),
        )

    def _selective_query(self, words: list[str]) -> str:
        """An FTS5 query of the question's rarest words and word pairs.

        Words in a fifth of all facts ("dich", "vu", "cong") cost long posting lists and say
        little; rare words and pairs find the candidates on their own.
        """
        tokens = list(dict.fromkeys([*words, *(f"{a}_{b}" for a, b in itertools.pairwise(words))]))

        def freq(token: str) -> int:
            return (self._bigrams if "_" in token else self._doc_freq).get(token, 0)

        known = sorted((t for t in tokens if freq(t) > 0), key=freq)
        common = max(50, self._docs // 5)
        chosen = [t for t in known if freq(t) <= common][:MAX_QUERY_TOKENS] or known[:6]
        return fts_query_tokens(chosen)

    async def _candidates(self, question: Question) -> list[Fact]:
        words = [*question.content, *(w for e in question.entities for w in e.aliases[0].split())]
        ids = [fid for fid, _ in await self.store.search(self._selective_query(words), CANDIDATES)]
        for entity in question.entities:
            ids.extend(self._by_subject.get(entity.name, [])[:CANDIDATES])
        missing = [i for i in dict.fromkeys(ids) if i not in self._facts]
        if missing:
            for fact in await self.store.facts(missing):
                assert fact.id is not None
                self._facts[fact.id] = fact
        return [self._facts[i] for i in dict.fromkeys(ids) if i in self._facts]

    def _score(self, q: Question, fact: Fact) -> _Scored | None:
        assert fact.id is not None
        local, whole = self._fact_terms.get(fact.id, (set(), set()))
        if not local and not whole:
            local = set(terms(fact.measure, self.lexicon))
            whole = local | set(terms(fact.quote, self.lexicon))
        content = q.topic or q.content
        weights = {w: self._idf(w) * q.support.get(w, 1.0) for w in content}
        total = sum(self._idf(w) for w in content) or 1.0
        coverage = sum(v for w, v in weights.items() if w in whole) / total
        focus = sum(v for w, v in weights.items() if w in local) / total
        unknown = sum(self._idf(w) for w in q.unknown) / (
            total + sum(self._idf(w) for w in q.unknown)
        )
        text_sim = fuzz.token_set_ratio(" ".join(content), self.lexicon.match(fact.measure)) / 100

        score = 0.45 * coverage + 0.25 * focus + 0.15 * text_sim + 0.15
        score -= 0.9 * unknown

        named = [e.name for e in q.entities if e.name not in _NATIONAL]
        if named:
            if fact.subject not in named:
                return None
            score += 0.25
            if "rank" in q.wants and fact.primary.unit == "rank":
                # "Huế đứng thứ mấy": the entity and the kind of figure are the whole question.
                score += 0.15
        elif fact.subject not in _NATIONAL:
            if any(e.name == "Việt Nam" for e in q.entities):
                return None
            score -= 0.2
        elif any(e.name == "Cổng Dịch vụ công quốc gia" for e in q.entities):
            score += 0.1 if fact.subject == "Cổng Dịch vụ công quốc gia" else -0.05

        figure = fact.primary
        if q.years:
            matching = [f for f in fact.figures if _period_has(f.period, q.years)]
            if not matching and _period_has(fact.period, q.years):
                matching = [figure]
            if not matching:
                return None
            figure = matching[-1]
            score += 0.12
        if len(fact.figures) > 1:
            if re.search(r"\btu bao nhieu|\btu muc nao|\bban dau", q.matched):
                figure = fact.figures[0]
            elif figure.value in q.numbers:
                figure = next((f for f in fact.figures if f.value not in q.numbers), figure)
        if figure.value in q.numbers:
            score -= 0.4
        if (
            figure.unit == "rank"
            and figure.of
            and q.asked
            and q.asked[0] in _FIELD_WORDS
            and _FIELD_WORDS[q.asked[0]]
            in set(terms(f"{figure.noun} {fact.measure}", self.lexicon))
        ):
            # "xếp hạng bao nhiêu quốc gia": the size of the field, not the place in it.
            field_noun = "bộ, ngành" if q.asked[0] == "bo" else (figure.noun or "quốc gia")
            figure = Figure(
                raw=f"{vn.format_number(figure.of)} {field_noun}",
                value=figure.of,
                unit="count",
                noun=field_noun,
                period=figure.period,
            )
            score += 0.3
        if q.asked:
            noun_words = set(terms(f"{figure.noun} {fact.measure}", self.lexicon))
            hits = sum(1 for w in q.asked if w in noun_words)
            score += 0.2 * hits / len(q.asked) - (0.1 if hits == 0 else 0.0)
        measure_m = self.lexicon.match(fact.measure)
        if figure.unit == "rank" and "the gioi" not in measure_m:
            scoped = [r for r in ("dong nam a", "chau a") if r in measure_m]
            if scoped and not q.regions:
                score -= 0.12
            elif q.regions and not scoped and "thế giới" not in q.regions:
                score -= 0.1

        unit = figure.unit
        if unit in ("step", "times") and "change" not in q.wants:
            score -= 0.2
        if "rank" in q.wants:
            score += 0.15 if unit == "rank" else (0.0 if unit == "step" else -0.25)
        elif unit == "rank" and q.asked:
            score -= 0.3
        if "percent" in q.wants:
            score += 0.12 if unit == "%" else -0.15
        if "money" in q.wants:
            score += 0.12 if unit in ("VND", "USD") else 0.0
        elif unit in ("VND", "USD"):
            score -= 0.1
        if "times" in q.wants:
            score += 0.2 if unit == "times" else -0.1
        if "index" in q.wants:
            score += 0.15 if unit == "index" else (-0.2 if "rank" not in q.wants else -0.05)
        if "change" in q.wants:
            score += 0.12 if unit in ("step", "times") or fact.kind == "change" else -0.05
        elif unit in ("step", "times") and "rank" in q.wants:
            score -= 0.1

        if q.kind == "target":
            score += 0.15 if fact.kind == "target" else -0.25
        elif q.kind == "forecast":
            score += 0.15 if fact.kind == "forecast" else -0.2
        elif fact.kind in ("target", "forecast") and not (
            q.years and max(q.years) > self._latest_actual_year
        ):
            score -= 0.2
        return _Scored(fact, figure, score)

    def _prefer_latest(self, q: Question, scored: list[_Scored]) -> _Scored:
        """Among near-equal answers for the same measure, the newest, unless a year was asked."""
        best = scored[0]
        if q.years:
            return best
        rivals = [
            s
            for s in scored[1:8]
            if s.figure.unit == best.figure.unit
            and s.fact.subject == best.fact.subject
            and s.fact.kind == best.fact.kind
            and best.score - s.score < self._window(s.fact, best.fact)
        ]
        for rival in rivals:
            if period_key(rival.figure.period or rival.fact.period) > period_key(
                best.figure.period or best.fact.period
            ):
                best = rival
        return best

    def _same_series(self, a: Fact, b: Fact) -> bool:
        """Whether two facts measure the same thing for the same subject.

        Labelled measures ("thứ hạng Chính phủ điện tử theo Liên Hợp Quốc (thế giới): ...") are
        one series exactly when the labels agree; otherwise similar wording decides.
        """
        if a.subject != b.subject or a.primary.unit != b.primary.unit or a.kind != b.kind:
            return False
        label_a, _, rest_a = a.measure.partition(":")
        label_b, _, rest_b = b.measure.partition(":")
        if rest_a or rest_b:
            return bool(rest_a and rest_b and label_a == label_b)
        similar = fuzz.token_set_ratio(self.lexicon.match(a.measure), self.lexicon.match(b.measure))
        return similar >= 60

    def _window(self, a: Fact, b: Fact) -> float:
        """How far behind in score a newer value of the same series may be and still win."""
        if not self._same_series(a, b):
            return 0.0
        return 0.3 if ":" in a.measure else 0.06

    def _history(self, best: _Scored, scored: list[_Scored]) -> tuple[list[Fact], list[Fact]]:
        """Other values of the best fact's series, newest first, and other sources that
        report the same value for the same period."""
        history: list[Fact] = []
        also: list[Fact] = []
        for s in scored[:12]:
            fact = s.fact
            if fact.id == best.fact.id or best.score - s.score > 0.3:
                continue
            if not self._same_series(fact, best.fact):
                continue
            if fact.primary.value == best.figure.value and _same_year(
                fact.period, best.fact.period
            ):
                if fact.article != best.fact.article and all(
                    o.article != fact.article for o in also
                ):
                    also.append(fact)
            elif all(
                o.primary.value != fact.primary.value or o.period != fact.period for o in history
            ):
                history.append(fact)
        history.sort(key=lambda f: period_key(f.period), reverse=True)
        return history[:4], also[:3]

    def suggestions(self, facts: list[Fact], exclude: Fact | None = None) -> list[str]:
        """Questions the bot can answer, near the given facts or, without them, across topics."""
        chosen = [f for f in facts if exclude is None or f.measure != exclude.measure]
        if not chosen:
            return list(self._default_suggestions)
        return list(dict.fromkeys(suggestion_for(f) for f in chosen))[:4]

    @staticmethod
    def _topic_examples(facts: list[Fact]) -> tuple[str, ...]:
        """One example question per topic, national facts first."""
        chosen: list[Fact] = []
        seen_topics: set[str] = set()
        for fact in sorted(facts, key=lambda f: f.subject not in _NATIONAL):
            topic = fact.topics[0] if fact.topics else fact.measure
            if topic not in seen_topics:
                seen_topics.add(topic)
                chosen.append(fact)
            if len(chosen) >= 4:
                break
        return tuple(dict.fromkeys(suggestion_for(f) for f in chosen))


_ASK_BY_UNIT = {
    "rank": "thứ mấy",
    "step": "tăng mấy bậc",
    "times": "gấp mấy lần",
    "%": "bao nhiêu %",
    "VND": "bao nhiêu tiền",
    "USD": "bao nhiêu USD",
    "index": "chỉ số bao nhiêu",
    "count": "bao nhiêu",
}


def suggestion_for(fact: Fact) -> str:
    """A question, in the bot's own words, that this fact answers."""
    label, _, rest = fact.measure.partition(":")
    measure = label if rest else fact.measure
    if len(measure) > 90:
        measure = measure[:90].rsplit(" ", 1)[0]
    measure = re.sub(r"\s+(?:tăng|giảm|đã|và|đạt)(?:\s+(?:tăng|giảm|đã|và|đạt))*\s*$", "", measure)
    subject = "" if vn.fold(fact.subject) in vn.fold(measure) else f" của {fact.subject}"
    year = fact.period[:4] if fact.period else ""
    period = f" năm {year}" if year.isdigit() and year not in measure else ""
    prefix = {"target": "Mục tiêu: ", "forecast": "Dự báo: "}.get(fact.kind, "")
    ask = _ASK_BY_UNIT.get(fact.primary.unit, "bao nhiêu")
    text = f"{prefix}{measure[:1].upper()}{measure[1:]}{subject}{period} {ask}?"
    return re.sub(r"\s+", " ", text)
