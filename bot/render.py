"""Replies -> text, the one renderer: answers, reports (/rank, /dvctt, /nguon), the digest
message and operators' results (``bot.models``), as Telegram HTML or plain text from the same
pieces; and the one place a long reply is split for Telegram's length limit.

Everything that came from an article or a user is escaped in HTML mode.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Sequence

from bot import messages, vn
from bot.models import (
    AddResult,
    Answer,
    Article,
    Fact,
    Figure,
    RemoveResult,
    Report,
    Source,
    Stats,
)
from bot.period import Period

_QUALIFIER = {"more": "hơn ", "less": "dưới ", "about": "khoảng "}
"""The words a qualifier puts before a figure; the others ("top", "last", ...) put none."""


_SAID_PLACES = {
    "last": messages.RANKED_LAST,
    "rise": messages.RANKED_RISE,
    "fall": messages.RANKED_FALL,
}
"""Places said in words, which have no number to show."""


def figure_text(figure: Figure) -> str:
    """A figure as people read it: "thứ 86/193", "86,5%", "8.000 tỷ đồng", "57 triệu hồ sơ"."""
    value = figure.value
    high = figure.value_max
    qualifier = _QUALIFIER.get(figure.qualifier, "")
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
            if figure.qualifier == "top":
                body = f"top {vn.format_number(value)}{of}"
            elif figure.qualifier in _SAID_PLACES:
                body = _SAID_PLACES[figure.qualifier]
        case "step":
            span = (
                f"{vn.format_number(value)}–{vn.format_number(high)}"
                if high
                else vn.format_number(value)
            )
            body = f"{span} bậc"
        case "times":
            body = f"{vn.format_number(value)} lần"
        case "point":
            body = f"{vn.format_number(value)} điểm phần trăm"
        case "index":
            body = vn.format_number(value)
        case "date":
            body = date_figure_text(value)
        case "document":
            body = f"{figure.noun} {figure.raw}".strip()
        case _:
            amount = vn.format_amount(value) if value >= 1e6 else vn.format_number(value)
            of = f"/{vn.format_number(figure.of)}" if figure.of else ""
            noun = f" {figure.noun}" if figure.noun else ""
            body = f"{amount}{of}{noun}"
    return f"{qualifier}{body}"


def date_figure_text(value: float) -> str:
    """A date figure (yyyymmdd, 00 where not said) as written: "9/12/2019", "tháng 3/2020"."""
    digits = f"{int(value):08d}"
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if month and day:
        return f"{day}/{month}/{year}"
    if month:
        return messages.DATE_MONTH.format(month=month, year=year)
    return messages.DATE_YEAR.format(year=year)


def _quote(text: str, limit: int = 280) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


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
    if answer.talk:
        lines = [esc(answer.talk)]
        lines.extend(f"• {esc(s)}" for s in answer.suggestions[:3])
        return lines
    if answer.comparison and answer.figure is not None:
        return _comparison_lines(answer, esc, bold)
    if not answer.answered or answer.figure is None or not answer.facts:
        closest = answer.closest if not answer.answered else None
        lines = (
            [
                messages.NOT_SURE,
                f"«{esc(_quote(closest.quote))}»",
                f"{messages.SOURCE_LABEL}{esc(source_text(closest.source))}",
            ]
            if closest is not None
            else [messages.NO_ANSWER]
        )
        if answer.suggestions:
            lines.append(messages.SUGGESTIONS_HEADER)
            lines.extend(f"• {esc(s)}" for s in answer.suggestions)
        return lines
    fact, figure = answer.facts[0], answer.figure
    if answer.entities:
        return _entity_lines(answer, esc, bold)
    prefix = messages.KIND_PREFIX.get(fact.kind, "")
    head = f"{prefix}{bold(esc(figure_text(figure)))}"
    when = "" if figure.unit == "date" else f" · {esc(period_text(fact, figure))}"
    lines = [
        f"{head} — {esc(fact.subject)}{when}",
        f"«{esc(_quote(fact.quote))}»",
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
        # The series may go on after the figure asked for ("năm 2018"): newer values first,
        # under their own heading, so "trước đó" only ever lists earlier ones.
        asked = Period.of(figure.period or fact.period).sort_key
        newer = [f for f in answer.history if Period.of(f.period).sort_key > asked]
        older = [f for f in answer.history if Period.of(f.period).sort_key <= asked]
        for header, facts in ((messages.NEWER_HEADER, newer), (messages.HISTORY_HEADER, older)):
            if facts:
                lines.append(header)
            lines.extend(
                f"• {esc(figure_text(other.primary))} — {esc(other.period_label)} "
                f"({esc(source_text(other.source))})"
                for other in facts
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


def _comparison_lines(
    answer: Answer, esc: Callable[[str], str], bold: Callable[[str], str]
) -> list[str]:
    """ "tăng 2 bậc": the change, then both figures with their periods and sources."""
    assert answer.figure is not None
    older, newer = answer.comparison[0], answer.comparison[-1]
    change = figure_text(answer.figure)
    head = messages.COMPARISON_HEAD.format(
        subject=esc(newer.subject),
        direction=esc(answer.direction),
        change=bold(esc(change)) if answer.figure.value else "",
    ).rstrip()
    lines = [head]
    figures = answer.compared or [older.primary, newer.primary]
    for fact, figure in zip((older, newer), (figures[0], figures[-1]), strict=True):
        lines.append(
            messages.COMPARISON_LINE.format(
                figure=esc(figure_text(figure)),
                period=esc(period_text(fact, figure)),
                source=esc(source_text(fact.source)),
            )
        )
    return lines


def _entity_lines(
    answer: Answer, esc: Callable[[str], str], bold: Callable[[str], str]
) -> list[str]:
    """ "Tỉnh nào dẫn đầu": the names in rank order, each with the sentence that says so."""
    fact = answer.facts[0]
    if len(answer.entities) == 1:
        position = int(answer.figure.value) if answer.figure else 1
        if answer.figure is not None and answer.figure.qualifier in _SAID_PLACES:
            where = _SAID_PLACES[answer.figure.qualifier]
        elif position == 1:
            where = messages.RANKED_FIRST
        else:
            where = messages.RANKED_AT.format(position=position)
        lines = [f"{bold(esc(answer.entities[0]))} — {where} · {esc(fact.period_label)}"]
    else:
        lines = [
            f"{messages.TOP_LIST.format(count=len(answer.entities))} · {esc(fact.period_label)}"
        ]
        lines.extend(f"{n}. {bold(esc(name))}" for n, name in enumerate(answer.entities, 1))
    lines.append(f"«{esc(_quote(fact.quote))}»")
    lines.append(f"{messages.SOURCE_LABEL}{esc(source_text(fact.source))}")
    if fact.source and fact.source.url:
        lines.append(esc(fact.source.url))
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


def html_to_plain(text: str) -> str:
    """Telegram HTML (as a digest is written) as plain text for the terminal."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


TELEGRAM_LIMIT = 4096
"""Characters in one Telegram message; longer replies are split by ``split_text``."""


# -- reports and Telegram's length limit ---------------------------------------------------------


def _render(report: Report, esc: Callable[[str], str], bold: Callable[[str], str]) -> str:
    lines = [bold(esc(report.title))]
    for note in report.notes:
        lines.append(esc(note))
    for section in report.sections:
        lines.append("")
        if section.title and section.title != report.title:
            lines.append(bold(esc(section.title)))
        for row in section.rows:
            head = f"{esc(row.label)}: " if row.label else ""
            tail = f" — {esc(row.detail)}" if row.detail else ""
            cites = f" [{','.join(map(str, row.cites))}]" if row.cites else ""
            lines.append(f"• {head}{bold(esc(row.value))}{tail}{cites}")
    if report.sources:
        lines.append("")
        lines.append(esc(messages.SOURCES_HEADER))
        for number, source in enumerate(report.sources, 1):
            link = f" — {esc(source.url)}" if source.url else ""
            lines.append(f"[{number}] {esc(source_text(source))}{link}")
    return "\n".join(lines)


def report_html(report: Report) -> str:
    return _render(report, html.escape, lambda s: f"<b>{s}</b>")


def report_plain(report: Report) -> str:
    return _render(report, lambda s: s, lambda s: s)


def split_text(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split on line boundaries into chunks of at most ``limit`` characters.

    A single line longer than ``limit`` is cut at the last space before the limit (or hard).
    Our HTML never spans lines except inside a short blockquote, so tags stay balanced.
    """
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            piece, line = line[:cut], line[cut:].lstrip(" ")
            if current:
                chunks.append(current)
                current = ""
            chunks.append(piece)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return [c.strip("\n") for c in chunks if c.strip()] or [text[:limit]]


# -- digests ---------------------------------------------------------------------------------


def _digest_fact_html(number: int, fact: Fact) -> str:
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


def digest_html(facts: Sequence[Fact], day: dt.date) -> tuple[str, list[Fact]]:
    """The digest as Telegram HTML, and the facts that fit in one message."""
    head = f"<b>{html.escape(messages.DIGEST_TITLE.format(day=day.strftime('%d/%m/%Y')))}</b>"
    if not facts:
        return f"{head}\n\n{html.escape(messages.DIGEST_EMPTY)}", []
    kept: list[Fact] = []
    parts: list[str] = []
    for fact in facts:
        block = _digest_fact_html(len(kept) + 1, fact)
        if len("\n\n".join([head, *parts, block])) > TELEGRAM_LIMIT - 400:
            break
        parts.append(block)
        kept.append(fact)
    # The digest is dated today; its figures are not: say how old they are.
    years = sorted({str(y) for f in kept if (y := Period.of(f.period).year)})
    age = messages.DIGEST_AGE.format(years=", ".join(years)) if years else ""
    top = f"{head}\n<i>{html.escape(age)}</i>" if age else head
    return "\n\n".join([top, *parts, html.escape(messages.DIGEST_FOOTER)]), kept


# -- operators ----------------------------------------------------------------------------------


def add_result_text(result: AddResult) -> str:
    """The summary an operator reads after adding an article (plain text)."""
    if result.error is not None:
        return messages.ADMIN_REJECTED.format(reason=result.error)
    template = {
        "added": messages.ADMIN_ADDED,
        "replaced": messages.ADMIN_REPLACED,
        "unchanged": messages.ADMIN_UNCHANGED,
    }[result.outcome or "unchanged"]
    lines = [
        template.format(
            title=result.title, id=result.article_id, facts=result.facts, rankings=result.rankings
        ),
        messages.ADMIN_META.format(source=result.source),
    ]
    if result.figures:
        lines += ["", messages.ADMIN_FIGURES_HEADER, *(f"• {f}" for f in result.figures)]
        if result.facts > len(result.figures):
            lines.append(
                messages.ADMIN_MORE_FIGURES.format(count=result.facts - len(result.figures))
            )
    extra = []
    if result.dropped:
        extra.append(messages.ADMIN_DROPPED.format(count=result.dropped))
    if result.inferred:
        names = [messages.ADMIN_FIELD_NAMES.get(f, f) for f in result.inferred]
        extra.append(messages.ADMIN_INFERRED.format(fields=", ".join(names)))
    extra.extend(result.notes)
    if not result.source_complete:
        extra.append(messages.ADMIN_METADATA_HINT)
    if extra:
        lines += ["", *extra]
    return "\n".join(lines)


def article_list(articles: list[Article], limit: int = 30) -> list[str]:
    lines = [messages.ADMIN_ARTICLE_ITEM.format(id=a.id, title=a.title) for a in articles[:limit]]
    if len(articles) > limit:
        lines.append(messages.ADMIN_MORE.format(count=len(articles) - limit))
    return lines


def removal_text(query: str, result: RemoveResult | None, articles: list[Article]) -> str:
    """What ``/xoa`` says: usage (no query), the article removed, the candidates when the query
    is ambiguous, or that nothing matched; with the stored articles to choose from."""
    if result is None:
        return "\n".join([messages.ADMIN_REMOVE_USAGE, *article_list(articles)])
    if result.removed is not None:
        text = messages.ADMIN_REMOVED.format(
            title=result.removed.title, id=result.removed.id, facts=result.facts
        )
        return f"{text}\n{messages.ADMIN_REMOVED_BUNDLED}" if result.from_folder else text
    if result.candidates:
        head = messages.ADMIN_REMOVE_AMBIGUOUS.format(query=query)
        return "\n".join([head, *article_list(list(result.candidates))])
    head = messages.ADMIN_REMOVE_NOT_FOUND.format(query=query)
    return "\n".join([head, *article_list(articles)])


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
