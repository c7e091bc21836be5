"""What goes into a chat's digest: the order facts are shown in, the choice for one day,
and the message (Telegram HTML within its length limit).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bot import messages
from bot.models import Fact
from bot.render import TELEGRAM_LIMIT, figure_text, period_text, source_text
from bot.store import fact_key

if TYPE_CHECKING:
    pass


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


def fact_html(number: int, fact: Fact) -> str:
    figure = fact.primary
    esc = html.escape
    prefix = messages.KIND_PREFIX.get(fact.kind, "")
    lines = [
        f"{number}. {esc(prefix)}<b>{esc(figure_text(figure))}</b> — {esc(fact.display_measure)}",
        f"{esc(fact.subject)} · {esc(period_text(fact, figure))}",
    ]
    source = fact.source
    if source is not None:
        cite = f"<i>{esc(messages.SOURCE_LABEL + source_text(source))}</i>"
        if source.url:
            cite += f' — <a href="{esc(source.url, quote=True)}">{esc(messages.DIGEST_LINK)}</a>'
        lines.append(cite)
    return "\n".join(lines)


def render_digest(facts: Sequence[Fact], day: dt.date) -> tuple[str, list[Fact]]:
    """The digest as Telegram HTML, and the facts that fit in one message."""
    head = f"<b>{html.escape(messages.DIGEST_TITLE.format(day=day.strftime('%d/%m/%Y')))}</b>"
    if not facts:
        return f"{head}\n\n{html.escape(messages.DIGEST_EMPTY)}", []
    kept: list[Fact] = []
    parts: list[str] = []
    for fact in facts:
        block = fact_html(len(kept) + 1, fact)
        if len("\n\n".join([head, *parts, block])) > TELEGRAM_LIMIT - 400:
            break
        parts.append(block)
        kept.append(fact)
    # The digest is dated today; its figures are not: say how old they are.
    years = sorted({f.period[:4] for f in kept if f.period and f.period[:4].isdigit()})
    age = messages.DIGEST_AGE.format(years=", ".join(years)) if years else ""
    top = f"{head}\n<i>{html.escape(age)}</i>" if age else head
    return "\n\n".join([top, *parts, html.escape(messages.DIGEST_FOOTER)]), kept
