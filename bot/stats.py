"""Usage statistics for operators, free of Telegram: questions per day, the share answered, the
most asked unanswered questions, the answers voted down, subscribers and digest deliveries
(``/stats`` and ``python -m bot stats``). The SQL is the store's (``bot/store/usage.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from bot import messages, vn
from bot.store import FactStore

VN_TZ = dt.timezone(dt.timedelta(hours=7))


# -- statistics ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: str
    asked: int
    answered: int


@dataclass(frozen=True)
class Unanswered:
    question: str
    """One way the question was asked (the shortest)."""
    normalised: str
    count: int


@dataclass(frozen=True)
class Disliked:
    fact_key: str
    answer: str
    """The figure and what it measures, or the fact key when the fact is gone."""
    question: str
    down: int
    up: int


@dataclass(frozen=True)
class Stats:
    days: int
    since: str
    asked: int
    answered: int
    per_day: list[DayCount] = field(default_factory=list)
    unanswered: list[Unanswered] = field(default_factory=list)
    disliked: list[Disliked] = field(default_factory=list)
    subscribers: int = 0
    subscribers_by_kind: dict[str, int] = field(default_factory=dict)
    articles: int = 0
    facts: int = 0
    deliveries: dict[str, dict[str, int]] = field(default_factory=dict)
    """Digest deliveries per day by status: sent, uncertain, failed, pending, sending."""

    @property
    def share_answered(self) -> float:
        return self.answered / self.asked if self.asked else 0.0

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "share_answered": round(self.share_answered, 4)}


def _readable(form: tuple[str, int]) -> tuple[int, bool, int]:
    """The form shown for a group of questions: the most asked, with diacritics, shortest."""
    text, count = form
    return count, vn.fold(text) != text.lower(), -len(text)


def question_key(normalised: str) -> str:
    """Questions that differ only in punctuation, case, diacritics or spacing count as one."""
    return " ".join(vn.words(vn.fold(normalised)))


async def collect_stats(
    store: FactStore, *, days: int = 7, top: int = 10, now: dt.datetime | None = None
) -> Stats:
    """Usage over the last ``days`` Vietnam days (today included)."""
    days = max(1, min(days, 3660))
    today = (now or dt.datetime.now(dt.UTC)).astimezone(VN_TZ).date()
    since = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(since, dt.time(), VN_TZ).astimezone(dt.UTC)
    bound = start.isoformat(timespec="seconds")
    usage = store.usage
    per_day = [DayCount(*row) for row in await usage.per_day(bound)]

    forms: dict[str, dict[str, int]] = {}
    for question, count in await usage.unanswered(bound):
        key = question_key(question)
        if key:
            forms.setdefault(key, {})[" ".join(question.split())] = count
    groups = [
        Unanswered(max(found.items(), key=_readable)[0], key, sum(found.values()))
        for key, found in forms.items()
    ]
    unanswered = sorted(groups, key=lambda u: (-u.count, u.normalised))[:top]

    disliked = [
        Disliked(str(key), await _answer_label(store, str(key)), str(q), int(down), int(up))
        for key, down, up, q in await usage.disliked(bound, top)
    ]

    kinds = await usage.subscribers_by_kind()
    deliveries = await usage.deliveries_per_day(since.isoformat())
    counts = await store.stats()
    return Stats(
        days=days,
        since=since.isoformat(),
        asked=sum(d.asked for d in per_day),
        answered=sum(d.answered for d in per_day),
        per_day=per_day,
        unanswered=unanswered,
        disliked=disliked,
        subscribers=sum(kinds.values()),
        subscribers_by_kind=kinds,
        articles=counts.articles,
        facts=counts.facts,
        deliveries=deliveries,
    )


async def _answer_label(store: FactStore, key: str) -> str:
    """ "figure — measure (subject)" for a fact key (``article:sentence:raw:subject``)."""
    article, _, rest = key.partition(":")
    sentence, _, rest = rest.partition(":")
    raw, _, subject = rest.partition(":")
    if sentence.isdigit():
        measure = await store.usage.fact_measure(article, int(sentence), subject)
        if measure is not None:
            return f"{raw} — {measure} ({subject})"
    return key


def _percent(share: float) -> str:
    return vn.format_number(round(share * 100, 1)) + "%"


def stats_text(stats: Stats) -> str:
    """``/stats`` and ``python -m bot stats``: plain text."""
    since = dt.date.fromisoformat(stats.since).strftime("%d/%m/%Y")
    lines = [
        messages.STATS_TITLE.format(days=stats.days, since=since),
        messages.STATS_TOTAL.format(
            asked=stats.asked, answered=stats.answered, share=_percent(stats.share_answered)
        ),
        "",
        messages.STATS_DAYS_HEADER,
    ]
    lines += [
        messages.STATS_DAY.format(
            day=dt.date.fromisoformat(d.day).strftime("%d/%m"), asked=d.asked, answered=d.answered
        )
        for d in stats.per_day
    ] or [messages.STATS_NONE]
    lines += ["", messages.STATS_UNANSWERED_HEADER]
    lines += [
        messages.STATS_UNANSWERED_ITEM.format(count=u.count, question=u.question)
        for u in stats.unanswered
    ] or [messages.STATS_NONE]
    lines += ["", messages.STATS_DISLIKED_HEADER]
    lines += [
        messages.STATS_DISLIKED_ITEM.format(
            down=d.down, up=d.up, answer=d.answer, question=d.question
        )
        for d in stats.disliked
    ] or [messages.STATS_NONE]
    labels: dict[str, int] = {}
    for kind, count in stats.subscribers_by_kind.items():
        label = messages.STATS_SUBSCRIBER_KINDS.get(kind, kind)
        labels[label] = labels.get(label, 0) + count
    kinds = ", ".join(f"{label}: {count}" for label, count in labels.items())
    lines += ["", messages.STATS_DELIVERIES_HEADER]
    lines += [
        messages.STATS_DELIVERY_DAY.format(
            day=dt.date.fromisoformat(day).strftime("%d/%m"),
            sent=counts.get("sent", 0),
            uncertain=counts.get("uncertain", 0),
            failed=counts.get("failed", 0),
            pending=counts.get("pending", 0) + counts.get("sending", 0),
        )
        for day, counts in stats.deliveries.items()
    ] or [messages.STATS_NONE]
    lines += [
        "",
        messages.STATS_SUBSCRIBERS.format(count=stats.subscribers)
        + (f" ({kinds})" if kinds else ""),
        messages.STATS_STORE.format(articles=stats.articles, facts=stats.facts),
    ]
    return "\n".join(lines)
