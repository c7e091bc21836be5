"""The SQLite store (aiosqlite): articles, facts with their search terms, rankings, chat state.

WAL mode; one transaction per article so a failed ingest leaves the store as it was; the schema
carries a version and is migrated forward on open.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import aiosqlite

from bot.lexicon import Lexicon
from bot.models import Article, Fact, Figure, Outcome, Ranking, Source
from bot.searchtext import fact_terms
from bot.store.usage import Usage

MIGRATIONS: list[str] = [
    # 1: articles, facts, rankings, search index
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        outlet TEXT,
        published TEXT,
        url TEXT,
        inferred TEXT NOT NULL DEFAULT '[]',
        sha256 TEXT NOT NULL,
        path TEXT NOT NULL DEFAULT '',
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE facts (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence_no INTEGER NOT NULL,
        quote TEXT NOT NULL,
        figures TEXT NOT NULL,
        kind TEXT NOT NULL,
        measure TEXT NOT NULL,
        subject TEXT NOT NULL,
        period TEXT,
        period_label TEXT NOT NULL,
        topics TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX facts_article ON facts(article);
    CREATE INDEX facts_subject ON facts(subject);
    CREATE TABLE rankings (
        id INTEGER PRIMARY KEY,
        fact_id INTEGER REFERENCES facts(id) ON DELETE CASCADE,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        scheme TEXT NOT NULL,
        scope TEXT NOT NULL,
        entity TEXT NOT NULL,
        rank INTEGER NOT NULL,
        of INTEGER,
        year INTEGER
    );
    CREATE INDEX rankings_entity ON rankings(entity);
    CREATE VIRTUAL TABLE facts_fts USING fts5(
        measure, body, meta, tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
    );
    """,
    # 2: chat state: subscriptions, deliveries, question log, feedback
    """
    CREATE TABLE subscriptions (
        chat_id INTEGER PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'group',
        time TEXT NOT NULL DEFAULT '08:00',
        count INTEGER NOT NULL DEFAULT 3,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
    );
    CREATE TABLE deliveries (
        chat_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        detail TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (chat_id, day)
    );
    CREATE TABLE sent_facts (
        chat_id INTEGER NOT NULL,
        fact_key TEXT NOT NULL,
        day TEXT NOT NULL,
        PRIMARY KEY (chat_id, fact_key)
    );
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        asked_at TEXT NOT NULL,
        user_hash TEXT NOT NULL,
        chat_type TEXT NOT NULL,
        question TEXT NOT NULL,
        normalised TEXT NOT NULL,
        answered INTEGER NOT NULL,
        confidence REAL NOT NULL,
        fact_key TEXT
    );
    CREATE TABLE feedback (
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        user_hash TEXT NOT NULL,
        vote INTEGER NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (question_id, user_hash)
    );
    """,
    # 3: the sentence a fact's quote continues; duplicate articles by normalised text
    """
    ALTER TABLE facts ADD COLUMN context TEXT NOT NULL DEFAULT '';
    ALTER TABLE articles ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
    CREATE INDEX articles_content_hash ON articles(content_hash);
    """,
    # 4: one digest sender at a time (a lease), and requests for a run now
    """
    CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );
    CREATE TABLE digest_requests (
        id INTEGER PRIMARY KEY,
        requested_at TEXT NOT NULL,
        done_at TEXT
    );
    """,
    # 5: the article's text as ingested and the extractor version that read it, so a newer
    # extractor reads every stored article again (uploads included: they have no file)
    """
    ALTER TABLE articles ADD COLUMN body BLOB;
    ALTER TABLE articles ADD COLUMN extraction INTEGER NOT NULL DEFAULT 0;
    """,
    # 6: each fact's search terms, worked out at ingest (searchtext.FactTerms) so start-up
    # reads them instead of normalising every sentence again; the FTS5 index nothing reads
    # any more goes
    """
    ALTER TABLE facts ADD COLUMN terms TEXT NOT NULL DEFAULT '';
    DROP TABLE facts_fts;
    """,
    # 7: the answerer's candidate index, persisted so start-up reads arrays instead of every
    # fact, and a count of fact changes (kept by triggers, whoever writes) that says whether
    # the persisted index still describes the facts
    """
    CREATE TABLE changes (facts INTEGER NOT NULL);
    INSERT INTO changes VALUES (0);
    CREATE TRIGGER facts_added AFTER INSERT ON facts
        BEGIN UPDATE changes SET facts = facts + 1; END;
    CREATE TRIGGER facts_removed AFTER DELETE ON facts
        BEGIN UPDATE changes SET facts = facts + 1; END;
    CREATE TRIGGER facts_changed AFTER UPDATE ON facts
        BEGIN UPDATE changes SET facts = facts + 1; END;
    CREATE TABLE search_index (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        stamp TEXT NOT NULL,
        data BLOB NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
_ARTICLE_COLUMNS = "id, title, outlet, published, url, inferred, sha256, path"
_FACT_ROWS = (
    "SELECT f.*, a.title, a.outlet, a.published, a.url FROM facts f"
    " JOIN articles a ON a.id = f.article"
)
_READ_CHUNK = 500
"""Ids per statement when facts are read by id (SQLite bounds a statement's parameters)."""


@dataclass(frozen=True)
class StoreStats:
    articles: int
    facts: int
    rankings: int


def fact_key(fact: Fact) -> str:
    """A key for a fact that survives re-ingesting its article (ids do not)."""
    return f"{fact.article}:{fact.sentence_no}:{fact.primary.raw}:{fact.subject}"


def _json_figures(figures: Sequence[Figure]) -> str:
    return json.dumps([f.model_dump(exclude_defaults=True) for f in figures], ensure_ascii=False)


class FactStore:
    def __init__(self, db: aiosqlite.Connection, path: str) -> None:
        self.db = db
        self.path = path
        self.usage = Usage(db)
        """The question log, feedback and usage statistics."""
        self._reader: sqlite3.Connection | None = None
        """A synchronous connection of its own, opened on the first ``facts_now``."""

    @classmethod
    async def open(cls, path: str | Path) -> FactStore:
        target = str(path)
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(target, timeout=30, isolation_level=None)
        db.row_factory = aiosqlite.Row
        store = cls(db, target)
        try:
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA foreign_keys=ON")
            await db.execute("PRAGMA synchronous=NORMAL")
            await db.execute("PRAGMA busy_timeout=30000")
            await store._migrate()
        except BaseException:
            # Close the connection's thread, or a failed open keeps the process alive.
            await db.close()
            raise
        return store

    @property
    def in_memory(self) -> bool:
        """A ``:memory:`` store, which no other connection can read."""
        return self.path == ":memory:"

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        await self.db.close()

    async def __aenter__(self) -> FactStore:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _migrate(self) -> None:
        async with self.db.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"store {self.path} has schema {version}, newer than this program's "
                f"{SCHEMA_VERSION}"
            )
        for number in range(version, SCHEMA_VERSION):
            await self.db.executescript(
                f"BEGIN IMMEDIATE; {MIGRATIONS[number]};"
                f" PRAGMA user_version = {number + 1}; COMMIT;"
            )

    async def schema_version(self) -> int:
        async with self.db.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    # -- articles ---------------------------------------------------------------------------

    async def article_hash(self, article_id: str) -> str | None:
        async with self.db.execute("SELECT sha256 FROM articles WHERE id = ?", (article_id,)) as c:
            row = await c.fetchone()
        return str(row[0]) if row else None

    async def _stored_version(self, article_id: str) -> tuple[str, int] | None:
        async with self.db.execute(
            "SELECT sha256, extraction FROM articles WHERE id = ?", (article_id,)
        ) as cur:
            row = await cur.fetchone()
        return (str(row[0]), int(row[1])) if row else None

    async def stale_articles(self, stamp: int) -> list[tuple[Article, bytes]]:
        """Articles read by another extractor or vocabulary (``stamp``) whose text is stored,
        with that text."""
        async with self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS}, body FROM articles"
            " WHERE extraction != ? AND body IS NOT NULL ORDER BY id",
            (stamp,),
        ) as cur:
            rows = await cur.fetchall()
        return [(_article(row), bytes(row["body"])) for row in rows]

    async def duplicate_of(self, content_hash: str, article_id: str) -> str | None:
        """Another article in the store with the same normalised text, if there is one."""
        if not content_hash:
            return None
        async with self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND id != ? LIMIT 1",
            (content_hash, article_id),
        ) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else None

    async def save_article(
        self,
        article: Article,
        facts: Sequence[Fact],
        rankings: Sequence[Ranking],
        lexicon: Lexicon,
        content_hash: str = "",
        *,
        body: bytes | None = None,
        extraction: int = 0,
    ) -> Outcome:
        """Store an article with its facts in one transaction, replacing an older version
        (another text, or the same text read by another extractor version). ``body`` is the
        text as ingested, kept so a newer extractor can read it again."""
        existing = await self._stored_version(article.id)
        if existing == (article.sha256, extraction):
            return "unchanged"
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        await self.db.execute("BEGIN IMMEDIATE")
        try:
            await self._delete_article_rows(article.id)
            await self.db.execute(
                "INSERT INTO articles (id, title, outlet, published, url, inferred, sha256, path,"
                " ingested_at, content_hash, body, extraction)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.title,
                    article.outlet,
                    article.published.isoformat() if article.published else None,
                    article.url,
                    json.dumps(list(article.inferred)),
                    article.sha256,
                    article.path,
                    now,
                    content_hash,
                    body,
                    extraction,
                ),
            )
            ids: dict[tuple[int, str, int], int] = {}
            for fact in facts:
                cur = await self.db.execute(
                    "INSERT INTO facts (article, sentence_no, quote, figures, kind, measure,"
                    " subject, period, period_label, topics, context, terms)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        article.id,
                        fact.sentence_no,
                        fact.quote,
                        _json_figures(fact.figures),
                        fact.kind,
                        fact.measure,
                        fact.subject,
                        fact.period,
                        fact.period_label,
                        json.dumps(list(fact.topics), ensure_ascii=False),
                        fact.context,
                        fact_terms(fact, article.title, lexicon).dump(),
                    ),
                )
                fact_id = cur.lastrowid
                assert fact_id is not None
                if fact.primary.unit == "rank":
                    ids.setdefault(
                        (fact.sentence_no, fact.subject, int(fact.primary.value)), fact_id
                    )
            for ranking in rankings:
                await self.db.execute(
                    "INSERT INTO rankings (fact_id, article, scheme, scope, entity, rank, of, year)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        ids.get((ranking.fact_sentence, ranking.entity, ranking.rank)),
                        article.id,
                        ranking.scheme,
                        ranking.scope,
                        ranking.entity,
                        ranking.rank,
                        ranking.of,
                        ranking.year,
                    ),
                )
        except BaseException:
            await self.db.execute("ROLLBACK")
            raise
        await self.db.execute("COMMIT")
        return "added" if existing is None else "replaced"

    async def _delete_article_rows(self, article_id: str) -> None:
        await self.db.execute("DELETE FROM rankings WHERE article = ?", (article_id,))
        await self.db.execute("DELETE FROM facts WHERE article = ?", (article_id,))
        await self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    async def delete_article(self, article_id: str) -> bool:
        if await self.article_hash(article_id) is None:
            return False
        await self.db.execute("BEGIN IMMEDIATE")
        try:
            await self._delete_article_rows(article_id)
        except BaseException:
            await self.db.execute("ROLLBACK")
            raise
        await self.db.execute("COMMIT")
        return True

    async def articles(self) -> list[Article]:
        async with self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY published DESC, id"
        ) as cur:
            rows = await cur.fetchall()
        return [_article(row) for row in rows]

    # -- facts ------------------------------------------------------------------------------

    async def facts(self, ids: Iterable[int] | None = None) -> list[Fact]:
        """Facts with their sources, in article and sentence order (or for the given ids)."""
        return [fact for fact, _ in await self._facts(ids)]

    async def facts_with_terms(self) -> list[tuple[Fact, str]]:
        """Every fact with the search terms ingest stored with it (``searchtext.FactTerms.dump``),
        read in one pass: what the answerer loads at start-up."""
        return await self._facts(None)

    async def _facts(self, ids: Iterable[int] | None) -> list[tuple[Fact, str]]:
        sql = _FACT_ROWS
        params: tuple[Any, ...] = ()
        if ids is not None:
            wanted = list(ids)
            if not wanted:
                return []
            sql += f" WHERE f.id IN ({','.join('?' * len(wanted))})"
            params = tuple(wanted)
        sql += " ORDER BY f.article, f.sentence_no, f.id"
        async with self.db.execute(sql, params) as cur:
            rows = await cur.fetchall()
        return _with_sources(rows)

    def facts_now(self, ids: Sequence[int]) -> dict[int, tuple[Fact, str]]:
        """The facts of ``ids`` still stored, with their search terms, by id: read at once, on
        a connection of its own, for the answerer, which scores synchronously and reads the
        few hundred facts a question needs rather than every fact at start-up. Not for a
        ``:memory:`` store."""
        assert not self.in_memory, "no other connection sees a :memory: store"
        if self._reader is None:
            self._reader = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            self._reader.row_factory = sqlite3.Row
            self._reader.execute("PRAGMA query_only = ON")
        rows: list[sqlite3.Row] = []
        for start in range(0, len(ids), _READ_CHUNK):
            chunk = ids[start : start + _READ_CHUNK]
            sql = f"{_FACT_ROWS} WHERE f.id IN ({','.join('?' * len(chunk))})"
            rows += self._reader.execute(sql, tuple(chunk)).fetchall()
        return {fact.id or 0: (fact, terms) for fact, terms in _with_sources(rows)}

    async def index_rows(self) -> AsyncIterator[sqlite3.Row]:
        """Every fact's row as stored, with its article's title and, as ``generation``, the
        count of fact changes the store had made (``changes``): in article and sentence order,
        streamed by one statement, so all of one snapshot of the store. What the answerer's
        candidate index is built from."""
        sql = (
            "SELECT f.*, a.title, a.outlet, a.published, a.url,"
            " (SELECT facts FROM changes) AS generation FROM facts f"
            " JOIN articles a ON a.id = f.article ORDER BY f.article, f.sentence_no, f.id"
        )
        async with self.db.execute(sql) as cur:
            cur.iter_chunk_size = _READ_CHUNK
            async for row in cur:
                yield row

    async def search_index(self, version: str) -> bytes | None:
        """The persisted candidate index, if one built by ``version`` (of the answerer's code
        and vocabulary) describes the facts as they are now."""
        async with self.db.execute(
            "SELECT data FROM search_index WHERE stamp = ? || ':' || (SELECT facts FROM changes)",
            (version,),
        ) as cur:
            row = await cur.fetchone()
        return bytes(row[0]) if row else None

    async def save_search_index(self, version: str, generation: int, data: bytes) -> bool:
        """Persist a candidate index built from the facts as they were at ``generation`` (of
        ``changes``); nothing is written if they have changed since (the answerer's next
        refresh builds a newer one). One statement: the check and the write are atomic."""
        async with self.db.execute(
            "INSERT OR REPLACE INTO search_index (id, stamp, data)"
            " SELECT 1, ?, ? WHERE (SELECT facts FROM changes) = ?",
            (f"{version}:{generation}", data, generation),
        ) as cur:
            return cur.rowcount == 1

    async def rankings(self, scheme: str | None = None) -> list[tuple[Ranking, Fact | None]]:
        sql = "SELECT * FROM rankings"
        params: tuple[Any, ...] = ()
        if scheme:
            sql += " WHERE scheme = ?"
            params = (scheme,)
        sql += " ORDER BY scheme, year DESC, scope, rank"
        async with self.db.execute(sql, params) as cur:
            rows = await cur.fetchall()
        facts = {
            f.id: f for f in await self.facts({int(r["fact_id"]) for r in rows if r["fact_id"]})
        }
        return [
            (
                Ranking(
                    scheme=r["scheme"],
                    scope=r["scope"],
                    entity=r["entity"],
                    rank=r["rank"],
                    of=r["of"],
                    year=r["year"],
                    article=r["article"],
                    fact_sentence=facts[r["fact_id"]].sentence_no if r["fact_id"] in facts else 0,
                ),
                facts.get(r["fact_id"]),
            )
            for r in rows
        ]

    async def stats(self) -> StoreStats:
        counts = []
        for table in ("articles", "facts", "rankings"):
            async with self.db.execute(f"SELECT count(*) FROM {table}") as cur:
                row = await cur.fetchone()
            counts.append(int(row[0]) if row else 0)
        return StoreStats(*counts)


def _article(row: aiosqlite.Row) -> Article:
    return Article(
        id=row["id"],
        title=row["title"],
        outlet=row["outlet"],
        published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
        url=row["url"],
        inferred=tuple(json.loads(row["inferred"])),
        sha256=row["sha256"],
        path=row["path"],
    )


def _source(row: aiosqlite.Row) -> Source:
    return Source(
        title=row["title"],
        outlet=row["outlet"],
        published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
        url=row["url"],
        article=row["article"],
    )


def _with_sources(rows: Iterable[sqlite3.Row]) -> list[tuple[Fact, str]]:
    """Facts of stored rows with their search terms; facts of one article share one source."""
    sources: dict[str, Source] = {}
    facts = []
    for row in rows:
        source = sources.get(row["article"])
        if source is None:
            source = sources[row["article"]] = _source(row)
        facts.append((fact_from_row(row, source), str(row["terms"])))
    return facts


def fact_from_row(row: sqlite3.Row, source: Source | None = None) -> Fact:
    """A stored fact; facts of one article share one ``source``. Validated in one call with
    its figures as plain dicts (pydantic-core builds them: faster than constructing each)."""
    figures = json.loads(row["figures"], object_hook=_interned)
    return Fact.model_validate(
        {
            "id": row["id"],
            "article": row["article"],
            "sentence_no": row["sentence_no"],
            "quote": row["quote"],
            "figures": figures,
            "kind": _intern(row["kind"]),
            "measure": _intern(row["measure"]),
            "subject": _intern(row["subject"]),
            "period": _intern(row["period"]),
            "period_label": _intern(row["period_label"]),
            "topics": [_intern(t) for t in json.loads(row["topics"])],
            "context": row["context"],
            "source": source or _source(row),
        }
    )


def _intern(text: str | None) -> str | None:
    """One string object for the many facts that repeat it (a unit, a subject, a period):
    a large store's memory."""
    return None if text is None else sys.intern(text)


def _interned(found: dict[str, Any]) -> dict[str, Any]:
    return {k: sys.intern(v) if isinstance(v, str) and k != "raw" else v for k, v in found.items()}
