"""Operator tasks on articles, free of Telegram: add one (uploaded file or pasted text) or
remove one. Usage statistics are in :mod:`bot.stats`.

Articles added here go through the same cleaner and extractor as ``python -m bot ingest`` and
are written in one transaction on a connection of their own (so a write never interleaves with
the shared connection's transactions, e.g. a digest's); a rejected file changes nothing. The
answerer is refreshed afterwards, so the bot answers from the new article at once, and the
digest shows facts of the most recently ingested articles first.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from rapidfuzz import fuzz

from bot import messages, vn
from bot.feedback import user_hash
from bot.ingest.clean import parse_date
from bot.ingest.load import ingest_bytes
from bot.models import AddResult, Article, RemoveResult, Source
from bot.render import figure_text, removal_text, source_text
from bot.services import Services
from bot.store import FactStore

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 1_000_000
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
UPLOAD_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
UPLOAD_FOLDER = "telegram"
"""``Article.path`` of an article added from Telegram is ``telegram/<id>.<suffix>``."""
SAMPLE_FIGURES = 5
ID_MAX = 60


# -- adding articles ----------------------------------------------------------------------------


_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")


def parse_caption(caption: str | None) -> tuple[dict[str, str], list[str]]:
    """ "outlet | url | date" (any order, any part optional) -> manifest fields, and notes
    about parts that were not understood."""
    meta: dict[str, str] = {}
    notes: list[str] = []
    for part in (p.strip() for p in (caption or "").split("|")):
        if not part:
            continue
        if _URL.match(part):
            meta["url"] = part
        elif _DATE_LIKE.match(part):
            day = parse_date(part)
            if day is None:
                notes.append(messages.ADMIN_NOTE_BAD_DATE.format(value=part))
            else:
                meta["published"] = day.isoformat()
        elif "outlet" not in meta:
            meta["outlet"] = part[:100]
        else:
            notes.append(messages.ADMIN_NOTE_EXTRA.format(value=part[:100]))
    return meta, notes


def article_id(name: str) -> str:
    """A safe article id from a file name stem or a title: folded, ``[a-z0-9_-]``."""
    slug = re.sub(r"[^a-z0-9_]+", "-", vn.fold(name)).strip("-")[:ID_MAX].strip("-_")
    return slug or "bai-" + hashlib.sha1(name.encode()).hexdigest()[:8]


@asynccontextmanager
async def _writer(store: FactStore) -> AsyncIterator[FactStore]:
    """A connection of its own for a write transaction (the shared one for ``:memory:``)."""
    if store.path == ":memory:":
        yield store
        return
    writer = await FactStore.open(store.path)
    try:
        yield writer
    finally:
        await writer.close()


async def _ingest(
    services: Services,
    data: bytes,
    name: str,
    stem: str,
    meta: dict[str, str],
    notes: list[str],
    added_by: int | None,
) -> AddResult:
    ident = article_id(stem)
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in UPLOAD_SUFFIXES else ".txt"
    path = Path(UPLOAD_FOLDER) / f"{ident}{suffix}"
    async with _writer(services.store) as writer:
        result = await ingest_bytes(writer, data, path, services.lexicon, {ident: meta})
    if result.duplicate_of is not None:
        error = messages.ADMIN_DUPLICATE.format(name=name, id=result.duplicate_of)
        return AddResult(name, ident, error=error)
    if result.no_figures:
        return AddResult(name, ident, error=messages.ADMIN_NO_FACTS.format(name=name))
    if result.error is not None or result.article is None:
        return AddResult(name, ident, error=(result.error or "").replace(path.name, name, 1))
    article = result.article
    if result.outcome != "unchanged":
        await services.answerer.refresh()
    log.info(
        "article %s %s from Telegram by %s: %d facts",
        ident,
        result.outcome,
        user_hash(added_by),
        result.facts,
    )
    figures = tuple(
        f"{figure_text(fact.primary)} — {fact.display_measure}"
        f" ({fact.subject}, {fact.period_label})"
        for fact in result.samples[:SAMPLE_FIGURES]
    )
    source = source_text(
        Source(
            title=article.title,
            outlet=article.outlet,
            published=article.published,
            url=article.url,
            article=article.id,
        )
    )
    if article.url:
        source += f" — {article.url}"
    return AddResult(
        name,
        ident,
        article.title,
        result.outcome,
        result.facts,
        result.rankings,
        figures,
        source,
        result.dropped,
        article.inferred,
        tuple(notes),
        source_complete=bool(article.outlet and article.url and article.published),
    )


async def add_document(
    services: Services,
    data: bytes,
    filename: str,
    caption: str | None = None,
    *,
    added_by: int | None = None,
) -> AddResult:
    """An uploaded .txt/.md/.html file, with an optional "outlet | url | date" caption."""
    name = Path(filename.replace("\\", "/")).name or "bai-viet.txt"
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return AddResult(name, error=messages.ADMIN_BAD_TYPE.format(name=name))
    if len(data) > MAX_UPLOAD_BYTES:
        return AddResult(
            name,
            error=messages.ADMIN_TOO_LARGE.format(
                name=name, size=f"{len(data):,}", limit=f"{MAX_UPLOAD_BYTES:,}"
            ),
        )
    meta, notes = parse_caption(caption)
    return await _ingest(services, data, name, Path(name).stem, meta, notes, added_by)


async def add_pasted(services: Services, text: str, *, added_by: int | None = None) -> AddResult:
    """Pasted article text: the first line is the title; a second line "outlet | url | date"
    gives the source."""
    lines = [line.strip() for line in vn.clean(text).splitlines()]
    lines = [line for line in lines if line]
    if len(lines) < 2:
        return AddResult("", error=messages.ADMIN_EMPTY_PASTE)
    title = lines[0][:300]
    meta: dict[str, str] = {"title": title}
    notes: list[str] = []
    if "|" in lines[1]:
        found, notes = parse_caption(lines[1])
        meta.update(found)
    data = "\n".join(lines).encode()
    return await _ingest(services, data, title, title, meta, notes, added_by)


# -- removing articles --------------------------------------------------------------------------


def _score(query: str, article: Article) -> float:
    wanted = query.strip().lower()
    if len(wanted) >= 3 and article.id.startswith(wanted):
        return 95.0
    return float(fuzz.token_set_ratio(vn.fold(query), vn.fold(article.title), processor=None))


async def find_articles(store: FactStore, query: str) -> list[tuple[Article, float]]:
    """Articles matching an id (exactly or by prefix) or a fuzzy title, best first."""
    articles = await store.articles()
    wanted = query.strip()
    for article in articles:
        if article.id == wanted:
            return [(article, 100.0)]
    scored = [(a, _score(wanted, a)) for a in articles] if wanted else []
    scored.sort(key=lambda pair: -pair[1])
    return [pair for pair in scored if pair[1] >= 60]


async def remove_article(
    services: Services, query: str, *, removed_by: int | None = None
) -> RemoveResult:
    """Remove the article named by id or a clearly matching title; otherwise the candidates."""
    found = await find_articles(services.store, query)
    clear = bool(found) and (
        found[0][0].id == query.strip()
        or (found[0][1] >= 75 and (len(found) == 1 or found[1][1] <= found[0][1] - 10))
    )
    if not clear:
        return RemoveResult(query, candidates=tuple(a for a, _ in found[:8]))
    article = found[0][0]
    facts = await services.store.usage.fact_count(article.id)
    async with _writer(services.store) as writer:
        removed = await writer.delete_article(article.id)
    if not removed:
        return RemoveResult(query)
    await services.answerer.refresh()
    log.info("article %s removed by %s", article.id, user_hash(removed_by))
    folder = services.settings.articles_dir
    from_folder = any((folder / f"{article.id}{s}").is_file() for s in (".txt", ".md", ".text"))
    return RemoveResult(query, article, facts, from_folder=from_folder)


async def remove_text(services: Services, query: str, *, removed_by: int | None = None) -> str:
    """``/xoa``: remove an article and say what happened (plain text)."""
    query = query.strip()[:200]
    result = await remove_article(services, query, removed_by=removed_by) if query else None
    articles = await services.store.articles() if result is None or result.removed is None else []
    return removal_text(query, result, articles)
