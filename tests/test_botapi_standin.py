"""The Bot API stand-in works with the real python-telegram-bot stack over HTTP (no mocks)."""

from __future__ import annotations

import asyncio
import datetime as dt
import struct
import time
import zlib
from collections.abc import AsyncIterator, Callable
from typing import NamedTuple

import pytest
import pytest_asyncio
from telegram import (
    Bot,
    ChatMemberAdministrator,
    ChatMemberLeft,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    AIORateLimiter,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from tests.support.botapi import (
    DEFAULT_SUPERGROUP_ID,
    GROUP_ANONYMOUS_BOT_ID,
    AnyApplication,
    FakeBotAPI,
    run_polling,
)

GROUP = DEFAULT_SUPERGROUP_ID
CHANNEL = -1001111111111


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns (PTBDeprecationWarning) whenever it builds a RetryAfter unless this opt-in
    # is set; with filterwarnings=error that warning would replace the RetryAfter itself.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


async def until(condition: Callable[[], bool], seconds: float = 3.0) -> None:
    """Poll for a side effect of a handler that makes no Bot API call."""
    async with asyncio.timeout(seconds):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.005)


def tiny_png(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# -- handlers of a tiny bot -------------------------------------------------------------------


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Dịch vụ công", callback_data="dvc")]])
    await update.effective_message.reply_text(
        "Xin chào! Hỏi tôi về Chính phủ số.", reply_markup=keyboard
    )


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    await message.reply_text(f"Bạn hỏi: {message.text}")


async def answer_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.inline_query is not None
    query = update.inline_query.query
    await update.inline_query.answer(
        [
            InlineQueryResultArticle(
                id="dvc-1",
                title=f"Kết quả cho {query}",
                input_message_content=InputTextMessageContent(
                    f"<b>{query}</b>", parse_mode=ParseMode.HTML
                ),
            )
        ],
        cache_time=0,
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Đã chọn")
    await query.edit_message_text(f"Bạn chọn: {query.data}")


async def on_channel_post(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.channel_post is not None
    context.bot_data.setdefault("posts", []).append(update.channel_post.text)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    file = await message.document.get_file()
    data = await file.download_as_bytearray()
    await message.reply_text(
        f"{message.document.file_name}: {len(data)} bytes, {bytes(data[:5])!r}"
    )


async def on_anonymous(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.sender_chat is not None and message.from_user
    await message.reply_text(
        f"anonymous admin={message.sender_chat.id == message.chat.id} from={message.from_user.id}"
    )


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token="123:ABC", username="egov_test_bot") as server:
        yield server


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    change = update.my_chat_member
    assert change is not None
    context.bot_data.setdefault("membership", []).append(
        (change.chat.id, change.old_chat_member.status, change.new_chat_member.status)
    )


class Running(NamedTuple):
    api: FakeBotAPI
    app: AnyApplication


@pytest_asyncio.fixture
async def running(api: FakeBotAPI) -> AsyncIterator[Running]:
    app = api.application_builder().build()
    app.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    app.add_handler(MessageHandler(filters.SenderChat.SUPER_GROUP & filters.TEXT, on_anonymous))
    app.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POST, on_channel_post))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(InlineQueryHandler(answer_inline))
    app.add_handler(CallbackQueryHandler(on_button))
    async with run_polling(app, poll_timeout=10, allowed_updates=Update.ALL_TYPES):
        yield Running(api, app)


# -- end to end through Application + Updater polling -----------------------------------------


async def test_start_command_and_get_me(running: Running) -> None:
    api, app = running
    update = api.send_text("/start", user_id=42)
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]

    call = await api.wait_for("sendMessage", lambda p: p["chat_id"] == 42)
    assert call.params["text"] == "Xin chào! Hỏi tôi về Chính phủ số."
    assert "reply_parameters" not in call.params  # PTB 22 quotes only outside private chats
    sent = api.sent[-1]
    assert sent.callback_data == ["dvc"]
    assert sent.message["from"]["username"] == "egov_test_bot"
    assert app.bot.username == "egov_test_bot"
    assert api.calls("getMe") and api.calls("deleteWebhook")


async def test_echo_in_private_chat_and_group(running: Running) -> None:
    api = running.api
    api.send_text("Có bao nhiêu dịch vụ công trực tuyến?", user_id=7)
    api.send_text(
        "@egov_test_bot tỷ lệ hồ sơ trực tuyến?", chat_id=GROUP, user_id=8, chat_type="supergroup"
    )
    api.send_text("/start@egov_test_bot", chat_id=GROUP, user_id=8)

    private = await api.wait_for_sent(chat_id=7)
    assert private.text == "Bạn hỏi: Có bao nhiêu dịch vụ công trực tuyến?"
    group = await api.wait_for_sent(chat_id=GROUP, text_contains="tỷ lệ")
    assert group.message["chat"]["type"] == "supergroup"
    await api.wait_for_sent(chat_id=GROUP, text_contains="Xin chào")
    mention = api.updates[1]["message"]["entities"][0]
    assert mention == {"type": "mention", "offset": 0, "length": 14}


async def test_inline_query_is_answered(running: Running) -> None:
    api = running.api
    update = api.inline_query("thuế", user_id=9)
    call = await api.wait_for("answerInlineQuery")
    assert call.ok
    assert call.params["inline_query_id"] == update["inline_query"]["id"]
    assert call.params["results"][0]["input_message_content"]["message_text"] == "<b>thuế</b>"


async def test_button_press_answers_and_edits(running: Running) -> None:
    api = running.api
    api.send_text("/start", user_id=5)
    sent = await api.wait_for_sent(chat_id=5)

    api.press_button(sent, "dvc")
    answer = await api.wait_for("answerCallbackQuery")
    assert answer.ok and answer.params["text"] == "Đã chọn"
    edit = await api.wait_for("editMessageText", ok=True)
    assert edit.params["message_id"] == sent.message_id
    assert sent.plain == "Bạn chọn: dvc"
    assert sent.reply_markup is None  # editing without reply_markup drops the keyboard
    with pytest.raises(AssertionError, match="no button"):
        api.press_button(sent, "dvc")


async def test_channel_post_and_anonymous_admin(running: Running) -> None:
    api, app = running
    api.channel_post("Bản tin số 1", chat_id=CHANNEL, title="Chính phủ số", username="egov_news")
    api.send_text("ai là admin?", chat_id=GROUP, sender_chat=GROUP)
    reply = await api.wait_for_sent(chat_id=GROUP)
    assert reply.text == f"anonymous admin=True from={GROUP_ANONYMOUS_BOT_ID}"
    await api.wait_delivered()
    await until(lambda: "posts" in app.bot_data)
    assert app.bot_data["posts"] == ["Bản tin số 1"]


async def test_my_chat_member_updates_and_bot_status(running: Running) -> None:
    api, app = running
    api.my_chat_member(GROUP, "administrator", "left", chat_type="supergroup", title="Hỏi đáp")
    api.my_chat_member(GROUP, "left")
    await until(lambda: len(app.bot_data.get("membership", [])) == 2)
    assert app.bot_data["membership"] == [
        (GROUP, "left", "administrator"),
        (GROUP, "administrator", "left"),
    ]
    with pytest.raises(Forbidden, match="not a member"):
        await app.bot.send_message(GROUP, "còn ở đây không?")


async def test_document_download_via_get_file(running: Running) -> None:
    api = running.api
    api.send_document(None, 11, "bao-cao.pdf", b"%PDF-1.7 fake report", caption="xem giúp")
    reply = await api.wait_for_sent(chat_id=11)
    assert reply.text == "bao-cao.pdf: 20 bytes, b'%PDF-'"
    assert [c.method for c in api.calls("getFile")] == ["getFile"]


# -- errors and faults, through Bot/ExtBot directly ---------------------------------------------


async def test_flood_wait_is_retried_by_aio_rate_limiter(api: FakeBotAPI) -> None:
    api.add_chat(7)
    app = api.application_builder().rate_limiter(AIORateLimiter(max_retries=2)).build()
    async with app:
        api.fail_next("sendMessage", 429, retry_after=0.3)
        message = await app.bot.send_message(7, "sau khi chờ")
        assert message.text == "sau khi chờ"
        failed, ok = api.calls("sendMessage")
        assert (failed.status, ok.status) == (429, 200)
        assert ok.at - failed.at >= 0.3

        api.fail_next("sendMessage", 429, retry_after=0.05, times=3)
        with pytest.raises(RetryAfter):
            await app.bot.send_message(7, "bỏ cuộc")
        assert len(api.calls("sendMessage", ok=False)) == 4


async def test_network_forbidden_and_migration_errors(api: FakeBotAPI) -> None:
    api.add_chat(7)
    api.add_chat(-4001, "group", title="Nhóm cũ")
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        api.drop_next("sendMessage")
        with pytest.raises(NetworkError):
            await bot.send_message(7, "mất kết nối")
        assert (await bot.send_message(7, "lại được")).message_id > 0

        api.fail_next("sendMessage", 403, description="Forbidden: bot was blocked by the user")
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(7, "x")

        api.fail_next(
            "sendMessage",
            400,
            description="Bad Request: group chat was upgraded to a supergroup chat",
            migrate_to_chat_id=-100123,
        )
        with pytest.raises(ChatMigrated) as migrated:
            await bot.send_message(-4001, "x")
        assert migrated.value.new_chat_id == -100123

        api.fail_chat(7, 403)
        for _ in range(2):
            with pytest.raises(Forbidden):
                await bot.send_message(7, "x")
        api.unfail_chat(7)
        await bot.send_message(7, "ok")

        # realistic failures without injected faults
        api.my_chat_member(7, "kicked")
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_message(7, "x")
        with pytest.raises(BadRequest, match=r"(?i)Chat not found"):
            await bot.send_message(999, "x")
        new = api.migrate_chat(-4001)
        with pytest.raises(ChatMigrated) as migrated:
            await bot.send_message(-4001, "x")
        assert migrated.value.new_chat_id == new["id"] == -1004001


async def test_bad_requests_like_telegram(api: FakeBotAPI) -> None:
    api.add_chat(7)
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        with pytest.raises(BadRequest, match=r"(?i)Unsupported start tag"):
            await bot.send_message(7, "dòng 1<br>dòng 2", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match=r"(?i)reserved"):
            await bot.send_message(7, "Tỷ lệ 95.5%", parse_mode=ParseMode.MARKDOWN_V2)
        with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
            button = InlineKeyboardButton("x", callback_data="đ" * 40)
            await bot.send_message(7, "x", reply_markup=InlineKeyboardMarkup([[button]]))
        message = await bot.send_message(7, "<b>95,5%</b> hồ sơ &amp; thủ tục", parse_mode="HTML")
        assert message.text == "95,5% hồ sơ & thủ tục"
        assert message.entities == (MessageEntity("bold", 0, 5),)
        with pytest.raises(BadRequest, match=r"(?i)not modified"):
            await bot.edit_message_text(
                "<b>95,5%</b> hồ sơ &amp; thủ tục", 7, message.message_id, parse_mode="HTML"
            )
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("fooBar")
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=api.base_url):
            pass


async def test_multipart_photo_and_get_file(api: FakeBotAPI) -> None:
    api.add_chat(7)
    png = tiny_png(3, 2)
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        message = await bot.send_photo(7, photo=png, caption="<b>Biểu đồ</b>", parse_mode="HTML")
        assert message.photo[-1].width == 3 and message.caption == "Biểu đồ"
        sent = api.sent[-1]
        assert sent.photo == png and sent.text == "<b>Biểu đồ</b>"
        call = await api.wait_for("sendPhoto")
        assert call.files["photo"].data == png

        document = api.add_file(b"so lieu,2024\n", "so-lieu.csv", "text/csv")
        file = await bot.get_file(document["file_id"])
        assert bytes(await file.download_as_bytearray()) == b"so lieu,2024\n"


async def test_long_poll_returns_as_soon_as_an_update_arrives(api: FakeBotAPI) -> None:
    async with Bot(api.token, base_url=api.base_url) as bot:
        started = time.monotonic()
        poll = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.1)
        api.send_text("chào", user_id=3)
        updates = await poll
        assert time.monotonic() - started < 1
        assert [u.effective_message.text for u in updates if u.effective_message] == ["chào"]
        # confirmed updates are gone; allowed_updates filters the queue
        api.push_update({"chat_member": {"x": 1}})
        assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()


async def test_flood_limits_and_rate_measurement(api: FakeBotAPI) -> None:
    api.add_chat(GROUP, "supergroup")
    api.enforce_flood_limits(group_per_minute=3)
    async with Bot(api.token, base_url=api.base_url) as bot:
        for i in range(3):
            await bot.send_message(GROUP, f"tin {i}")
        with pytest.raises(RetryAfter) as flood:
            await bot.send_message(GROUP, "quá nhanh")
        assert flood.value.retry_after == dt.timedelta(seconds=60)  # PTB_TIMEDELTA=1
    assert api.max_rate(60, method="sendMessage", chat_id=GROUP) == 4
    assert [c.status for c in api.calls("sendMessage")] == [200, 200, 200, 429]
    await api.assert_no_call("sendMessage", lambda p: p["chat_id"] == 7, within=0.05)


async def test_chat_members_and_privacy_mode() -> None:
    async with FakeBotAPI(privacy_mode=True) as api:
        api.send_text("chào cả nhóm", chat_id=GROUP, user_id=21)
        api.send_text("@egov_test_bot cho hỏi", chat_id=GROUP, user_id=21)
        assert len(api.undelivered) == 1 and len(api.pending_updates) == 1
        api.set_chat_member(GROUP, 20, "creator")
        api.set_chat_member(GROUP, 22, "administrator", is_anonymous=True)
        async with Bot(api.token, base_url=api.base_url) as bot:
            assert isinstance(await bot.get_chat_member(GROUP, 20), ChatMemberOwner)
            admin = await bot.get_chat_member(GROUP, 22)
            assert isinstance(admin, ChatMemberAdministrator) and admin.is_anonymous
            assert (await bot.get_chat_member(GROUP, 21)).status == "member"
            assert isinstance(await bot.get_chat_member(GROUP, 99), ChatMemberLeft)
            admins = await bot.get_chat_administrators(GROUP)
            assert [a.user.id for a in admins] == [20, 22]
            chat = await bot.get_chat(GROUP)
            assert chat.type == "supergroup"


@pytest.mark.slow
async def test_many_updates_from_many_chats(running: Running) -> None:
    api = running.api
    total = 600
    for i in range(total):
        api.send_text(f"câu hỏi {i}", user_id=10_000 + i % 60)
    started = time.monotonic()
    await api.wait_for_count("sendMessage", total, timeout=30)
    elapsed = time.monotonic() - started
    assert elapsed < 15
    assert api.max_rate(1.0, method="sendMessage") > 50
