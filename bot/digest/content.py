"""What goes into a chat's digest: the order facts are shown in and the choice for one day
(the message itself is rendered by ``bot.render.digest_html``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.models import Fact
from bot.store import fact_key

# -- content ----------------------------------------------------------------------------------


def order_facts(facts: Iterable[Fact], freshness: dict[str, tuple[str, str, int]]) -> list[Fact]:
    """Newest ingested article first, then newest published, then latest stored, then article
    and sentence order; one fact per key. ``freshness`` maps article id ->
    (ingested_at, published, rowid)."""
    ordered = sorted(facts, key=lambda f: (f.article, f.sentence_no, f.id or 0))
    # a stable sort, even reversed, keeps that order among facts of equally fresh articles
    ordered.sort(key=lambda f: freshness.get(f.article, ("", "", 0)), reverse=True)
    seen: set[str] = set()
    unique: list[Fact] = []
    for fact in ordered:
        if fact.primary.unit in ("date", "document"):
            continue  # a date or a decree number is context, not a figure for a digest
        key = fact_key(fact)
        if key not in seen:
            seen.add(key)
            unique.append(fact)
    return unique


def choose_facts(ordered: Sequence[Fact], sent: set[str], count: int) -> tuple[list[Fact], bool]:
    """The next ``count`` facts for a chat that has been sent ``sent``; the flag says a new
    cycle starts (every fact has been shown once)."""
    fresh = [f for f in ordered if fact_key(f) not in sent]
    if len(fresh) >= count:
        return fresh[:count], False
    taken = {fact_key(f) for f in fresh}
    rest = [f for f in ordered if fact_key(f) not in taken]
    return fresh + rest[: count - len(fresh)], True
