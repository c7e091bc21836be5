"""A conversation, not a lookup: follow-ups, comparisons and small talk (bot.answer.dialogue).

Expected figures are read from the answers the engine gives to full questions, so these tests
check the conversation logic, not one article's numbers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from bot import messages
from bot.answer.dialogue import Dialogue
from bot.config import Settings
from bot.render import answer_plain
from bot.services import Services

ME = (1, 0)
RANK_2020 = "Việt Nam xếp hạng chính phủ điện tử thứ mấy năm 2020?"
RANK_2018 = "Việt Nam xếp hạng chính phủ điện tử thứ mấy năm 2018?"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest_asyncio.fixture
async def services(db: Path) -> AsyncIterator[Services]:
    opened = await Services.open(Settings(_env_file=None, bot_db=db), sync_articles=False)
    try:
        yield opened
    finally:
        await opened.close()


@pytest_asyncio.fixture
async def clock() -> Clock:
    return Clock()


@pytest_asyncio.fixture
async def dialogue(services: Services, clock: Clock) -> Dialogue:
    return Dialogue(services.answerer, clock=clock)


async def test_a_year_follow_up_asks_the_same_series_for_that_year(dialogue: Dialogue) -> None:
    full = await dialogue.answerer.ask(RANK_2018)
    first = await dialogue.reply(ME, RANK_2020)
    follow = await dialogue.reply(ME, "còn năm 2018?")
    assert first.answered and follow.answered and full.answered
    assert follow.figure == full.figure and follow.facts[0].id == full.facts[0].id
    assert follow.question == "còn năm 2018?"
    assert dialogue.answerer.same_series(first.facts[0], follow.facts[0])


async def test_a_place_follow_up_swaps_the_subject(dialogue: Dialogue) -> None:
    first = await dialogue.reply(ME, "Thừa Thiên Huế xếp thứ mấy về chính quyền điện tử?")
    follow = await dialogue.reply(ME, "còn Đà Nẵng thì sao?")
    assert first.answered and follow.answered
    assert first.facts[0].subject == "Thừa Thiên - Huế"
    assert follow.facts[0].subject == "Đà Nẵng"
    again = await dialogue.reply(ME, "con ha tinh")  # no diacritics, no question mark
    assert again.answered and again.facts[0].subject == "Hà Tĩnh"


async def test_a_comparison_is_the_difference_of_two_cited_figures(dialogue: Dialogue) -> None:
    older = await dialogue.answerer.ask(RANK_2018)
    newer = await dialogue.answerer.ask(RANK_2020)
    assert older.figure is not None and newer.figure is not None
    await dialogue.reply(ME, RANK_2020)
    answer = await dialogue.reply(ME, "tăng bao nhiêu bậc so với 2018?")
    assert answer.answered and answer.figure is not None
    assert answer.figure.unit == "step"
    assert answer.figure.value == abs(older.figure.value - newer.figure.value)
    assert [f.value for f in answer.compared] == [older.figure.value, newer.figure.value]
    rose = newer.figure.value < older.figure.value
    assert answer.direction == (messages.RANK_UP if rose else messages.RANK_DOWN)
    text = answer_plain(answer)
    for fact in answer.comparison:
        assert fact.source is not None and fact.source.title in text
    # Asked in one go, with no context, the same comparison.
    alone = await dialogue.reply((2, 0), "so sánh thứ hạng chính phủ điện tử Việt Nam 2018 và 2020")
    assert alone.figure == answer.figure and alone.direction == answer.direction


async def test_two_shares_differ_by_percentage_points(dialogue: Dialogue) -> None:
    question = "Hà Tĩnh tỷ lệ hồ sơ trực tuyến năm 2019"
    first = await dialogue.reply(ME, question)
    later = await dialogue.answerer.ask(question.replace("2019", "2020"))
    assert first.figure is not None and later.figure is not None
    assert first.figure.unit == later.figure.unit == "%"
    answer = await dialogue.reply(ME, "tăng bao nhiêu so với năm 2020")
    assert answer.figure is not None and answer.figure.unit == "point"
    assert abs(answer.figure.value - abs(later.figure.value - first.figure.value)) < 1e-9
    assert "điểm phần trăm" in answer_plain(answer)


async def test_how_many_times_is_the_ratio_of_two_years(dialogue: Dialogue) -> None:
    question = "Hà Tĩnh tỷ lệ hồ sơ trực tuyến năm 2019"
    first = await dialogue.answerer.ask(question)
    later = await dialogue.answerer.ask(question.replace("2019", "2020"))
    assert first.figure is not None and later.figure is not None
    answer = await dialogue.reply(ME, "Hà Tĩnh tỷ lệ hồ sơ trực tuyến năm 2020 gấp mấy lần 2019")
    assert answer.figure is not None and answer.figure.unit == "times"
    assert answer.figure.value == round(later.figure.value / first.figure.value, 2)
    up = later.figure.value > first.figure.value
    assert answer.direction == (messages.TIMES_UP if up else messages.TIMES_DOWN)
    assert "lần" in answer_plain(answer)


async def test_a_ratio_the_source_states_comes_before_one_worked_out(
    dialogue: Dialogue,
) -> None:
    # "tăng hơn 2 lần, từ 4,55% năm 2018 lên 10,76% năm 2019": the article's own words
    answer = await dialogue.reply(
        ME, "ty le dich vu cong muc 4 tang bao nhieu lan tu 2018 len 2019"
    )
    assert answer.figure is not None and answer.figure.unit == "times"
    assert answer.figure.raw and not answer.comparison


async def test_small_talk_gets_a_friendly_reply_and_no_figure(dialogue: Dialogue) -> None:
    for text, kind in [
        ("Chào bot!", "greeting"),
        ("cam on nhe", "thanks"),
        ("bạn là ai?", "who"),
        ("bạn biết gì?", "what"),
        ("tạm biệt", "bye"),
        ("asdkjh qwzx", "nonsense"),
    ]:
        answer = await dialogue.reply(ME, text)
        assert answer.talk == messages.SMALL_TALK[kind], text
        assert not answer.answered and answer.figure is None
        assert answer.suggestions
    # A greeting in front of a question does not hide the question.
    answer = await dialogue.reply(ME, "chào bot, Việt Nam xếp thứ mấy về CPĐT năm 2020?")
    assert answer.answered and not answer.talk


async def test_context_is_per_conversation_and_expires(dialogue: Dialogue, clock: Clock) -> None:
    await dialogue.reply(ME, RANK_2020)
    other = await dialogue.reply((2, 7), "còn năm 2018?")
    assert not other.answered  # another chat has no context to follow
    clock.now += dialogue.ttl + 1
    assert dialogue.last_answer(ME) is None
    late = await dialogue.reply(ME, "còn năm 2018?")
    assert not late.answered


async def test_a_new_question_is_not_merged_into_the_last(dialogue: Dialogue) -> None:
    await dialogue.reply(ME, RANK_2020)
    portal = "Cổng dịch vụ công quốc gia có bao nhiêu dịch vụ công trực tuyến?"
    alone = await dialogue.answerer.ask(portal)
    answer = await dialogue.reply(ME, portal)
    assert answer.answered and answer.figure == alone.figure
    assert dialogue.last_answer(ME) is not None
    assert dialogue.last_answer(ME).figure == alone.figure  # type: ignore[union-attr]


async def test_a_named_subject_after_a_which_one_question_is_its_own(dialogue: Dialogue) -> None:
    which = await dialogue.reply(ME, "bộ nào đứng thứ 2")
    assert which.answered and which.entities
    alone = await dialogue.answerer.ask("hà tĩnh xếp thứ mấy")
    answer = await dialogue.reply(ME, "hà tĩnh xếp thứ mấy")
    assert answer.answered and not answer.entities
    assert answer.facts[0].subject == "Hà Tĩnh" and answer.figure == alone.figure


async def test_a_which_one_question_is_read_alone_when_the_merge_fails(
    dialogue: Dialogue,
) -> None:
    alone = await dialogue.answerer.ask("tỉnh nào dẫn đầu")
    assert alone.answered and alone.entities
    await dialogue.reply(ME, RANK_2020)
    answer = await dialogue.reply(ME, "tỉnh nào dẫn đầu")
    assert answer.answered and answer.entities == alone.entities


async def test_a_place_named_after_a_dated_question_is_read_alone_when_the_merge_fails(
    dialogue: Dialogue,
) -> None:
    # After the country's rank in 2018, "Đà Nẵng xếp thứ mấy" merged into "Đà Nẵng ... 2018",
    # which no article gives; the question read alone is answered.
    alone = await dialogue.answerer.ask("đà nẵng xếp thứ mấy")
    assert alone.answered
    await dialogue.reply(ME, RANK_2018)
    answer = await dialogue.reply(ME, "đà nẵng xếp thứ mấy")
    assert answer.answered and answer.figure == alone.figure


async def test_an_unanswerable_follow_up_says_so(dialogue: Dialogue) -> None:
    await dialogue.reply(ME, RANK_2020)
    answer = await dialogue.reply(ME, "còn năm 1990 thì sao?")
    assert not answer.answered and answer.figure is None
    assert messages.NO_ANSWER in answer_plain(answer)


async def test_a_follow_up_to_a_declined_question_asks_it_again(dialogue: Dialogue) -> None:
    declined = await dialogue.reply(ME, "Việt Nam xếp hạng chính phủ điện tử thứ mấy năm 2024?")
    assert not declined.answered
    assert dialogue.last_answer(ME) is None
    answer = await dialogue.reply(ME, "còn năm 2020 thì sao?")
    alone = await dialogue.answerer.ask(RANK_2020)
    assert answer.answered and answer.figure == alone.figure


async def test_a_which_one_question_after_an_answer_is_its_own(dialogue: Dialogue) -> None:
    await dialogue.reply(ME, RANK_2020)
    await dialogue.reply(ME, "còn đông nam á thì sao")
    answer = await dialogue.reply(ME, "bộ nào đứng thứ 2")
    alone = await dialogue.answerer.ask("bộ nào đứng thứ 2")
    assert answer.entities == alone.entities and answer.entities


async def test_a_new_question_that_looks_like_a_follow_up_is_read_alone(
    dialogue: Dialogue,
) -> None:
    # "tiết kiệm bao nhiêu mỗi năm" names nothing but what it asks: merged into the last
    # question it gave the UN rank again.
    alone = await dialogue.answerer.ask("tiết kiệm bao nhiêu mỗi năm")
    first = await dialogue.reply(ME, "việt nam đứng thứ mấy về CPĐT")
    follow = await dialogue.reply(ME, "tiết kiệm bao nhiêu mỗi năm")
    assert first.answered and follow.answered and alone.answered
    assert follow.figure == alone.figure and follow.figure != first.figure
