"""Handler helpers with real telegram objects: addressing, keyboards, limits, long replies."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, InlineQueryHandler, MessageHandler

from bot.models import Answer, Fact, Figure
from handlers import admin, all_handlers, digest
from handlers.common import answer_keyboard, question_ref, remember_question, send_html
from handlers.context import BotData, QuestionLimiter
from handlers.questions import addressed_text
from tests.support.botapi import FakeBotAPI

BOT_ID = 123456
BOT_NAME = "egov_test_bot"


def message(text: str, chat_type: str = "private", **extra: Any) -> Message:
    chat = {"id": 7 if chat_type == "private" else -1001, "type": chat_type, "title": "Nhóm"}
    data = {
        "update_id": 1,
        "message": {
            "message_id": 10,
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": 7, "is_bot": False, "first_name": "An"},
            "text": text,
            **extra,
        },
    }
    update = Update.de_json(data, None)
    assert update.message is not None
    return update.message


def mention(text: str, handle: str) -> list[dict[str, Any]]:
    start = text.index(handle)
    return [{"type": "mention", "offset": start, "length": len(handle)}]


def test_private_messages_are_always_addressed() -> None:
    assert addressed_text(message("tỷ lệ DVCTT?"), BOT_ID, BOT_NAME) == "tỷ lệ DVCTT?"


def test_group_messages_need_a_mention_or_a_reply() -> None:
    plain = message("tỷ lệ DVCTT?", "supergroup")
    assert addressed_text(plain, BOT_ID, BOT_NAME) is None
    text = "@egov_test_bot tỷ lệ DVCTT?"
    mentioned = message(text, "supergroup", entities=mention(text, "@egov_test_bot"))
    assert addressed_text(mentioned, BOT_ID, BOT_NAME) == "tỷ lệ DVCTT?"
    other = "@someone_else tỷ lệ?"
    elsewhere = message(other, "supergroup", entities=mention(other, "@someone_else"))
    assert addressed_text(elsewhere, BOT_ID, BOT_NAME) is None
    reply_to = {
        "message_id": 9,
        "date": int(time.time()),
        "chat": {"id": -1001, "type": "supergroup", "title": "Nhóm"},
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot", "username": BOT_NAME},
        "text": "…",
    }
    reply = message("còn năm 2019?", "supergroup", reply_to_message=reply_to)
    assert addressed_text(reply, BOT_ID, BOT_NAME) == "còn năm 2019?"


def test_limiter_notifies_once_then_stays_silent() -> None:
    now = [0.0]
    limiter = QuestionLimiter(2, clock=lambda: now[0])
    assert [limiter.check(1) for _ in range(4)] == ["ok", "ok", "notify", "silent"]
    assert limiter.check(2) == "ok"
    now[0] = 61.0
    assert limiter.check(1) == "ok"


def _fact(fact_id: int) -> Fact:
    figure = Figure(raw="3.096", value=3096, unit="count", noun="dịch vụ công trực tuyến")
    return Fact(
        id=fact_id, article="a", sentence_no=1, quote="q", figures=(figure,), kind="actual",
        measure="dịch vụ công trực tuyến", subject="Cổng Dịch vụ công quốc gia",
        period="2021", period_label="năm 2021",
    )  # fmt: skip


def test_answer_keyboard_uses_short_ids() -> None:
    data = BotData()
    long_question = "Tỷ lệ dịch vụ công trực tuyến mức độ 4 của các bộ, ngành, địa phương " * 3
    answer = Answer(
        question="q", answered=True, facts=[_fact(123456789)], figure=_fact(1).primary,
        suggestions=[long_question, "Câu hai?", "Câu ba?"],
    )  # fmt: skip
    markup = answer_keyboard(data, answer, 987654321)
    callback = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert callback[:3] == ["cite:123456789", "vote:987654321:+", "vote:987654321:-"]
    assert len(callback) == 5  # at most two related questions
    assert all(isinstance(c, str) and len(c.encode()) <= 64 for c in callback)
    assert data.asked[question_ref(long_question)] == long_question

    unanswered = Answer(question="q", answered=False, suggestions=["A?", "B?", "C?"])
    rows = answer_keyboard(data, unanswered, 1).inline_keyboard
    assert [r[0].text for r in rows] == ["A?", "B?", "C?"]


def test_remembered_questions_are_bounded() -> None:
    data = BotData()
    for n in range(2100):
        remember_question(data, f"câu {n}")
    assert len(data.asked) == 2000 and question_ref("câu 2099") in data.asked


def test_handlers_are_in_one_ordered_list() -> None:
    found = all_handlers()
    kinds = [type(h) for h in found]
    commands = [sorted(h.commands) for h in found if isinstance(h, CommandHandler)]
    assert commands[:6] == [["start"], ["help"], ["rank"], ["dvctt"], ["nguon"], ["trichdan"]]
    assert kinds[-1] is MessageHandler  # free text last, after commands and digest
    assert len(found) == 6 + len(digest.handlers()) + len(admin.handlers()) + 7
    assert sum(k is CallbackQueryHandler for k in kinds) >= 4
    assert InlineQueryHandler in kinds


@pytest_asyncio.fixture
async def bot() -> AsyncIterator[tuple[FakeBotAPI, Bot]]:
    async with FakeBotAPI() as api:
        api.add_chat(7)
        async with Bot(api.token, base_url=api.base_url) as client:
            yield api, client


async def test_long_replies_are_split_with_buttons_on_the_last(
    bot: tuple[FakeBotAPI, Bot],
) -> None:
    api, client = bot
    text = "\n".join(f"• <b>dòng {n}</b> &amp; " + "x" * 80 for n in range(200))
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("👍", callback_data="vote:1:+")]])
    await send_html(client, 7, text, markup)
    sent = [s for s in api.sent if s.chat_id == 7]
    assert len(sent) > 1 and all(c.ok for c in api.calls("sendMessage"))
    assert all(s.reply_markup is None for s in sent[:-1]) and sent[-1].callback_data == ["vote:1:+"]
    assert "\n".join(s.text or "" for s in sent) == text
