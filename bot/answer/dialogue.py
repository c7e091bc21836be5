"""A conversation, not a lookup: follow-ups, comparisons and small talk around the answerer.

* Small talk (greetings, thanks, "bạn là ai", "bạn biết gì", insults, nonsense) gets a short
  friendly reply that steers to what the bot answers; the phrases are vocabulary in
  ``data/lexicon.toml`` ``[smalltalk]``, the replies are in :mod:`bot.messages`.
* Follow-ups: the last question of each conversation (a private chat, or one user in a group),
  answered or declined, is kept for a few minutes; "còn 2018?", "còn Đà Nẵng thì sao?", "mục
  tiêu thì sao?", "so với Đông Nam Á thì sao?" are answered as the full question with that one
  part changed.
* Comparisons: "tăng bao nhiêu bậc so với 2018", "so sánh 2018 và 2020", "từ 2018 đến 2020"
  are computed from the stored figures of one series (same subject, same measure, same kind of
  figure), both figures and both sources cited; never across measures or subjects.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from bot import messages
from bot.answer.engine import Answerer
from bot.answer.intent import Question
from bot.models import Answer, Figure
from bot.period import Period

CONTEXT_SECONDS = 600.0
MAX_QUESTION_CHARS = 300
"""The default bound of a question; the bot uses its setting ``MAX_QUESTION_CHARS``."""
MAX_CONVERSATIONS = 10_000
_YEAR = re.compile(r"\b(?:n)?((?:19|20)\d{2})\b")
_FOLLOW_UP = re.compile(
    r"^(?:con|the con|vay con|con nhu|the|vay|nhung)\b|\b(?:thi sao|the nao|ra sao|thi the nao)\s*$"
)
_FOLLOW_UP_WORDS = frozenset(
    [
        "con",
        "the",
        "vay",
        "thi",
        "sao",
        "nao",
        "ra",
        "nhu",
        "nhung",
        "a",
        "nhi",
        "oi",
        "so",
        "voi",
        "sanh",
        "va",
        "tu",
        "den",
        "toi",
        "nam",
        "luc",
        "hoi",
        "khi",
    ]
)
_REGIONS = ("dong nam a", "chau a", "the gioi")
_COMPARE = re.compile(r"\bso sanh\b|\btu\s+(?:nam\s+)?n?(?:19|20)\d{2}\s+(?:den|toi|len)\b")

_SERVICES = re.compile(r"\bdich vu cong\b|\bmuc do [34]\b|\btoan trinh\b|\bho so truc tuyen\b")
_SCHEMES = {"ministry": "bo", "province": "tinh"}

Key = tuple[int, int]


def _cut(matched: str, phrases: tuple[str, ...]) -> str:
    """The text without any of the phrases, overlapping ones included."""
    keep = [True] * len(matched)
    for phrase in phrases:
        for found in re.finditer(rf"(?<![0-9a-z]){re.escape(phrase)}(?![0-9a-z])", matched):
            keep[found.start() : found.end()] = [False] * (found.end() - found.start())
    return "".join(c if k else " " for c, k in zip(matched, keep, strict=True))


def _same_reply(answer: Answer, previous: Answer) -> bool:
    """Whether a follow-up's answer only repeats the last one ("tiết kiệm bao nhiêu mỗi năm"
    after the UN rank gave the rank again): then the message is read on its own."""
    return (
        answer.answered
        and previous.answered
        and answer.figure == previous.figure
        and bool(answer.facts)
        and bool(previous.facts)
        and answer.facts[0].id == previous.facts[0].id
    )


def _drop_years(matched: str) -> str:
    """The text without its years, "năm" before them included."""
    return re.sub(r"(?:\bnam\s+)?\bn?(?:19|20)\d{2}\b", " ", matched)


@dataclass
class _Turn:
    matched: str
    """The last question, in matching form (what a follow-up is merged into)."""
    at: float
    answer: Answer


class Dialogue:
    """Answers one conversation's messages; build one per process, around the answerer."""

    def __init__(
        self,
        answerer: Answerer,
        *,
        ttl: float = CONTEXT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        max_chars: int = MAX_QUESTION_CHARS,
    ) -> None:
        self.answerer = answerer
        self.max_chars = max_chars
        self.ttl = ttl
        self.clock = clock
        self._turns: OrderedDict[Key, _Turn] = OrderedDict()
        lexicon = answerer.lexicon
        self._talk = {
            kind: tuple(lexicon.match(p) for p in phrases)
            for kind, phrases in lexicon.smalltalk.items()
        }

    def bound(self, text: str) -> str:
        """The question as answered: trimmed, cut at ``max_chars`` (the one place that does)."""
        return text.strip()[: self.max_chars].strip()

    async def ask_once(self, text: str) -> Answer:
        """A question read alone, outside any conversation (inline queries)."""
        return await self.answerer.ask(self.bound(text))

    async def reply(self, key: Key, text: str) -> Answer:
        """The answer to ``text`` in the conversation ``key`` (chat id, user id)."""
        text = self.bound(text)
        talk = self._small_talk(text)
        if talk is not None:
            return Answer(
                question=text,
                answered=False,
                reason="small_talk",
                talk=talk,
                suggestions=self.answerer.suggestions([]),
            )
        chart = self._chart(key, text)
        if chart is not None:
            return Answer(question=text, answered=False, reason="chart", chart=chart)
        previous = self._previous(key)
        follow_up = self._follow_up(key, text)
        answer, matched = await self._answer(follow_up[0] if follow_up else text)
        if follow_up is not None and (
            (
                not answer.answered
                and (follow_up[1] or self.answerer.parser.parse(text).wants == "entity")
            )
            or (previous is not None and _same_reply(answer, previous.answer))
        ):
            # Not the follow-up it looked like ("còn số hồ sơ trực tuyến?", "tỉnh nào dẫn
            # đầu?" may be new questions): the message read on its own.
            alone, alone_matched = await self._answer(text)
            if alone.answered:
                answer, matched = alone, alone_matched
        answer = answer.model_copy(update={"question": text})
        # A declined question is remembered too: after "chưa có số liệu năm 2024", "còn năm
        # 2020 thì sao?" asks the same with the year the bot has.
        self._remember(key, matched, answer)
        return answer

    async def _answer(self, asked: str) -> tuple[Answer, str]:
        question = self.answerer.parser.parse(asked)
        answer = None
        if question.times:
            # "tăng bao nhiêu lần từ 2018 lên 2019": the ratio the source states comes first.
            stated = await self.answerer.ask(asked)
            if stated.answered and stated.figure is not None and stated.figure.unit == "times":
                return stated, question.matched
        if self._comparison(question):
            answer = await self._compare(question)
        if answer is None:
            answer = await self.answerer.ask(asked)
        return answer, question.matched

    def last_answer(self, key: Key) -> Answer | None:
        """The last answered question of a conversation, while its context lasts."""
        turn = self._previous(key)
        return turn.answer if turn is not None and turn.answer.answered else None

    # -- small talk ---------------------------------------------------------------------------

    def _small_talk(self, text: str) -> str | None:
        matched = self.answerer.lexicon.match(text)
        words = matched.split()
        if not words:
            return None
        for kind, phrases in self._talk.items():
            for phrase in phrases:
                if re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", matched):
                    # Only when little else is said: "chào bot, VN xếp thứ mấy" is a question.
                    rest = re.sub(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", " ", matched)
                    if len(self.answerer.parser.parse(rest).content) <= 1:
                        return messages.SMALL_TALK[kind]
        question = self.answerer.parser.parse(text)
        if (
            not any(c.isdigit() for c in text)
            and question.unknown
            and not (set(question.content) - set(question.unknown))
        ):
            return messages.SMALL_TALK["nonsense"]
        return None

    # -- charts -------------------------------------------------------------------------------

    def _chart(self, key: Key, text: str) -> tuple[str, str] | None:
        """ "vẽ biểu đồ xếp hạng", "cho xem đồ thị dịch vụ công", "biểu đồ của Đà Nẵng": the
        report whose chart answers it; what it is about comes from the words, else from the
        last answer of the conversation."""
        lexicon = self.answerer.lexicon
        matched = lexicon.match(text)
        if not lexicon.has_intent(matched, "chart"):
            return None
        for mention in lexicon.asked(matched):
            if mention.entity.type in ("province", "ministry"):
                return ("rank", mention.entity.name)
        if _SERVICES.search(matched):
            return ("dvctt", "")
        for kind, words in lexicon.entity_words.items():
            if kind in _SCHEMES and any(
                re.search(rf"\bcac {re.escape(w)}\b", matched) for w in words
            ):
                return ("rank", _SCHEMES[kind])
        previous = self._previous(key)
        if previous is not None and previous.answer.answered and previous.answer.facts:
            fact = previous.answer.facts[0]
            entity = lexicon.entity(fact.subject)
            if entity is not None and entity.type in ("province", "ministry"):
                return ("rank", entity.name)
            if _SERVICES.search(lexicon.match(fact.measure)):
                return ("dvctt", "")
        return ("rank", "")

    # -- follow-ups ---------------------------------------------------------------------------

    def _remember(self, key: Key, matched: str, answer: Answer) -> None:
        self._turns[key] = _Turn(matched, self.clock(), answer)
        self._turns.move_to_end(key)
        while len(self._turns) > MAX_CONVERSATIONS:
            self._turns.popitem(last=False)

    def _previous(self, key: Key) -> _Turn | None:
        turn = self._turns.get(key)
        if turn is None or self.clock() - turn.at > self.ttl:
            return None
        return turn

    def _follow_up(self, key: Key, text: str) -> tuple[str, bool] | None:
        """The full question a follow-up stands for, and whether the message names something
        of its own (so it may also be read alone); None when it is not a follow-up.

        A follow-up either says so ("còn …", "… thì sao?") or names nothing of its own to
        measure: only a year, a place, a region, what kind of figure ("tăng bao nhiêu bậc so
        với 2018", "so sánh 2018 và 2020", "mục tiêu?").
        """
        previous = self._previous(key)
        if previous is None:
            return None
        lexicon = self.answerer.lexicon
        matched = " ".join(re.findall(r"[0-9a-z]+", lexicon.match(text)))
        words = matched.split()
        if not words or len(words) > 12:
            return None
        new_entities = lexicon.asked(matched)
        if new_entities and previous.answer.entities:
            # After "bộ nào đứng thứ 2", "Hà Tĩnh xếp thứ mấy" asks about Hà Tĩnh: a named
            # subject does not go into a "which one" question.
            return None
        regions = [r for r in _REGIONS if r in matched]
        extra = [
            w
            for w in words
            if w not in _FOLLOW_UP_WORDS
            and not _YEAR.fullmatch(w)
            and not any(w in e.entity.aliases[0].split() for e in new_entities)
            and not any(w in r.split() for r in regions)
        ]
        own = [
            w
            for w in extra
            if w not in self.answerer.parser.intent_words and w not in lexicon.stopwords
        ]
        if own and not _FOLLOW_UP.search(matched):
            return None  # it names what it asks about: a question of its own
        if not _FOLLOW_UP.search(matched) and self.answerer.parser.parse(text).wants == "entity":
            return None  # "bộ nào đứng thứ 2" asks which one, not a part of the last question
        merged = previous.matched
        years = _YEAR.findall(matched)
        target = lexicon.has_intent(matched, "target")
        if target:
            # "mục tiêu (đến 2025) thì sao": the target of the same measure, for the year the
            # follow-up names or whatever year it is set for.
            merged = _drop_years(merged)
            merged = re.sub(r"\b(?:so sanh|so voi|tang bao nhieu|bao nhieu bac)\b", " ", merged)
            if years:
                merged = f"{merged} nam {years[0]}"
        elif years and self._comparing(matched):
            earlier = _YEAR.findall(merged) or self._answer_years(previous.answer)
            merged = _drop_years(merged)
            if len(years) >= 2:
                merged = f"{merged} so sanh nam {years[0]} va nam {years[1]}"
            elif earlier and earlier[0] != years[0]:
                merged = f"{merged} nam {earlier[0]} so voi nam {years[0]}"
            else:
                merged = f"{merged} nam {years[0]}"
        elif years:
            if _YEAR.search(merged):
                first = True

                def swap(match: re.Match[str]) -> str:
                    nonlocal first
                    replaced = years[0] if first else ""
                    first = False
                    return replaced

                merged = _YEAR.sub(swap, merged)
            else:
                merged = f"{merged} nam {years[0]}"
        if new_entities:
            old = lexicon.asked(merged)
            entity = new_entities[0].entity
            alias = next((a for a in entity.aliases if a in matched), entity.aliases[0])
            if old:
                mention = old[0]
                merged = merged[: mention.start] + alias + merged[mention.end :]
            else:
                merged = f"{alias} {merged}"
        if regions:
            for region in _REGIONS:
                merged = merged.replace(region, " ")
            merged = f"{merged} {regions[0]}"
        if extra:
            merged = f"{merged} {' '.join(extra)}"
        merged = " ".join(merged.split())
        # A place of its own ("Đà Nẵng xếp thứ mấy" after the country's UN rank in 2018) may
        # be a question of its own too: read alone when the merged one finds nothing.
        return (merged, bool(own or new_entities)) if merged != previous.matched else None

    def _comparing(self, matched: str) -> bool:
        """ "so sánh", "so với", "từ 2018 đến 2020", "tăng bao nhiêu bậc": two periods asked."""
        return bool(
            _COMPARE.search(matched)
            or re.search(r"\bso voi\b", matched)
            or self.answerer.lexicon.has_intent(matched, "change")
        )

    @staticmethod
    def _answer_years(answer: Answer) -> list[str]:
        """The year the figure of an answer refers to (its period), if it has one."""
        year = Period.of(answer.facts[0].period).year if answer.facts else None
        return [str(year)] if year else []

    # -- comparisons --------------------------------------------------------------------------

    @staticmethod
    def _comparison(question: Question) -> bool:
        years = {*question.years, *question.base_years}
        if len(years) < 2:
            return False
        return bool(question.change or _COMPARE.search(question.matched) or question.base_years)

    async def _compare(self, question: Question) -> Answer | None:
        """Both years' figures of one series and the change between them (their ratio when
        the question asks one: "gấp mấy lần"), or None."""
        years = sorted({*question.years, *question.base_years})[:2]
        lexicon = self.answerer.lexicon
        changes = (*lexicon.intents.get("change", ()), *lexicon.intents.get("times", ()))
        found = []
        for year in years:
            # "từ 2018 đến 2020", "so sánh 2018 và 2020": the linking words go with the years
            # ("tử" of "điện tử" folds to "tu" too, so only before a year).
            single = re.sub(
                r"\b(?:so sanh|so voi|va|tu|den|len|toi)\s+(?=(?:nam\s+)?n?(?:19|20)\d{2}\b)",
                " ",
                question.matched,
            )
            single = re.sub(r"\bso sanh\b", " ", _drop_years(single))
            single = _cut(single, changes)
            answer = await self.answerer.ask(f"{single} nam {year}")
            if not answer.answered or answer.figure is None or not answer.facts:
                return None
            if answer.entities:
                return None
            found.append(answer)
        first, second = found
        a, b = first.facts[0], second.facts[0]
        fa, fb = first.figure, second.figure
        assert fa is not None and fb is not None
        if (
            a.subject != b.subject
            or fa.unit != fb.unit
            or fa.unit in ("date", "document")
            or not self.answerer.same_series(a, b)
            or (a.id == b.id and fa == fb)
        ):
            return None
        delta = fb.value - fa.value
        if question.times and fa.unit != "rank" and fa.value > 0:
            change = Figure(raw="", value=round(fb.value / fa.value, 2), unit="times")
            direction = messages.TIMES_UP if delta > 0 else messages.TIMES_DOWN
        elif fa.unit == "rank":
            # A smaller rank number is a rise in the ranking.
            change = Figure(raw="", value=abs(delta), unit="step")
            direction = messages.RANK_UP if delta < 0 else messages.RANK_DOWN
        else:
            # Between two percentages the change is in percentage points.
            unit = "point" if fa.unit == "%" else fa.unit
            change = Figure(raw="", value=round(abs(delta), 6), unit=unit, noun=fa.noun)
            direction = messages.VALUE_UP if delta > 0 else messages.VALUE_DOWN
        if delta == 0:
            direction = messages.UNCHANGED
        return Answer(
            question=question.text,
            answered=True,
            facts=[b, a],
            figure=change,
            comparison=[a, b],
            compared=[fa, fb],
            direction=direction,
            confidence=min(first.confidence, second.confidence),
        )
