"""The SQLite fact store: WAL, schema, stored search terms, one transaction per article,
concurrent writers."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

import bot.store
from bot.ingest.load import extract_article, ingest_bytes
from bot.lexicon import Lexicon
from bot.searchtext import FactTerms, fact_terms
from bot.store import MIGRATIONS, SCHEMA_VERSION, FactStore
from tests.conftest import ARTICLES_DIR, bundled_counts

TABLES = ("articles", "facts", "rankings")
FIRST = sorted(ARTICLES_DIR.glob("*.txt"))[0]


async def snapshot(store: FactStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the article tables (ingestion times left out, they change on replace)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in TABLES:
        async with store.db.execute(f"SELECT * FROM {table} ORDER BY 1") as cur:
            rows = await cur.fetchall()
        names = [d[0] for d in cur.description]
        out[table] = [
            tuple(v for n, v in zip(names, row, strict=True) if n != "ingested_at") for row in rows
        ]
    return out


async def test_wal_and_schema(store: FactStore) -> None:
    async with store.db.execute("PRAGMA journal_mode") as cur:
        row = await cur.fetchone()
    assert row is not None and row[0] == "wal"
    assert await store.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
    stats = await store.stats()
    assert (stats.articles, stats.facts, stats.rankings) == (4, *bundled_counts())


async def test_reopen_keeps_schema_and_rejects_newer(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    async with await FactStore.open(path) as first:
        assert await first.schema_version() == SCHEMA_VERSION
    async with await FactStore.open(path) as again:
        assert await again.schema_version() == SCHEMA_VERSION
        await again.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(RuntimeError, match="newer"):
        await FactStore.open(path)


async def test_each_fact_is_stored_with_its_search_terms(
    store: FactStore, lexicon: Lexicon
) -> None:
    loaded = await store.facts_with_terms()
    facts = await store.facts()
    stored = {f.id: terms for f, terms in loaded}
    assert set(stored) == {f.id for f in facts}
    for fact in facts:
        title = fact.source.title if fact.source else ""
        assert FactTerms.load(stored[fact.id or 0]) == fact_terms(fact, title, lexicon)


async def test_facts_carry_their_source(store: FactStore) -> None:
    facts = await store.facts()
    assert all(f.source is not None and f.source.article == f.article for f in facts)
    ranked = await store.rankings("ministries")
    assert [r.entity for r, _ in ranked][:1] == ["Bộ Tài chính"]
    assert all(fact is not None and fact.primary.unit == "rank" for _, fact in ranked)


async def test_reingest_same_article_is_unchanged(store: FactStore, lexicon: Lexicon) -> None:
    before = await snapshot(store)
    result = await ingest_bytes(store, FIRST.read_bytes(), FIRST, lexicon)
    assert result.outcome == "unchanged"
    assert await snapshot(store) == before


async def test_changed_article_is_replaced(store: FactStore, lexicon: Lexicon) -> None:
    article_id = FIRST.stem
    old = [f for f in await store.facts() if f.article == article_id]
    assert any(f.primary.value == 2900 for f in old)
    changed = FIRST.read_bytes().replace("2.900 thủ tục".encode(), "3.100 thủ tục".encode())
    result = await ingest_bytes(store, changed, FIRST, lexicon)
    assert result.outcome == "replaced"
    new = [f for f in await store.facts() if f.article == article_id]
    assert not any(f.primary.value == 2900 for f in new)
    assert any(f.primary.value == 3100 for f in new)
    assert len(new) == len(old)
    assert not {f.id for f in old} & {f.id for f in new}
    stored = {f.id: terms for f, terms in await store.facts_with_terms()}
    assert not {f.id for f in old} & set(stored)
    assert all("n3100" in stored[f.id or 0] for f in new if f.primary.value == 3100)


@pytest.mark.parametrize("replacing", [False, True])
async def test_failure_mid_save_leaves_store_as_before(
    store: FactStore, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch, replacing: bool
) -> None:
    data = FIRST.read_bytes()
    path = FIRST if replacing else FIRST.with_name("999_new.txt")
    data = data.replace(b"2.900", b"3.100")
    article, extraction, _ = extract_article(data, path, lexicon)
    before = await snapshot(store)
    real = bot.store.fact_terms
    calls = 0

    def failing(*args: Any) -> FactTerms:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise RuntimeError("disk on fire")
        return real(*args)

    monkeypatch.setattr(bot.store, "fact_terms", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        await store.save_article(article, extraction.facts, extraction.rankings, lexicon)
    assert calls == 5
    assert await snapshot(store) == before
    monkeypatch.undo()
    # The store is usable afterwards.
    outcome = await store.save_article(article, extraction.facts, extraction.rankings, lexicon)
    assert outcome == ("replaced" if replacing else "added")


async def test_delete_article(store: FactStore, lexicon: Lexicon) -> None:
    article_id = FIRST.stem
    assert await store.delete_article(article_id) is True
    assert article_id not in {a.id for a in await store.articles()}
    assert not [f for f in await store.facts() if f.article == article_id]
    assert not [r for r, _ in await store.rankings() if r.article == article_id]
    assert not [f for f, _ in await store.facts_with_terms() if f.article == article_id]
    assert await store.delete_article(article_id) is False


async def test_two_connections_write_concurrently(tmp_path: Path, lexicon: Lexicon) -> None:
    path = tmp_path / "shared.db"
    sources = sorted(ARTICLES_DIR.glob("*.txt"))
    first = await FactStore.open(path)
    second = await FactStore.open(path)
    try:

        async def writer(store: FactStore, tag: str) -> None:
            for round_no in range(3):
                for source in sources:
                    # Each copy differs in its text: the same text twice is one article.
                    variant = f". Đây là bản {tag}{round_no} của bài viết này. ".encode()
                    data = source.read_bytes().replace(b". ", variant, 1)
                    target = source.with_name(f"{tag}_{source.name}")
                    result = await ingest_bytes(store, data, target, lexicon)
                    assert result.error is None

        await asyncio.gather(writer(first, "a"), writer(second, "b"))
        for store in (first, second):
            stats = await store.stats()
            assert (stats.articles, stats.facts) == (8, 2 * bundled_counts()[0])
    finally:
        await first.close()
        await second.close()


def test_bench_ingest_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    from bench.ingest import bench_ingest

    result = bench_ingest(copies=4)
    assert result["articles"] == result["stored_articles"] == 4
    assert result["facts"] > 0  # variants of the bundled articles: other figures, as many
    assert result["articles_per_second"] > 0 and result["articles_per_second_traced"] > 0
    assert result["tracemalloc_peak_mib"] > 0
    assert "articles_per_second" in capsys.readouterr().out


async def _changes(store: FactStore) -> int:
    async with store.db.execute("SELECT facts FROM changes") as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def test_a_persisted_index_names_the_facts_it_was_built_from(store: FactStore) -> None:
    """Every write to the facts counts (triggers, whoever writes); an index saved for one
    count is read back only while the facts are as they were, and one built from facts that
    changed before it was saved is not saved."""
    counted = await _changes(store)
    assert counted == (await store.stats()).facts  # one insert per fact so far
    assert await store.save_search_index("v1", counted, b"index")
    assert await store.search_index("v1") == b"index"
    assert await store.search_index("v2") is None
    assert await store.delete_article(FIRST.stem)
    assert await _changes(store) > counted
    assert await store.search_index("v1") is None
    assert not await store.save_search_index("v1", counted, b"stale")
    assert await store.search_index("v1") is None


async def test_facts_are_read_by_id_on_a_connection_of_their_own(store: FactStore) -> None:
    facts = await store.facts()
    wanted = [f.id or 0 for f in facts[::2]] + [10**9]
    read = store.facts_now(wanted)
    assert {i: fact for i, (fact, _) in read.items()} == {f.id: f for f in facts[::2]}
    with_terms = dict(await store.facts_with_terms())
    assert all(with_terms[fact] == terms for fact, terms in read.values())
