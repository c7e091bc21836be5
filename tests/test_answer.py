"""The answer engine on the bundled articles: accuracy, abstention, forms of a question."""

from __future__ import annotations

import unicodedata
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.answer import Answerer
from bot.answer.dialogue import MAX_QUESTION_CHARS, Dialogue
from bot.config import DATA_DIR
from bot.ingest.load import ingest_paths
from bot.lexicon import Lexicon
from bot.render import answer_html, answer_plain
from bot.store import FactStore

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def answerer(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Answerer]:
    lexicon = Lexicon.load()
    path = tmp_path_factory.mktemp("answer") / "store.db"
    store = await FactStore.open(path)
    await ingest_paths(store, [DATA_DIR / "articles"], lexicon)
    yield await Answerer.create(store, lexicon)
    await store.close()


@pytest.mark.parametrize(
    "question",
    [
        "Việt Nam xếp hạng chính phủ điện tử thứ mấy năm 2020?",
        "viet nam xep hang chinh phu dien tu thu may nam 2020",
        "VN đứng thứ mấy về CPĐT năm 2020",
        "viêt nam xêp hang cpdt nam 2020",
        unicodedata.normalize("NFD", "Việt Nam xếp hạng chính phủ điện tử thứ mấy năm 2020?"),
    ],
)
async def test_forms_of_one_question_get_one_answer(answerer: Answerer, question: str) -> None:
    answer = await answerer.ask(question)
    assert answer.answered
    assert answer.figure is not None
    assert (answer.figure.value, answer.figure.of) == (86, 193)
    assert answer.facts[0].source is not None


async def test_latest_value_first_with_history(answerer: Answerer) -> None:
    answer = await answerer.ask("thứ hạng chính phủ điện tử của việt nam theo LHQ")
    assert answer.figure is not None and answer.figure.value == 86
    assert any(h.primary.value == 88 and h.period == "2018" for h in answer.history)
    text = answer_plain(answer)
    assert "thứ 86/193" in text and "Nguồn:" in text and "thứ 88/193" in text


async def test_period_selects_the_year_asked(answerer: Answerer) -> None:
    older = await answerer.ask("tỷ lệ văn bản điện tử trao đổi qua mạng năm 2018")
    newer = await answerer.ask("tỷ lệ văn bản điện tử trao đổi qua mạng năm 2019")
    assert older.figure is not None and older.figure.value == 72
    assert newer.figure is not None and newer.figure.value == 86.5


async def test_target_is_not_confused_with_actual(answerer: Answerer) -> None:
    target = await answerer.ask("mục tiêu dịch vụ công trực tuyến mức 4 năm 2020 là bao nhiêu")
    assert target.figure is not None and target.figure.value == 30
    assert target.facts[0].kind == "target"
    assert answer_plain(target).startswith("Mục tiêu:")


@pytest.mark.parametrize(
    "question",
    ["giá vàng hôm nay", "Hà Nội xếp hạng mấy về chính phủ điện tử", "xếp hạng CPĐT năm 2022"],
)
async def test_out_of_scope_abstains_with_suggestions(answerer: Answerer, question: str) -> None:
    answer = await answerer.ask(question)
    assert not answer.answered
    assert answer.figure is None
    assert answer.suggestions
    assert "chưa có số liệu" in answer_plain(answer)


@pytest.mark.parametrize(
    "question", ["", "   ", "<b>&</b>", "?" * 5000, "\x00\u202e", "SELECT * FROM facts; --"]
)
async def test_hostile_or_empty_input_is_handled(answerer: Answerer, question: str) -> None:
    answer = await answerer.ask(question)
    html = answer_html(answer)
    assert "<b>&</b>" not in html
    # The dialogue is the one place that bounds a question.
    bounded = await Dialogue(answerer).reply((1, 1), question)
    assert len(bounded.question) <= MAX_QUESTION_CHARS


async def test_suggestions_are_questions_the_bot_answers(answerer: Answerer) -> None:
    """Every suggestion offered is a question that leads back to a figure; most quantity facts
    get one."""
    facts = [f for f in await answerer.store.facts() if f.primary.unit not in ("date", "document")]
    offered = 0
    for fact in facts:
        suggestion = answerer.verified_suggestion(fact)
        if suggestion is None:
            continue
        offered += 1
        assert suggestion.endswith("?")
        answer = await answerer.ask(suggestion)
        assert answer.answered and answer.figure is not None
        assert answer.figure.value == fact.primary.value, suggestion
    assert offered / len(facts) >= 0.5
    defaults = answerer.suggestions([])
    assert len(defaults) >= 3
    for suggestion in defaults:
        assert (await answerer.ask(suggestion)).answered, suggestion


async def test_a_repeated_question_is_answered_from_the_cache_as_a_copy(
    answerer: Answerer,
) -> None:
    question = "VN đứng thứ mấy về CPĐT năm 2020"
    first = await answerer.ask(question)
    assert question in answerer._cache
    first.suggestions.clear()
    first.facts.clear()
    again = await answerer.ask(question)
    assert again.answered and again.facts and again.suggestions  # the caller's edits stay its own
    assert again.figure == first.figure


async def test_the_cache_is_emptied_when_the_store_changes(answerer: Answerer) -> None:
    await answerer.ask("VN đứng thứ mấy về CPĐT năm 2020")
    assert answerer._cache
    await answerer.refresh()
    assert not answerer._cache
    answerer.exhaustive = True  # another path: cached answers of the other one are dropped
    assert not answerer._cache
    answerer.exhaustive = False
