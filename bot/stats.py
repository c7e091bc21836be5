"""Usage statistics for operators, free of Telegram: questions per day, the share answered, the
most asked unanswered questions, the answers voted down, subscribers and digest deliveries
(``/stats`` and ``python -m bot stats``). The SQL is the store's (``bot/store/usage.py``).
"""

from __future__ import annotations

import datetime as dt

from bot import vn
from bot.models import DayCount, Disliked, Stats, Unanswered
from bot.store import FactStore

VN_TZ = dt.timezone(dt.timedelta(hours=7))


# -- statistics ---------------------------------------------------------------------------------


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
