"""The answerer's candidate index, persisted in the store, and the facts it reads on demand: the
same answers however the index was come by (built, read back, rebuilt after a change) and
however few facts are kept in memory."""

from __future__ import annotations

import asyncio
from dataclasses import fields
from typing import Any

import numpy as np
import pytest

from bench.evaluate import BUNDLED_QUESTIONS, load_questions
from bot.answer import Answerer
from bot.answer import engine as engine_module
from bot.answer.index import Postings, SearchIndex
from bot.ingest.load import ingest_bytes, ingest_paths
from bot.lexicon import Lexicon
from bot.models import Answer
from bot.store import FactStore
from tests.conftest import ARTICLES_DIR

QUESTIONS = [q.text for q in load_questions(BUNDLED_QUESTIONS)][::3]
FIRST = sorted(ARTICLES_DIR.glob("*.txt"))[0]


def _key(answer: Answer) -> tuple[Any, ...]:
    return (
        answer.answered,
        answer.figure.value if answer.figure else None,
        [f.id for f in answer.facts],
        [f.id for f in answer.history],
        [f.id for f in answer.also],
        answer.suggestions,
        answer.entities,
        answer.confidence,
    )


async def _answers(answerer: Answerer) -> dict[str, tuple[Any, ...]]:
    answerer.cache_size = 0
    return {text: _key(await answerer.ask(text)) for text in QUESTIONS}


def _same(a: SearchIndex, b: SearchIndex) -> bool:
    for field in fields(SearchIndex):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if isinstance(x, Postings):
            if x.keys != y.keys or not (
                np.array_equal(x.offsets, y.offsets) and np.array_equal(x.positions, y.positions)
            ):
                return False
        elif isinstance(x, np.ndarray):
            if x.dtype != y.dtype or not np.array_equal(x, y):
                return False
        elif x != y:
            return False
    return True


async def test_a_second_start_reads_the_index_the_first_built(
    store: FactStore, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await Answerer.create(store, lexicon)
    expected = await _answers(first)

    async def not_again(*args: object) -> None:
        raise AssertionError("the index was built again")

    monkeypatch.setattr(engine_module, "build_index", not_again)
    again = await Answerer.create(store, lexicon)
    assert _same(again._index, first._index)
    assert await _answers(again) == expected


async def test_an_index_reads_back_as_it_was_packed(store: FactStore, lexicon: Lexicon) -> None:
    index = (await Answerer.create(store, lexicon))._index
    assert len(index.ids) == (await store.stats()).facts
    assert _same(SearchIndex.unpack(index.pack()), index)
    empty = SearchIndex.empty()
    assert _same(SearchIndex.unpack(empty.pack()), empty)


async def test_a_change_to_the_facts_rebuilds_the_index(store: FactStore, lexicon: Lexicon) -> None:
    answerer = await Answerer.create(store, lexicon)
    changed = FIRST.read_bytes().replace(b"2.900", b"3.100")
    added = await ingest_bytes(store, changed, FIRST.with_name("999_new.txt"), lexicon)
    assert added.outcome == "added"
    await answerer.refresh()
    stored = {f.id: f for f in await store.facts()}
    assert sorted(answerer._index.ids.tolist()) == sorted(stored)
    new = [i for i, f in stored.items() if f.article == "999_new"]
    assert answerer._indexed.facts(new) == [stored[i] for i in new]
    answer = await answerer.ask("cổng dịch vụ công đã tích hợp bao nhiêu thủ tục hành chính")
    assert answer.figure is not None and answer.figure.value in (2900, 3100)
    assert {f.primary.value for f in [*answer.facts, *answer.history]} == {2900, 3100}
    # The next start reads the rebuilt index, not the first one.
    reread = await Answerer.create(store, lexicon)
    assert _same(reread._index, answerer._index)
    assert await store.delete_article("999_new")
    await answerer.refresh()
    assert len(answerer._index.ids) == len(stored) - len(new)
    assert not answerer._indexed.facts(new)


async def test_few_facts_kept_in_memory_give_the_same_answers(
    store: FactStore, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = await _answers(await Answerer.create(store, lexicon))
    monkeypatch.setattr(engine_module, "CACHED_FACTS", 5)
    small = await Answerer.create(store, lexicon)
    assert await _answers(small) == expected
    assert len(small._indexed) < (await store.stats()).facts


async def test_a_memory_store_answers_as_a_file_store(store: FactStore, lexicon: Lexicon) -> None:
    expected = await _answers(await Answerer.create(store, lexicon))
    async with await FactStore.open(":memory:") as memory:
        await ingest_paths(memory, [ARTICLES_DIR], lexicon)
        assert await _answers(await Answerer.create(memory, lexicon)) == expected


async def test_facts_removed_before_a_refresh_are_not_answered(
    store: FactStore, lexicon: Lexicon
) -> None:
    question = "Việt Nam xếp hạng chính phủ điện tử thứ mấy năm 2020?"
    answerer = await Answerer.create(store, lexicon)
    article = (await answerer.ask(question)).facts[0].article
    fresh = await Answerer.create(store, lexicon)
    fresh.cache_size = 0
    assert await store.delete_article(article)
    # The index still names the article's facts; reading them finds none, and none answers.
    assert all(f.article != article for f in (await fresh.ask(question)).facts)


async def test_overlapping_refreshes_end_with_the_facts_as_they_are(
    store: FactStore, lexicon: Lexicon
) -> None:
    answerer = await Answerer.create(store, lexicon)

    async def remove_and_refresh() -> None:
        assert await store.delete_article(FIRST.stem)
        await answerer.refresh()

    await store.db.execute("DELETE FROM search_index")  # the first refresh builds, streaming
    await asyncio.gather(answerer.refresh(), remove_and_refresh())
    assert sorted(answerer._index.ids.tolist()) == sorted(f.id for f in await store.facts())
