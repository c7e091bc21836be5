"""Answer -> text: Telegram HTML or plain text, from the same pieces.

Everything that came from an article or a user is escaped in HTML mode.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from bot import messages, vn
from bot.models import Answer, Fact, Figure, Source

_QUALIFIER = {"more": "hơn ", "less": "dưới ", "about": "khoảng ", "": ""}


def figure_text(figure: Figure) -> str:
    """A figure as people read it: "thứ 86/193", "86,5%", "8.000 tỷ đồng", "57 triệu hồ sơ"."""
    value = figure.value
    high = figure.value_max
    qualifier = _QUALIFIER[figure.qualifier]
    match figure.unit:
        case "%":
            body = vn.format_number(value) + (f"–{vn.format_number(high)}" if high else "") + "%"
        case "VND":
            body = f"{vn.format_amount(value)} đồng"
        case "USD":
            body = f"{vn.format_amount(value)} USD"
        case "rank":
            of = f"/{vn.format_number(figure.of)}" if figure.of else ""
            body = f"thứ {vn.format_number(value)}{of}"
        case "step":
            span = (
                f"{vn.format_number(value)}–{vn.format_number(high)}"
                if high
                else vn.format_number(value)
            )
            body = f"{span} bậc"
        case "times":
            body = f"{vn.format_number(value)} lần"
        case "index":
            body = vn.format_number(value)
        case _:
            amount = vn.format_amount(value) if value >= 1e6 else vn.format_number(value)
            of = f"/{vn.format_number(figure.of)}" if figure.of else ""
            noun = f" {figure.noun}" if figure.noun else ""
            body = f"{amount}{of}{noun}"
    return f"{qualifier}{body}"


def source_text(source: Source | None) -> str:
    if source is None:
        return ""
    parts = [source.title]
    if source.outlet:
        parts.append(source.outlet)
    if source.published:
        parts.append(source.published.strftime("%d/%m/%Y"))
    return ", ".join(parts)


def period_text(fact: Fact, figure: Figure) -> str:
    if figure.period and figure.period != fact.period and len(figure.period) == 4:
        return f"năm {figure.period}"
    return fact.period_label


def _lines(answer: Answer, esc: Callable[[str], str], bold: Callable[[str], str]) -> list[str]:
    if not answer.answered or answer.figure is None or not answer.facts:
        lines = [messages.NO_ANSWER]
        if answer.suggestions:
            lines.append(messages.SUGGESTIONS_HEADER)
            lines.extend(f"• {esc(s)}" for s in answer.suggestions)
        return lines
    fact, figure = answer.facts[0], answer.figure
    prefix = messages.KIND_PREFIX.get(fact.kind, "")
    head = f"{prefix}{bold(esc(figure_text(figure)))}"
    lines = [
        f"{head} — {esc(fact.display_measure)}",
        f"{esc(fact.subject)} · {esc(period_text(fact, figure))}",
    ]
    others = [f for f in fact.figures if f is not figure and f != figure]
    if others:
        lines.append(
            messages.ALSO_IN_SENTENCE
            + "; ".join(
                esc(figure_text(o))
                + (f" ({esc(o.period)})" if o.period and len(o.period) == 4 else "")
                for o in others
            )
        )
    if answer.history:
        lines.append(messages.HISTORY_HEADER)
        for past in answer.history:
            lines.append(
                f"• {esc(figure_text(past.primary))} — {esc(past.period_label)} "
                f"({esc(source_text(past.source))})"
            )
    if answer.disagreement:
        lines.append(messages.DISAGREEMENT)
    source = fact.source
    lines.append(f"{messages.SOURCE_LABEL}{esc(source_text(source))}")
    if source and source.url:
        lines.append(esc(source.url))
    if answer.also:
        lines.append(
            messages.ALSO_REPORTED + "; ".join(esc(source_text(f.source)) for f in answer.also)
        )
    return lines


def answer_plain(answer: Answer) -> str:
    return "\n".join(_lines(answer, lambda s: s, lambda s: s))


def answer_html(answer: Answer) -> str:
    return "\n".join(_lines(answer, html.escape, lambda s: f"<b>{s}</b>"))


def quote_html(fact: Fact) -> str:
    """The exact sentence a fact came from, for the "Trích dẫn" button."""
    return (
        f"<blockquote>{html.escape(fact.quote)}</blockquote>\n"
        f"{messages.SOURCE_LABEL}{html.escape(source_text(fact.source))}"
    )


def quote_plain(fact: Fact) -> str:
    return f"“{fact.quote}”\n{messages.SOURCE_LABEL}{source_text(fact.source)}"


def date_text(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else messages.UNKNOWN_DATE
