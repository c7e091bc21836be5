"""The engine on short articles written for the test: behaviour that needs a series of values."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.answer import Answerer
from bot.ingest.load import ingest_bytes
from bot.lexicon import Lexicon
from bot.store import FactStore

pytestmark = pytest.mark.asyncio(loop_scope="module")

ARTICLES = {
    "cong_khai_truong": (
        "Cổng dịch vụ công của tỉnh đi vào hoạt động\n"
        "Ngày 3/3/2021, Cổng dịch vụ công của tỉnh chính thức vận hành.\n"
        "Cổng dịch vụ công của tỉnh khi ra mắt cung cấp 120 dịch vụ công trực tuyến.\n",
        "2021-03-03",
    ),
    "cong_hai_nam": (
        "Cổng dịch vụ công của tỉnh sau hai năm\n"
        "Sau hai năm vận hành, Cổng dịch vụ công của tỉnh cung cấp 900 dịch vụ công trực tuyến.\n",
        "2023-03-10",
    ),
}


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def answerer(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Answerer]:
    lexicon = Lexicon.load()
    store = await FactStore.open(tmp_path_factory.mktemp("written") / "store.db")
    try:
        for name, (text, published) in ARTICLES.items():
            path = Path(f"{name}.txt")
            meta = {name: {"outlet": "Báo Thử", "published": published}}
            result = await ingest_bytes(store, text.encode(), path, lexicon, meta)
            assert result.error is None, result.error
        yield await Answerer.create(store, lexicon)
    finally:
        await store.close()


async def test_without_a_moment_the_newest_value_answers(answerer: Answerer) -> None:
    answer = await answerer.ask("cổng dịch vụ công của tỉnh cung cấp bao nhiêu dịch vụ công")
    assert answer.figure is not None and answer.figure.value == 900


@pytest.mark.parametrize(
    "question",
    [
        "lúc mới ra mắt cổng dịch vụ công của tỉnh cung cấp bao nhiêu dịch vụ công trực tuyến",
        "ban dau cong dich vu cong cua tinh cung cap bao nhieu dich vu cong truc tuyen",
    ],
)
async def test_a_moment_asked_is_not_replaced_by_the_newest_value(
    answerer: Answerer, question: str
) -> None:
    answer = await answerer.ask(question)
    assert answer.figure is not None and answer.figure.value == 120


async def test_a_number_word_before_a_time_unit_meets_its_digits(answerer: Answerer) -> None:
    answer = await answerer.ask(
        "sau 2 nam van hanh cong dich vu cong cua tinh co bao nhieu dich vu"
    )
    assert answer.figure is not None and answer.figure.value == 900
