"""The fast candidate path answers every evaluation question exactly as the exhaustive one.

The engine scores in full only the facts that share the most weight of words with a question
(``CANDIDATES``); the reference path scores every fact sharing a word. On the bundled articles
plus the whole development corpus, and on every question of the evaluation sets, both must give
the same answer: same figure, same fact, same decision to answer or decline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.evaluate import (
    BUNDLED_QUESTIONS,
    SPLITS,
    corpus_articles,
    corpus_questions,
    load_questions,
)
from bot.answer import Answerer
from bot.answer import engine as engine_module
from bot.config import DATA_DIR
from bot.ingest.load import ingest_paths
from bot.lexicon import Lexicon
from bot.models import Answer
from bot.store import FactStore


def _key(answer: Answer) -> tuple[object, ...]:
    fact = answer.facts[0].id if answer.facts else None
    figure = answer.figure.value if answer.figure else None
    return (answer.answered, figure, fact, tuple(answer.entities))


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    running = asyncio.new_event_loop()
    yield running
    running.close()


@pytest.mark.slow
def test_fast_and_exhaustive_paths_agree_on_every_question(
    loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    async def run() -> tuple[int, int, list[str]]:
        lexicon = Lexicon.load()
        store = await FactStore.open(tmp_path / "all.db")
        try:
            paths = [DATA_DIR / "articles", *(corpus_articles(s) for s in SPLITS)]
            await ingest_paths(store, paths, lexicon)
            answerer = await Answerer.create(store, lexicon)
            texts = [q.text for q in load_questions(BUNDLED_QUESTIONS)]
            for split in SPLITS:
                texts += [q.text for q in load_questions(corpus_questions(split))]
            differ: list[str] = []
            cut = 0
            for text in texts:
                question = answerer.parser.parse(text)
                answerer.exhaustive = True
                full = await answerer.ask(text)
                cut += len(answerer._candidates(question)) >= engine_module.CANDIDATES
                answerer.exhaustive = False
                fast = await answerer.ask(text)
                if _key(full) != _key(fast):
                    differ.append(f"{text!r}: {_key(full)} != {_key(fast)}")
            return len(texts), cut, differ
        finally:
            await store.close()

    asked, cut, differ = loop.run_until_complete(run())
    # Most questions share words with more facts than are scored in full: the cut is real.
    assert asked > 500 and cut > asked // 2
    assert differ == []
