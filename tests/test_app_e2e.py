"""The real Application (bot.app.build_application) against the local Bot API stand-in."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from bot import messages
from bot.app import build_application, webhook_secret
from bot.feedback import votes
from bot.render import answer_html
from handlers.context import services_of
from tests.support.botapi import DEFAULT_SUPERGROUP_ID, FakeBotAPI, SentMessage
from tests.support.running import BotProcess, serve, settings_for

GROUP = DEFAULT_SUPERGROUP_ID
USER = 4242
PORTAL_QUESTION = "Cổng dịch vụ công quốc gia có bao nhiêu dịch vụ công trực tuyến?"
OUT_OF_SCOPE = "Thời tiết Hà Nội hôm nay thế nào?"


@pytest_asyncio.fixture
async def running(api: FakeBotAPI, db: Path) -> AsyncIterator[tuple[FakeBotAPI, Any]]:
    app = build_application(settings_for(api, db))
    async with serve(app):
        yield api, app


def buttons(sent: SentMessage, prefix: str) -> list[str]:
    return [d for d in sent.callback_data if d.startswith(prefix)]


# -- commands -----------------------------------------------------------------------------------


async def test_start_sets_menus_and_offers_examples(running: tuple[FakeBotAPI, Any]) -> None:
    api, app = running
    api.send_text("/start", user_id=USER)
    sent = await api.wait_for_sent(chat_id=USER)
    assert sent.plain is not None and sent.plain.startswith("Xin chào")
    examples = buttons(sent, "ask:")
    assert examples and all(len(d.encode()) <= 64 for d in sent.callback_data)
    scopes = {key[0] for key in api.commands}
    assert any("all_private_chats" in s for s in scopes)
    assert any("all_group_chats" in s for s in scopes)
    private = next(v for k, v in api.commands.items() if "all_private_chats" in k[0])
    assert {c["command"] for c in private} >= {"start", "help", "rank", "dvctt", "nguon"}

    api.press_button(sent, examples[0])
    await api.wait_for("answerCallbackQuery", ok=True)
    reply = await api.wait_for_sent(lambda s: s.message_id != sent.message_id, chat_id=USER)
    label = sent.buttons[0]["text"]
    question = services_of(app).answerer.suggestions([])[0]
    assert label.rstrip("…") in question
    expected = await services_of(app).answerer.ask(question)
    assert reply.text == answer_html(expected)


async def test_help_lists_commands(running: tuple[FakeBotAPI, Any]) -> None:
    api, _ = running
    api.send_text("/help", user_id=USER)
    sent = await api.wait_for_sent(chat_id=USER)
    assert sent.plain is not None
    for command in ("/rank", "/dvctt", "/nguon", "@egov_test_bot"):
        assert command in sent.plain


async def test_rank_in_a_group_with_chart(running: tuple[FakeBotAPI, Any]) -> None:
    api, _ = running
    api.send_text("/rank@egov_test_bot", chat_id=GROUP, user_id=USER)
    sent = await api.wait_for_sent(chat_id=GROUP)
    assert sent.plain is not None
    assert "thứ 86/193" in sent.plain and "Năm 2020" in sent.plain and "Năm 2018" in sent.plain
    assert "thứ 88/193" in sent.plain and "Nguồn:" in sent.plain
    assert sent.plain.index("Năm 2020") < sent.plain.index("Năm 2018")  # latest first
    photo = await api.wait_for("sendPhoto", ok=True, timeout=20)
    assert photo.files["photo"].data.startswith(b"\x89PNG")


async def test_rank_of_an_entity_and_of_the_ministries(running: tuple[FakeBotAPI, Any]) -> None:
    api, _ = running
    api.send_text("/rank hue", user_id=USER)
    hue = await api.wait_for_sent(chat_id=USER)
    assert hue.plain is not None and "Thừa Thiên - Huế" in hue.plain and "thứ 1" in hue.plain

    api.send_text("/rank bo", user_id=USER + 1)
    ministries = await api.wait_for_sent(chat_id=USER + 1)
    assert ministries.plain is not None
    lines = [line for line in ministries.plain.splitlines() if line.startswith("•")]
    assert lines[0].startswith("• Bộ Tài chính: thứ 1/17")
    assert len(lines) == 17

    api.send_text("/rank xyz", user_id=USER + 2)
    unknown = await api.wait_for_sent(chat_id=USER + 2)
    assert unknown.plain is not None and "không tìm thấy" in unknown.plain
    assert "Bộ Tài chính" in unknown.plain and "Thừa Thiên - Huế" in unknown.plain


async def test_dvctt_and_sources(running: tuple[FakeBotAPI, Any]) -> None:
    api, app = running
    api.send_text("/dvctt", user_id=USER)
    sent = await api.wait_for_sent(chat_id=USER)
    assert sent.plain is not None
    assert "3.096 dịch vụ công trực tuyến" in sent.plain and "tính đến 9/9/2021" in sent.plain
    # A summary: each level's latest share; the rest one button away.
    assert "Mức độ 4, 2019: 10,76%" in sent.plain and "4,55%" not in sent.plain
    photo = await api.wait_for("sendPhoto", ok=True, timeout=20)
    assert photo.files["photo"].data.startswith(b"\x89PNG")
    caption = str(photo.params["caption"])
    assert "Nguồn:" in caption and "86,5% văn bản điện tử được trao đổi qua mạng" in caption
    assert sent.callback_data == ["more:dvctt"]
    api.press_button(sent, "more:dvctt")
    await api.wait_for("answerCallbackQuery", ok=True)
    full = await api.wait_for_sent(lambda s: s.message_id > sent.message_id + 1, chat_id=USER)
    assert full.plain is not None and "Mức độ 4, 2018: 4,55%" in full.plain
    assert "1.039 dịch vụ công trực tuyến" in full.plain

    api.send_text("/nguon", user_id=USER + 1)
    sources = await api.wait_for_sent(chat_id=USER + 1)
    assert sources.plain is not None
    for article in await services_of(app).store.articles():
        assert article.title in sources.plain
    assert "Baohatinh.vn, 26/08/2020" in sources.plain


# -- questions ----------------------------------------------------------------------------------


async def test_private_question_with_quote_and_feedback(running: tuple[FakeBotAPI, Any]) -> None:
    api, app = running
    api.send_text(PORTAL_QUESTION, user_id=USER)
    sent = await api.wait_for_sent(chat_id=USER)
    assert sent.plain is not None
    assert "3.096 dịch vụ công trực tuyến" in sent.plain and "Nguồn:" in sent.plain
    [cite] = buttons(sent, "cite:")
    up, down = buttons(sent, "vote:")
    assert 1 <= len(buttons(sent, "ask:")) <= 2
    assert [b["text"] for b in sent.buttons[:3]] == ["📄 Trích dẫn", "👍", "👎"]

    api.press_button(sent, cite)
    quote = await api.wait_for_sent(lambda s: s.message_id != sent.message_id, chat_id=USER)
    assert quote.text is not None and quote.text.startswith("<blockquote>")
    assert "3.096" in quote.text

    api.press_button(sent, up)
    thanks = await api.wait_for(
        "answerCallbackQuery", lambda p: p.get("text") == messages.FEEDBACK_THANKS
    )
    assert thanks.ok
    question_id = int(up.split(":")[1])
    assert await votes(services_of(app).store, question_id) == (1, 0)
    api.press_button(sent, down)
    await api.wait_for_count("answerCallbackQuery", 3)
    for _ in range(50):
        if await votes(services_of(app).store, question_id) == (0, 1):
            break
        await asyncio.sleep(0.02)
    assert await votes(services_of(app).store, question_id) == (0, 1)


async def test_out_of_scope_question_gets_suggestions(running: tuple[FakeBotAPI, Any]) -> None:
    api, _ = running
    api.send_text(OUT_OF_SCOPE, user_id=USER)
    sent = await api.wait_for_sent(chat_id=USER)
    assert sent.plain is not None and sent.plain.startswith(messages.NO_ANSWER)
    assert buttons(sent, "ask:") and not buttons(sent, "cite:")


async def test_groups_need_a_mention_or_a_reply(running: tuple[FakeBotAPI, Any]) -> None:
    api, _ = running
    api.send_text(PORTAL_QUESTION, chat_id=GROUP, user_id=USER)
    await api.assert_no_call("sendMessage", within=0.5)

    asked = api.send_text(f"@egov_test_bot {PORTAL_QUESTION}", chat_id=GROUP, user_id=USER)
    sent = await api.wait_for_sent(chat_id=GROUP)
    assert sent.plain is not None and "3.096" in sent.plain
    assert sent.params["reply_parameters"]["message_id"] == asked["message"]["message_id"]

    api.send_text(OUT_OF_SCOPE, chat_id=GROUP, user_id=USER + 1, reply_to=sent)
    second = await api.wait_for_sent(lambda s: s.message_id != sent.message_id, chat_id=GROUP)
    assert second.plain is not None and second.plain.startswith(messages.NO_ANSWER)


async def test_edited_messages_are_not_answered(running: tuple[FakeBotAPI, Any]) -> None:
    api, _ = running
    api.push_update(
        {
            "edited_message": {
                "message_id": 999,
                "from": api.user(USER),
                "chat": {"id": USER, "type": "private", "first_name": "U"},
                "date": int(time.time()) - 5,
                "edit_date": int(time.time()),
                "text": PORTAL_QUESTION,
            }
        }
    )
    await api.wait_delivered()
    await api.assert_no_call("sendMessage", within=0.5)


async def test_html_hostile_input_is_escaped(running: tuple[FakeBotAPI, Any]) -> None:
    api, _ = running
    hostile = "<b>&amp; <script>x</script>"
    api.send_text(f"/rank {hostile}", user_id=USER)
    sent = await api.wait_for_sent(chat_id=USER)
    assert sent.plain is not None and hostile in sent.plain
    api.send_text(f"{hostile} tỷ lệ <i>", user_id=USER + 1)
    reply = await api.wait_for_sent(chat_id=USER + 1)
    assert reply.plain
    assert not api.calls("sendMessage", ok=False)


async def test_inline_mode(running: tuple[FakeBotAPI, Any]) -> None:
    api, app = running
    api.inline_query("")
    examples = await api.wait_for("answerInlineQuery")
    assert examples.ok
    titles = [r["title"] for r in examples.params["results"]]
    assert titles == services_of(app).answerer.suggestions([])[: len(titles)]

    api.inline_query(PORTAL_QUESTION)
    call = await api.wait_for("answerInlineQuery", lambda p: len(p["results"]) == 1)
    assert call.ok
    result = call.params["results"][0]
    assert "3.096" in result["title"]
    assert "Nguồn:" in result["input_message_content"]["message_text"]

    api.inline_query("<b>&amp; x" * 100)
    await api.wait_for_count("answerInlineQuery", 3)
    assert all(c.ok for c in api.calls("answerInlineQuery"))


# -- resilience ---------------------------------------------------------------------------------


async def test_flood_wait_is_retried(running: tuple[FakeBotAPI, Any]) -> None:
    api, _ = running
    api.fail_next("sendMessage", 429, retry_after=0.2)
    api.send_text(PORTAL_QUESTION, user_id=USER)
    sent = await api.wait_for_sent(chat_id=USER, timeout=10)
    assert sent.plain is not None and "3.096" in sent.plain
    assert [c.status for c in api.calls("sendMessage")] == [429, 200]


async def test_dropped_connection_does_not_stop_the_bot(running: tuple[FakeBotAPI, Any]) -> None:
    api, _ = running
    api.drop_next("sendMessage")
    api.send_text(PORTAL_QUESTION, user_id=USER)
    await api.wait_for("sendMessage", ok=False)
    api.send_text(OUT_OF_SCOPE, user_id=USER + 1)
    sent = await api.wait_for_sent(chat_id=USER + 1, timeout=10)
    assert sent.plain is not None and sent.plain.startswith(messages.NO_ANSWER)


async def test_errors_are_reported_without_a_trace(
    running: tuple[FakeBotAPI, Any],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    api, app = running

    async def broken(text: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(services_of(app).answerer, "ask", broken)
    api.send_text(PORTAL_QUESTION, user_id=USER)
    sent = await api.wait_for_sent(chat_id=USER)
    assert sent.text == messages.ERROR
    assert any("boom" in (r.exc_text or "") or r.exc_info for r in caplog.records)


async def test_questions_are_rate_limited_per_user(api: FakeBotAPI, db: Path) -> None:
    app = build_application(settings_for(api, db, questions_per_minute=2))
    async with serve(app):
        for _ in range(4):
            api.send_text(OUT_OF_SCOPE, user_id=USER)
        api.send_text(OUT_OF_SCOPE, user_id=USER + 1)
        await api.wait_for_sent(chat_id=USER + 1)
        await api.wait_for_sent(chat_id=USER, text_contains=messages.RATE_LIMITED[:20])
        await asyncio.sleep(0.3)
        to_user = [s for s in api.sent if s.chat_id == USER]
        assert len(to_user) == 3  # two answers and one notice, no storm


# -- the real process ---------------------------------------------------------------------------


@pytest.mark.slow
async def test_python_m_bot_run_answers_start(api: FakeBotAPI, db: Path, tmp_path: Path) -> None:
    async with BotProcess(api, db, tmp_path) as bot:
        api.send_text("/start", user_id=USER)
        sent = await api.wait_for_sent(chat_id=USER, timeout=60)
        assert sent.plain is not None and sent.plain.startswith("Xin chào")
        await bot.stop()
    assert bot.returncode == 0, bot.output
    assert api.token not in bot.output


@pytest.mark.slow
async def test_python_m_bot_run_in_webhook_mode(api: FakeBotAPI, db: Path, tmp_path: Path) -> None:
    """WEBHOOK_URL set: the bot registers the webhook, listens locally behind the (TLS-
    terminating) proxy address, accepts only Telegram's secret token, and answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    webhook = {
        "WEBHOOK_URL": "https://bot.example.test/egov-hook",
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
    }
    async with BotProcess(api, db, tmp_path, **webhook) as bot:
        await api.wait_for("setWebhook", timeout=60)
        assert api.webhook_url == "https://bot.example.test/egov-hook"
        update = api.send_text("/start", user_id=USER)
        hook = f"http://127.0.0.1:{port}/egov-hook"
        secret = {"X-Telegram-Bot-Api-Secret-Token": webhook_secret(api.token)}
        forged = {"X-Telegram-Bot-Api-Secret-Token": "x"}
        async with aiohttp.ClientSession() as http:
            for _ in range(100):  # the listener starts just after setWebhook
                try:
                    async with http.post(hook, json=update, headers=forged) as refused:
                        assert refused.status == 403
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            async with http.post(hook, json=update, headers=secret) as response:
                assert response.status == 200
        sent = await api.wait_for_sent(chat_id=USER, timeout=30)
        assert sent.plain is not None and sent.plain.startswith("Xin chào")
        assert len([s for s in api.sent if s.chat_id == USER]) == 1
        await bot.stop()
    assert bot.returncode == 0, bot.output
    assert api.token not in bot.output
