"""What the /rank, /dvctt and /nguon commands show, as plain data, and its rendering.

Telegram-free: the bot and the terminal chat call the same functions. Everything shown comes
from the store (rankings, facts, articles); only vocabulary lives here, never figures.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable

from rapidfuzz import fuzz, process

from bot import messages, vn
from bot.charts import Line, Series
from bot.lexicon import Entity, Lexicon
from bot.models import Article, Fact, Figure, Ranking, Report, Row, Section
from bot.period import Period
from bot.render import date_text, figure_text, source_text
from bot.store import FactStore

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
_WHOLE_RE = re.compile(r"\b(?:(toan trinh)|mot phan)\b")
SUMMARY_ROWS = 5
UN_MEMBERS_MIN = 150

_DOMESTIC = ("provinces", "ministries")
"""Rankings of ministries and provinces (not of countries: the UN survey, other indices)."""


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


def _chart_sources(facts: Iterable[Fact | None]) -> tuple[str, ...]:
    """The sources of the figures a chart draws, each once, for the caption."""
    found: list[str] = []
    for fact in facts:
        if fact is not None and fact.source is not None:
            text = source_text(fact.source)
            if text not in found:
                found.append(text)
    return tuple(found)


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
    known = _names(r.entity for r, _ in rankings if r.scheme in _DOMESTIC)
    if entity is None:
        note = messages.UNKNOWN_ENTITY.format(name=_short(arg, 60))
        return Report(
            title=messages.RANK_ENTITY_TITLE.format(name=_short(arg, 60)),
            notes=[note, messages.KNOWN_RANKINGS.format(names=known)],
            found=False,
        )
    report = Report(title=messages.RANK_ENTITY_TITLE.format(name=entity.name))
    mine = [(r, f) for r, f in rankings if r.entity == entity.name]
    lines: list[Line] = []
    for scheme in dict.fromkeys(r.scheme for r, _ in mine):
        if scheme == "un_egdi":
            continue
        points = {r.year: float(r.rank) for r, _ in mine if r.scheme == scheme and r.year}
        lines.append(Line(messages.RANK_SCHEMES.get(scheme, scheme), tuple(sorted(points.items()))))
    report.series = Series(
        messages.RANK_ENTITY_CHART.format(name=entity.name),
        messages.RANK_CHART_AXIS,
        tuple(lines),
        kind="rank",
        sources=_chart_sources(f for r, f in mine if r.scheme != "un_egdi"),
    )
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
        {k[0] for k in merged} | {Period.of(f.period).year for f in index_facts},
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
            if Period.of(fact.period).year == year:
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
            figure = fact.primary
            value = figure_text(figure)
            if figure.unit == "step":
                value = messages.RANK_TARGET_STEPS.format(steps=value)
            section.rows.append(
                Row(value, fact.period_label, _short(fact.display_measure), report.cite(fact))
            )
        report.sections.append(section)
    world = [
        (ranking, cited)
        for (year, scope, _), (ranking, cited) in merged.items()
        if year is not None and scope == _SCOPE_ORDER[0]
    ]
    points: dict[int, float] = {}
    # The survey ranks every UN member: a "world" rank out of fewer is some other ranking
    # misread, and is not drawn. Of two for one year, the one that says "/193" is kept.
    stated = {r.year for r, _ in world if r.of is not None and r.of >= UN_MEMBERS_MIN}
    for ranking, _ in sorted(world, key=lambda rc: (rc[0].of is None, rc[0].rank)):
        if ranking.year is None or (ranking.of is not None and ranking.of < UN_MEMBERS_MIN):
            continue
        if ranking.of is None and len(stated) >= 2:
            continue  # "86/193" said for several years: a bare "thứ 15" is another ranking
        points.setdefault(ranking.year, float(ranking.rank))
    report.series = Series(
        messages.RANK_CHART_CAPTION,
        messages.RANK_CHART_AXIS,
        (Line(messages.RANK_WORLD_LINE, tuple(sorted(points.items()))),),
        kind="rank",
        sources=_chart_sources(f for _, cited in world for f in cited),
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
        heading = messages.RANK_YEAR.format(year=year) if year else messages.RANK_UNKNOWN_YEAR
        section = Section(heading)
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
    # The chart's year: the latest with a ranking of three or more (one name is no chart).
    counts = {y: len({r.entity for r, _ in rankings if r.year == y}) for y in years if y}
    latest = next((y for y in counts if counts[y] >= 3), next(iter(counts), None))
    best: dict[str, tuple[Ranking, Fact | None]] = {}
    for ranking, fact in sorted(rankings, key=lambda rf: rf[0].rank):
        if ranking.year == latest:
            best.setdefault(ranking.entity, (ranking, fact))
    lines = []
    for entity in best:
        points = {r.year: float(r.rank) for r, _ in rankings if r.entity == entity and r.year}
        lines.append(Line(entity, tuple(sorted(points.items()))))
    # Lines over the years when several of the ranked have a history; else one year's ranking.
    history = tuple(line for line in lines if len(line.years) >= 2)
    if len(history) < 2:
        history = ()
    chart_title = (
        messages.RANK_SCHEME_HISTORY.format(title=title)
        if history
        else messages.RANK_SCHEME_CHART.format(title=title, year=latest)
        if latest
        else title
    )
    report.series = Series(
        chart_title,
        messages.RANK_CHART_AXIS,
        history,
        kind="rank",
        sources=_chart_sources(f for _, f in best.values()),
        ranked=tuple((entity, r.rank) for entity, (r, _) in best.items()),
        of=next((r.of for r, _ in best.values() if r.of), None),
    )
    if not report.sections:
        report.found = False
        report.notes.append(messages.RANK_NONE)
    return report


# -- /dvctt ---------------------------------------------------------------------------------


def _levels(fact: Fact, figure: Figure, lexicon: Lexicon) -> str:
    """ "Mức độ 4", "Mức độ 3, 4", "Toàn trình" when the fact's measure or the words right
    after its figure name a service level; "" when they do not."""
    texts = [lexicon.match(fact.measure)]
    start = fact.quote.find(figure.raw)
    if start >= 0:
        after = fact.quote[start + len(figure.raw) : start + len(figure.raw) + 60]
        texts.append(lexicon.match(re.split(r"[;(]", after, maxsplit=1)[0]))
    for text in texts:
        found = _LEVEL_RE.search(text)
        if found is not None:
            levels = ", ".join(sorted({g for g in found.groups() if g}))
            return messages.LEVEL_LABEL.format(level=levels)
        whole = _WHOLE_RE.search(text)
        if whole is not None:
            return messages.WHOLE_PROCESS if whole.group(1) else messages.PART_PROCESS
    return ""


def _fact_row(fact: Fact, figure: Figure, report: Report, label: str | None = None) -> Row:
    detail = ""
    noun = vn.fold(figure.noun)
    if not noun or noun not in vn.fold(fact.measure) or len(fact.measure) > len(figure.noun) + 15:
        detail = _short(fact.display_measure)
    when = label if label is not None else fact.period_label
    return Row(figure_text(figure), when, detail, report.cite(fact))


def _period_sort(fact: Fact) -> str:
    return Period.of(fact.period).sort_key


_FULL_WORDS = {"tat ca", "tatca", "day du", "daydu", "all", "full", "het", "chi tiet"}


def _headline(fact: Fact, lexicon: Lexicon, kind_words: set[str]) -> str | None:
    """What makes a portal figure a headline, as a key to keep one per thing counted: a
    counted noun of its own ("dịch vụ công trực tuyến", "hồ sơ"), or money or a share with a
    measure that says of what; None for "21 bộ ngành", "4 cấp chính quyền"."""
    figure = fact.primary
    if figure.unit == "count":
        words = [w for w in lexicon.match(figure.noun).split() if w not in kind_words]
        return " ".join(words) if words and not words[0].isdigit() else None
    if figure.unit in ("VND", "%"):
        words = [w for w in lexicon.match(fact.display_measure).split() if w not in kind_words]
        return f"{figure.unit}:{' '.join(words[:4])}" if len(words) >= 3 else None
    return None


async def dvctt_report(store: FactStore, lexicon: Lexicon, arg: str = "") -> Report:
    """/dvctt: a summary of online public services (the national portal's headline figures,
    the latest share of services by level, the targets) and a chart; ``tatca``: every figure;
    another argument: one province or ministry."""
    facts = await store.facts()
    folded = vn.fold(arg)
    full = folded in _FULL_WORDS
    if folded and not full:
        return _entity_facts_report(facts, lexicon, arg)
    report = Report(title=messages.DVCTT_TITLE)
    portals = {e.name for e in lexicon.entities if e.type == "portal"}
    national = portals | {e.name for e in lexicon.entities if e.type == "country"}
    kind_words = {w for words in lexicon.entity_words.values() for p in words for w in p.split()}

    portal = Section(messages.DVCTT_PORTAL)
    seen_headlines: set[str] = set()
    portal_facts = sorted(
        (f for f in facts if f.subject in portals and f.kind == "actual"),
        key=_period_sort,
        reverse=True,
    )
    for fact in portal_facts:
        if fact.primary.unit in ("date", "document"):
            continue
        if not full:
            key = _headline(fact, lexicon, kind_words)
            if key is None or key in seen_headlines or len(portal.rows) >= SUMMARY_ROWS:
                continue
            seen_headlines.add(key)
        portal.rows.append(_fact_row(fact, fact.primary, report))

    levels = Section(messages.DVCTT_LEVELS)
    targets = Section(messages.DVCTT_TARGETS)
    by_level: dict[str, dict[int, tuple[float, Fact]]] = {}
    target_of: dict[str, tuple[float, str]] = {}
    seen: set[tuple[str, str, float]] = set()
    latest_shown: set[str] = set()
    found_levels: list[tuple[str, int, Figure, str, Fact]] = []
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
            seen_key = (level, figure.period or fact.period or "", figure.value)
            if seen_key in seen:
                continue
            seen.add(seen_key)
            year = Period.of(figure.period or fact.period).year
            when = str(year) if figure.period and len(figure.period) == 4 else fact.period_label
            label = f"{level}, {when}"
            if fact.kind == "target":
                targets.rows.append(Row(figure_text(figure), label, "", report.cite(fact)))
                target_of.setdefault(level, (figure.value, when))
                continue
            if year is not None:
                by_level.setdefault(level, {}).setdefault(year, (figure.value, fact))
            found_levels.append((level, year or 0, figure, label, fact))
    # Newest first; the summary keeps each level's newest figure.
    for level, _, figure, label, fact in sorted(
        found_levels, key=lambda f: (f[0], f[1]), reverse=True
    ):
        if full or level not in latest_shown:
            latest_shown.add(level)
            levels.rows.append(Row(figure_text(figure), label, "", report.cite(fact)))
    for section in (portal, levels, targets):
        if section.rows:
            report.sections.append(section)
    if not full and (len(portal.rows) < len(portal_facts) or len(levels.rows) < len(found_levels)):
        report.more = "tatca"
        report.notes.append(messages.DVCTT_MORE)
    # The chart: the level with the longest history, its target drawn as a line.
    if by_level:
        level, history = max(by_level.items(), key=lambda item: (len(item[1]), item[0]))
        target = target_of.get(level)
        report.series = Series(
            messages.DVCTT_CHART_CAPTION.format(level=level.lower()),
            messages.DVCTT_CHART_AXIS,
            (Line(level, tuple((y, v) for y, (v, _) in sorted(history.items()))),),
            kind="percent",
            target=target[0] if target else None,
            target_label=(
                messages.DVCTT_CHART_TARGET.format(
                    value=vn.format_number(target[0]), when=target[1]
                )
                if target
                else ""
            ),
            sources=_chart_sources(f for _, f in history.values()),
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


# -- charts -----------------------------------------------------------------------------------


async def _sources(store: FactStore, lexicon: Lexicon, arg: str = "") -> Report:
    return await sources_report(store)


REPORTS: dict[str, Callable[[FactStore, Lexicon, str], Awaitable[Report]]] = {
    "rank": rank_report,
    "dvctt": dvctt_report,
    "nguon": _sources,
}
"""The commands that answer with a report, for the Telegram handlers and the terminal chat."""


async def report_for(command: str, store: FactStore, lexicon: Lexicon, arg: str = "") -> Report:
    """The report of /rank, /dvctt or /nguon with its argument."""
    return await REPORTS[command](store, lexicon, arg)


async def chart_report(store: FactStore, lexicon: Lexicon, chart: tuple[str, str]) -> Report:
    """The report for a chart asked for in words: ("rank", "Đà Nẵng"), ("dvctt", "")."""
    command, arg = chart
    report = await report_for(command if command in REPORTS else "rank", store, lexicon, arg)
    if report.found and (report.series is None or not report.series.chartable):
        report.notes.append(messages.CHART_NOT_ENOUGH)
    return report


async def chart_reports(store: FactStore, lexicon: Lexicon) -> list[tuple[str, Report]]:
    """The reports whose charts the bot sends, by file name: /rank, /rank bo, /rank tinh,
    /rank for the province or ministry with the longest ranking history, /dvctt."""
    reports = [
        ("rank", await rank_report(store, lexicon)),
        ("rank-bo", await rank_report(store, lexicon, "bo")),
        ("rank-tinh", await rank_report(store, lexicon, "tinh")),
    ]
    rankings = await store.rankings()
    years: dict[str, set[int]] = {}
    for ranking, _ in rankings:
        if ranking.scheme in _DOMESTIC and ranking.year:
            years.setdefault(ranking.entity, set()).add(ranking.year)
    if years:
        entity = max(years, key=lambda name: (len(years[name]), name))
        slug = re.sub(r"[^a-z0-9]+", "-", vn.fold(entity)).strip("-")
        reports.append((f"rank-{slug}", await rank_report(store, lexicon, entity)))
    reports.append(("dvctt", await dvctt_report(store, lexicon)))
    return reports
