"""Operators on Telegram: the real Application (bot.app) against the local Bot API stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot import admin, messages
from bot.app import build_application
from bot.config import Settings
from bot.feedback import user_hash
from bot.store import FactStore
from handlers.context import services_of
from tests.support.botapi import DEFAULT_SUPERGROUP_ID, FakeBotAPI, SentMessage
from tests.support.running import serve, settings_for
from tests.test_admin import CAPTION, DANANG, DANANG_QUESTION, HTML_PAGE, PASTED, counts
from tests.test_app_e2e import PORTAL_QUESTION

ADMIN = 777
USER = 4242
GROUP = DEFAULT_SUPERGROUP_ID


def operator_settings(api: FakeBotAPI, db: Path, **extra: Any) -> Settings:
    return settings_for(api, db, bot_admin_ids=frozenset({ADMIN}), **extra)


@pytest_asyncio.fixture
async def running(api: FakeBotAPI, db: Path) -> AsyncIterator[tuple[FakeBotAPI, Any]]:
    app = build_application(operator_settings(api, db))
    async with serve(app):
        yield api, app


async def reply_to(api: FakeBotAPI, chat_id: int, after: int = 0) -> SentMessage:
    return await api.wait_for_sent(lambda s: s.message_id > after, chat_id=chat_id, timeout=10)


# -- adding -------------------------------------------------------------------------------------


async def test_operator_uploads_an_article_and_users_get_answers_from_it(
    running: tuple[FakeBotAPI, Any],
) -> None:
    api, app = running
    store = services_of(app).store
    before = await counts(store)
    api.send_text(DANANG_QUESTION, user_id=USER)
    unanswered = await reply_to(api, USER)
    assert unanswered.plain is not None and unanswered.plain.startswith(messages.NO_ANSWER)

    api.send_document(ADMIN, ADMIN, "danang_cds.txt", DANANG, caption=CAPTION)
    summary = await reply_to(api, ADMIN)
    assert summary.plain is not None
    assert summary.plain.startswith("✅ Đã thêm bài “Đà Nẵng dẫn đầu cả nước")
    assert "• 1.250 dịch vụ công" in summary.plain
    after = await counts(store)
    assert after[0] == before[0] + 1 and after[1] > before[1] and after[3] == after[1]

    api.send_text(DANANG_QUESTION, user_id=USER)
    answer = await reply_to(api, USER, unanswered.message_id)
    assert answer.plain is not None and "1.250" in answer.plain
    assert "Báo Đà Nẵng, 15/04/2024" in answer.plain
    assert not api.calls("sendMessage", ok=False)


async def test_html_upload_is_converted(running: tuple[FakeBotAPI, Any]) -> None:
    api, _ = running
    api.send_document(ADMIN, ADMIN, "trang.html", HTML_PAGE.encode())
    summary = await reply_to(api, ADMIN)
    assert summary.plain is not None and summary.plain.startswith("✅"), summary.plain


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)), "nhị phân"),
        ("english.txt", b"E-government in Vietnam. " * 20, "không phải văn bản tiếng Việt"),
        ("bai.pdf", b"%PDF-1.4", "chỉ nhận tệp"),
    ],
)
async def test_bad_uploads_are_refused_and_change_nothing(
    running: tuple[FakeBotAPI, Any], name: str, data: bytes, reason: str
) -> None:
    api, app = running
    before = await counts(services_of(app).store)
    api.send_document(ADMIN, ADMIN, name, data)
    refusal = await reply_to(api, ADMIN)
    assert refusal.plain is not None and refusal.plain.startswith("❌")
    assert reason in refusal.plain and name in refusal.plain
    assert await counts(services_of(app).store) == before


async def test_a_too_large_file_is_refused_before_download(
    running: tuple[FakeBotAPI, Any],
) -> None:
    api, app = running
    before = await counts(services_of(app).store)
    api.send_document(ADMIN, ADMIN, "lon.txt", DANANG * (admin.MAX_UPLOAD_BYTES // len(DANANG) + 1))
    refusal = await reply_to(api, ADMIN)
    assert refusal.plain is not None and "tệp quá lớn" in refusal.plain
    assert not api.calls("getFile")
    assert await counts(services_of(app).store) == before


async def test_users_who_are_not_operators_are_refused(running: tuple[FakeBotAPI, Any]) -> None:
    api, app = running
    before = await counts(services_of(app).store)
    api.send_document(USER, USER, "danang_cds.txt", DANANG)
    refusal = await reply_to(api, USER)
    assert refusal.text == messages.ADMIN_DOCUMENTS_ONLY
    last = refusal.message_id
    for command in ("/them Tiêu đề\nNội dung 12%.", "/xoa 001_f060f1f47c64c89e", "/stats"):
        api.send_text(command, user_id=USER)
        sent = await reply_to(api, USER, last)
        assert sent.text == messages.ADMIN_ONLY
        last = sent.message_id
    assert not api.calls("getFile")
    assert await counts(services_of(app).store) == before


async def test_paste_with_them_then_remove_with_xoa(running: tuple[FakeBotAPI, Any]) -> None:
    api, app = running
    store = services_of(app).store
    before = await counts(store)
    api.send_text(f"/them {PASTED}", user_id=ADMIN)
    added = await reply_to(api, ADMIN)
    assert added.plain is not None and added.plain.startswith("✅ Đã thêm bài “Long An"), (
        added.plain
    )
    assert "Báo Long An, 03/03/2022" in added.plain
    assert (await counts(store))[0] == before[0] + 1

    api.send_text("/xoa long an cong nghe thong tin", user_id=ADMIN)
    removed = await reply_to(api, ADMIN, added.message_id)
    assert removed.plain is not None and removed.plain.startswith("🗑 Đã xoá bài “Long An")
    assert await counts(store) == before

    api.send_text("/them", user_id=ADMIN)
    usage = await reply_to(api, ADMIN, removed.message_id)
    assert usage.plain is not None and usage.plain.startswith("Cách thêm bài viết")


async def test_them_as_a_reply_to_the_article(running: tuple[FakeBotAPI, Any]) -> None:
    api, app = running
    pasted = api.send_text(PASTED, user_id=ADMIN)  # answered as a question first
    first = await reply_to(api, ADMIN)
    api.send_text("/them", user_id=ADMIN, reply_to=pasted["message"])
    added = await reply_to(api, ADMIN, first.message_id)
    assert added.plain is not None and added.plain.startswith("✅ Đã thêm bài “Long An")
    ids = {a.id for a in await services_of(app).store.articles()}
    assert admin.article_id(PASTED.split("\n", 1)[0]) in ids


async def test_stats_for_operators(running: tuple[FakeBotAPI, Any]) -> None:
    api, _ = running
    api.send_text(PORTAL_QUESTION, user_id=USER)
    api.send_text("Thời tiết hôm nay?", user_id=USER + 1)
    await reply_to(api, USER + 1)
    api.send_text("/stats", user_id=ADMIN)
    stats = await reply_to(api, ADMIN)
    assert stats.plain is not None
    assert "Câu hỏi: 2; trả lời được: 1 (50%)" in stats.plain
    assert "• 1 lần: Thời tiết hôm nay?" in stats.plain


async def test_operator_commands_in_groups_are_refused(running: tuple[FakeBotAPI, Any]) -> None:
    api, _ = running
    api.send_text("/stats@egov_test_bot", chat_id=GROUP, user_id=ADMIN)
    refusal = await api.wait_for_sent(chat_id=GROUP)
    assert refusal.plain == messages.ADMIN_PRIVATE_ONLY
    api.send_document(GROUP, ADMIN, "danang_cds.txt", DANANG)
    await api.wait_delivered()
    await asyncio.sleep(0.5)
    assert len(api.calls("sendMessage")) == 1  # a document in a group: not ours to take
    assert not api.calls("getFile")


# -- abuse: logging, limits ---------------------------------------------------------------------


async def test_every_question_is_logged_with_a_hashed_user(running: tuple[FakeBotAPI, Any]) -> None:
    api, app = running
    api.send_text(PORTAL_QUESTION, user_id=USER)
    first = await reply_to(api, USER)
    api.send_text("tỷ lệ hồ sơ nộp trực tuyến của các xã " * 120, user_id=USER)
    await reply_to(api, USER, first.message_id)
    store: FactStore = services_of(app).store
    async with store.db.execute(
        "SELECT user_hash, chat_type, question, normalised, answered, confidence, fact_key"
        " FROM questions ORDER BY id"
    ) as cur:
        answered, long = await cur.fetchall()
    assert answered[0] == long[0] == user_hash(USER) != str(USER)
    assert answered[1] == "private"
    assert answered[3] == "cong dich vu cong quoc gia co bao nhieu dich vu cong truc tuyen?"
    assert answered[4] == 1 and 0 < answered[5] <= 1 and answered[6].startswith("00")
    assert len(long[2]) == services_of(app).settings.max_question_chars
    assert long[4] in (0, 1)


async def test_a_busy_group_is_limited_as_a_whole(api: FakeBotAPI, db: Path) -> None:
    app = build_application(operator_settings(api, db, questions_per_chat_per_minute=2))
    async with serve(app):
        for user in range(5):
            api.send_text(f"@egov_test_bot {PORTAL_QUESTION}", chat_id=GROUP, user_id=USER + user)
        await api.wait_for_sent(chat_id=GROUP, text_contains=messages.CHAT_RATE_LIMITED[:20])
        await api.wait_delivered()
        await asyncio.sleep(0.3)
        to_group = [s.plain or "" for s in api.sent if s.chat_id == GROUP]
        assert len(to_group) == 3  # two answers, one notice, then silence
        assert sum("3.096" in text for text in to_group) == 2
        api.send_text(PORTAL_QUESTION, user_id=USER)  # private chats are not affected
        private = await reply_to(api, USER)
        assert private.plain is not None and "3.096" in private.plain
