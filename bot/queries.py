"""What the /rank, /dvctt and /nguon commands show, as plain data, and its rendering.

Telegram-free: the bot and the terminal chat call the same functions. Everything shown comes
from the store (rankings, facts, articles); only vocabulary lives here, never figures.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot import messages, vn
from bot.charts import Series
from bot.lexicon import Entity, Lexicon
from bot.models import Article, Fact, Figure, Ranking, Source
from bot.render import date_text, figure_text, source_text
from bot.store import FactStore

TELEGRAM_LIMIT = 4096
FUZZY_CUTOFF = 80

# Vocabulary (folded) for reading arguments and picking facts.
_MINISTRY_WORDS = {"bo", "cac bo", "bo nganh", "cac bo nganh", "bo ban nganh"}
_PROVINCE_WORDS = {
    "tinh",
    "cac tinh",
    "tinh thanh",
    "cac tinh thanh",
    "dia phuong",
    "cac dia phuong",
}
_PLACE_PREFIXES = ("tinh ", "thanh pho ", "tp ", "bo ")
_SCOPE_ORDER = ("the gioi", "chau a", "dong nam a")
_LEVEL_RE = re.compile(r"muc do ([34])(?:,? (?:va )?([34]))?")


@dataclass(frozen=True)
class Row:
    """One line of a report: "label: value — detail [1]"."""

    value: str
    label: str = ""
    detail: str = ""
    cites: tuple[int, ...] = ()


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Report:
    title: str
    sections: list[Section] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    series: Series | None = None
    found: bool = True

    def cite(self, *facts: Fact | None) -> tuple[int, ...]:
        """Citation numbers (1-based) for the facts' sources, adding new sources."""
        numbers: list[int] = []
        for fact in facts:
            if fact is None or fact.source is None:
                continue
            if fact.source not in self.sources:
                self.sources.append(fact.source)
            number = self.sources.index(fact.source) + 1
            if number not in numbers:
                numbers.append(number)
        return tuple(sorted(numbers))


# -- entities -------------------------------------------------------------------------------


def find_entity(lexicon: Lexicon, text: str, types: Iterable[str] | None = None) -> Entity | None:
    """The entity a user means by ``text`` ("hue", "bo y te", "tp hcm"), or None.

    Exact alias first, then an entity named inside the text, then a fuzzy match on aliases.
    """
    wanted = set(types) if types is not None else None
    allowed = [e for e in lexicon.entities if wanted is None or e.type in wanted]
    if not allowed:
        return None
    query = lexicon.match(text)
    if not query:
        return None
    by_alias: dict[str, Entity] = {}
    for entity in allowed:
        for alias in entity.aliases:
            by_alias.setdefault(alias, entity)
    if query in by_alias:
        return by_alias[query]
    for prefix in _PLACE_PREFIXES:
        if query.startswith(prefix) and query[len(prefix) :] in by_alias:
            return by_alias[query[len(prefix) :]]
    for mention in lexicon.mentions(query):
        if wanted is None or mention.entity.type in wanted:
            return mention.entity
    best = process.extractOne(
        query, list(by_alias), scorer=fuzz.ratio, processor=None, score_cutoff=FUZZY_CUTOFF
    )
    return by_alias[best[0]] if best else None


def _names(names: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(names))


def _short(text: str, limit: int = 90) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _scope_key(scope: str) -> tuple[int, str]:
    folded = vn.fold(scope)
    return (_SCOPE_ORDER.index(folded) if folded in _SCOPE_ORDER else len(_SCOPE_ORDER), folded)


def _rank_value(rank: int, of: int | None) -> str:
    return figure_text(Figure(raw=str(rank), value=rank, unit="rank", of=of))


def _period_year(period: str | None) -> int | None:
    if period and re.match(r"\d{4}", period):
        return int(period[:4])
    return None


# -- /rank ----------------------------------------------------------------------------------


def _with_section(report: Report, section: Section, *if_empty: str) -> Report:
    """The report with its section, or, when the section found nothing, the notes saying so."""
    if section.rows:
        report.sections.append(section)
    else:
        report.found = False
        report.notes = list(if_empty)
    return report


async def rank_report(store: FactStore, lexicon: Lexicon, arg: str = "") -> Report:
    """/rank: Vietnam's UN ranks; ``bo``/``tinh``: ministries/provinces; else one entity."""
    folded = vn.fold(arg)
    if not folded:
        return await _un_report(store, lexicon)
    if folded in _MINISTRY_WORDS:
        return await _scheme_report(store, "ministries", messages.RANK_MINISTRIES_TITLE)
    if folded in _PROVINCE_WORDS:
        return await _scheme_report(store, "provinces", messages.RANK_PROVINCES_TITLE)
    entity = find_entity(lexicon, arg, {"country", "ministry", "province"})
    if entity is not None and entity.type == "country":
        return await _un_report(store, lexicon)
    rankings = await store.rankings()
    known = _names(r.entity for r, _ in rankings if r.scheme != "un_egdi")
    if entity is None:
        note = messages.UNKNOWN_ENTITY.format(name=_short(arg, 60))
        return Report(
            title=messages.RANK_ENTITY_TITLE.format(name=_short(arg, 60)),
            notes=[note, messages.KNOWN_RANKINGS.format(names=known)],
            found=False,
        )
    report = Report(title=messages.RANK_ENTITY_TITLE.format(name=entity.name))
    mine = [(r, f) for r, f in rankings if r.entity == entity.name]
    section = Section(messages.RANK_ENTITY_TITLE.format(name=entity.name))
    for ranking, fact in sorted(mine, key=lambda rf: -(rf[0].year or 0)):
        scheme = messages.RANK_SCHEMES.get(ranking.scheme, ranking.scheme)
        year = str(ranking.year) if ranking.year else messages.RANK_UNKNOWN_YEAR
        section.rows.append(
            Row(
                value=_rank_value(ranking.rank, ranking.of),
                label=f"{scheme}, {year}",
                detail=_short(fact.display_measure) if fact else "",
                cites=report.cite(fact),
            )
        )
    return _with_section(
        report,
        section,
        messages.NO_RANKING_FOR.format(name=entity.name),
        messages.KNOWN_RANKINGS.format(names=known),
    )


async def _un_report(store: FactStore, lexicon: Lexicon) -> Report:
    report = Report(title=messages.RANK_UN_TITLE)
    rankings = await store.rankings("un_egdi")
    country = find_entity(lexicon, "Việt Nam", {"country"})
    subject = country.name if country else "Việt Nam"
    merged: dict[tuple[int | None, str, int], tuple[Ranking, list[Fact | None]]] = {}
    for ranking, fact in rankings:
        if ranking.entity != subject:
            continue
        key = (ranking.year, vn.fold(ranking.scope), ranking.rank)
        if key in merged:
            kept, cited = merged[key]
            if kept.of is None and ranking.of is not None:
                kept = ranking
            merged[key] = (kept, [*cited, fact])
        else:
            merged[key] = (ranking, [fact])
    facts = await store.facts()
    index_facts = [
        f
        for f in facts
        if f.subject == subject and f.kind == "actual" and f.primary.unit == "index"
    ]
    years = sorted(
        {k[0] for k in merged} | {_period_year(f.period) for f in index_facts},
        key=lambda y: -(y or 0),
    )
    for year in years:
        title = messages.RANK_YEAR.format(year=year) if year else messages.RANK_UNKNOWN_YEAR
        section = Section(title)
        entries = sorted(
            (v for k, v in merged.items() if k[0] == year), key=lambda v: _scope_key(v[0].scope)
        )
        for ranking, sources in entries:
            label = ranking.scope[:1].upper() + ranking.scope[1:]
            section.rows.append(
                Row(_rank_value(ranking.rank, ranking.of), label, cites=report.cite(*sources))
            )
        for fact in index_facts:
            if _period_year(fact.period) == year:
                section.rows.append(
                    Row(
                        figure_text(fact.primary),
                        messages.RANK_INDEX_VALUE,
                        _short(fact.display_measure, 70),
                        report.cite(fact),
                    )
                )
        if section.rows:
            report.sections.append(section)
    targets = [
        f
        for f in facts
        if f.subject == subject and f.kind == "target" and f.primary.unit in ("rank", "step")
    ]
    if targets:
        section = Section(messages.RANK_TARGETS)
        for fact in targets:
            section.rows.append(
                Row(
                    figure_text(fact.primary),
                    fact.period_label,
                    _short(fact.display_measure),
                    report.cite(fact),
                )
            )
        report.sections.append(section)
    overall = tuple(
        (ranking.year, float(ranking.rank))
        for (year, scope, _), (ranking, _) in merged.items()
        if year is not None and ranking.year is not None and scope == _SCOPE_ORDER[0]
    )
    report.series = Series(
        messages.RANK_CHART_CAPTION, messages.RANK_CHART_AXIS, tuple(sorted(overall)), invert=True
    )
    if not report.sections:
        report.found = False
        report.notes.append(messages.RANK_NONE)
    return report


async def _scheme_report(store: FactStore, scheme: str, title: str) -> Report:
    report = Report(title=title)
    rankings = await store.rankings(scheme)
    years = sorted({r.year for r, _ in rankings}, key=lambda y: -(y or 0))
    for year in years:
        title = messages.RANK_YEAR.format(year=year) if year else messages.RANK_UNKNOWN_YEAR
        section = Section(title)
        seen: set[str] = set()
        for ranking, fact in sorted(
            (rf for rf in rankings if rf[0].year == year), key=lambda rf: rf[0].rank
        ):
            if ranking.entity in seen:
                continue
            seen.add(ranking.entity)
            section.rows.append(
                Row(_rank_value(ranking.rank, ranking.of), ranking.entity, cites=report.cite(fact))
            )
        report.sections.append(section)
    if not report.sections:
        report.found = False
        report.notes.append(messages.RANK_NONE)
    return report


# -- /dvctt ---------------------------------------------------------------------------------


def _levels(fact: Fact, figure: Figure, lexicon: Lexicon) -> str:
    """ "4" or "3, 4" when the fact or the words right after its figure name a service level."""
    found = _LEVEL_RE.search(lexicon.match(fact.measure))
    if found is None:
        start = fact.quote.find(figure.raw)
        if start >= 0:
            after = fact.quote[start + len(figure.raw) : start + len(figure.raw) + 60]
            after = re.split(r"[;(]", after, maxsplit=1)[0]
            found = _LEVEL_RE.search(lexicon.match(after))
    if found is None:
        return ""
    return ", ".join(sorted({g for g in found.groups() if g}))


def _fact_row(fact: Fact, figure: Figure, report: Report, label: str | None = None) -> Row:
    detail = ""
    noun = vn.fold(figure.noun)
    if not noun or noun not in vn.fold(fact.measure) or len(fact.measure) > len(figure.noun) + 15:
        detail = _short(fact.display_measure)
    when = label if label is not None else fact.period_label
    return Row(figure_text(figure), when, detail, report.cite(fact))


def _period_sort(fact: Fact) -> str:
    return fact.period or ""


async def dvctt_report(store: FactStore, lexicon: Lexicon, arg: str = "") -> Report:
    """/dvctt: the national portal's figures and service-level rates; ``arg``: one entity."""
    facts = await store.facts()
    if vn.fold(arg):
        return _entity_facts_report(facts, lexicon, arg)
    report = Report(title=messages.DVCTT_TITLE)
    portals = {e.name for e in lexicon.entities if e.type == "portal"}
    national = portals | {e.name for e in lexicon.entities if e.type == "country"}

    portal = Section(messages.DVCTT_PORTAL)
    for fact in sorted(
        (f for f in facts if f.subject in portals and f.kind == "actual"),
        key=_period_sort,
        reverse=True,
    ):
        portal.rows.append(_fact_row(fact, fact.primary, report))

    levels = Section(messages.DVCTT_LEVELS)
    targets = Section(messages.DVCTT_TARGETS)
    level4: list[tuple[int, float]] = []
    seen: set[tuple[str, str, float]] = set()
    level_facts = sorted(
        (f for f in facts if f.subject in national), key=_period_sort, reverse=True
    )
    for fact in level_facts:
        for figure in fact.figures:
            if figure.unit != "%":
                continue
            level = _levels(fact, figure, lexicon)
            if not level:
                continue
            key = (level, figure.period or fact.period or "", figure.value)
            if key in seen:
                continue
            seen.add(key)
            year = _period_year(figure.period or fact.period)
            when = str(year) if figure.period and len(figure.period) == 4 else fact.period_label
            label = f"{messages.LEVEL_LABEL.format(level=level)}, {when}"
            row = Row(figure_text(figure), label, "", report.cite(fact))
            if fact.kind == "target":
                targets.rows.append(row)
            else:
                levels.rows.append(row)
                if level == "4" and year is not None:
                    level4.append((year, figure.value))
    levels.rows.sort(key=lambda r: r.label, reverse=True)
    for section in (portal, levels, targets):
        if section.rows:
            report.sections.append(section)
    report.series = Series(
        messages.DVCTT_CHART_CAPTION,
        messages.DVCTT_CHART_AXIS,
        tuple(sorted(set(level4))),
        percent=True,
    )
    if not report.sections:
        report.found = False
        report.notes.append(messages.DVCTT_NONE)
    return report


def _entity_facts_report(facts: list[Fact], lexicon: Lexicon, arg: str) -> Report:
    entity = find_entity(lexicon, arg)
    subjects = {f.subject for f in facts}
    known = _names(
        e.name
        for e in lexicon.entities
        if e.name in subjects and e.type in ("province", "ministry")
    )
    if entity is None:
        return Report(
            title=messages.DVCTT_ENTITY_TITLE.format(name=_short(arg, 60)),
            notes=[
                messages.UNKNOWN_ENTITY.format(name=_short(arg, 60)),
                messages.KNOWN_FACTS.format(names=known),
            ],
            found=False,
        )
    report = Report(title=messages.DVCTT_ENTITY_TITLE.format(name=entity.name))
    section = Section(entity.name)
    for fact in sorted(
        (f for f in facts if f.subject == entity.name), key=_period_sort, reverse=True
    ):
        section.rows.append(_fact_row(fact, fact.primary, report))
    return _with_section(
        report,
        section,
        messages.NO_FACTS_FOR.format(name=entity.name),
        messages.KNOWN_FACTS.format(names=known),
    )


# -- /nguon ---------------------------------------------------------------------------------


async def sources_report(store: FactStore) -> Report:
    """/nguon: every article in the store, newest first, with outlet, date and link."""
    report = Report(title=messages.SOURCES_TITLE)
    articles: list[Article] = await store.articles()
    section = Section("")
    for article in articles:
        outlet = article.outlet or messages.UNKNOWN_OUTLET
        link = f" — {article.url}" if article.url else ""
        when = date_text(article.published)
        section.rows.append(Row(article.title, "", f"{outlet}, {when}{link}"))
    if section.rows:
        report.sections.append(section)
    else:
        report.found = False
        report.notes.append(messages.SOURCES_NONE)
    return report


# -- rendering --------------------------------------------------------------------------------


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
