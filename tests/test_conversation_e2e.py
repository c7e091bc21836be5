"""A conversation through the real Application and the local Bot API stand-in: greetings,
follow-ups, a comparison, a chart asked for in words, the quote of the last answer.

Each turn waits for the bot's reply to that turn before the next is sent, as a person would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest_asyncio

from bot import messages
from bot.app import build_application
from bot.commands import COMMANDS, menu
from bot.queries import rank_report
from bot.render import source_text
from handlers.context import services_of
from tests.support.botapi import DEFAULT_SUPERGROUP_ID, FakeBotAPI, SentMessage
from tests.support.running import serve, settings_for

USER = 5151
GROUP = DEFAULT_SUPERGROUP_ID


@pytest_asyncio.fixture
async def running(api: FakeBotAPI, db: Path) -> AsyncIterator[tuple[FakeBotAPI, Any]]:
    app = build_application(settings_for(api, db))
    async with serve(app):
        yield api, app


class Chat:
    """One user's private chat: send a line, get the bot's next message."""

    def __init__(self, api: FakeBotAPI, chat_id: int, user_id: int, prefix: str = "") -> None:
        self.api, self.chat_id, self.user_id, self.prefix = api, chat_id, user_id, prefix
        self.last_id = 0

    async def say(self, text: str) -> SentMessage:
        self.api.send_text(self.prefix + text, chat_id=self.chat_id, user_id=self.user_id)
        reply = await self.api.wait_for_sent(
            lambda s: s.message_id > self.last_id and s.method == "sendMessage",
            chat_id=self.chat_id,
            timeout=20,
        )
        self.last_id = reply.message_id
        assert reply.plain is not None
        return reply


async def test_a_conversation_of_ten_turns(running: tuple[FakeBotAPI, Any]) -> None:
    api, app = running
    services = services_of(app)
    chat = Chat(api, USER, USER)

    hello = await chat.say("Xin chào bot")
    assert hello.plain is not None and hello.plain.startswith(messages.SMALL_TALK["greeting"])

    first = await chat.say("Việt Nam xếp hạng chính phủ điện tử thứ mấy năm 2020?")
    assert first.plain is not None and first.plain.startswith("thứ 86/193")
    assert "Nguồn: " in first.plain

    earlier = await chat.say("còn năm 2018?")
    assert earlier.plain is not None and earlier.plain.startswith("thứ 88/193")
    assert "năm 2018" in earlier.plain

    change = await chat.say("tăng bao nhiêu bậc so với 2020?")
    assert change.plain is not None
    assert change.plain.startswith(f"Việt Nam: {messages.RANK_UP} 2 bậc")
    assert "thứ 88/193 — năm 2018" in change.plain and "thứ 86/193 — năm 2020" in change.plain
    compared = services.dialogue.last_answer((USER, 0))
    assert compared is not None and len(compared.comparison) == 2
    for fact in compared.comparison:  # both figures' sources are cited
        assert fact.source is not None and source_text(fact.source) in change.plain
    report = await rank_report(services.store, services.lexicon)
    assert report.series is not None

    photos_before = len(api.calls("sendPhoto"))
    chart = await chat.say("cho mình xem biểu đồ xếp hạng")
    assert chart.plain is not None and chart.plain.startswith(messages.RANK_UN_TITLE)
    photos = await api.wait_for_count("sendPhoto", photos_before + 1, timeout=20)
    photo = photos[-1]
    assert photo.status == 200 and photo.files["photo"].data.startswith(b"\x89PNG")
    caption = str(photo.params["caption"])
    assert caption.startswith(report.series.title) and "Nguồn:" in caption
    for source in report.series.sources:
        assert source in caption

    hue = await chat.say("Thừa Thiên Huế xếp thứ mấy về chính quyền điện tử?")
    assert hue.plain is not None and hue.plain.startswith("thứ 1 — Thừa Thiên - Huế")

    danang = await chat.say("còn Đà Nẵng thì sao?")
    assert danang.plain is not None and danang.plain.startswith("thứ 2 — Đà Nẵng")

    quote = await chat.say("/trichdan")
    fact = services.dialogue.last_answer((USER, 0))
    assert fact is not None and fact.facts
    assert quote.plain is not None and fact.facts[0].quote[:60] in quote.plain
    assert source_text(fact.facts[0].source) in quote.plain  # type: ignore[arg-type]

    unknown = await chat.say("còn năm 1990 thì sao?")
    assert unknown.plain is not None and unknown.plain.startswith(messages.NO_ANSWER)

    thanks = await chat.say("cảm ơn bot nhé")
    assert thanks.plain is not None and thanks.plain.startswith(messages.SMALL_TALK["thanks"])


async def test_in_a_group_each_member_has_their_own_context(
    running: tuple[FakeBotAPI, Any],
) -> None:
    api, _ = running
    alice = Chat(api, GROUP, 701, prefix="@egov_test_bot ")
    bob = Chat(api, GROUP, 702, prefix="@egov_test_bot ")
    asked = await alice.say("Việt Nam xếp hạng chính phủ điện tử thứ mấy năm 2020?")
    bob.last_id = alice.last_id
    assert asked.plain is not None and asked.plain.startswith("thứ 86/193")
    stranger = await bob.say("còn năm 2018?")
    assert stranger.plain is not None and stranger.plain.startswith(messages.NO_ANSWER)
    alice.last_id = bob.last_id
    follow = await alice.say("còn năm 2018?")
    assert follow.plain is not None and follow.plain.startswith("thứ 88/193")


async def test_help_and_menus_name_every_command_of_the_table(
    running: tuple[FakeBotAPI, Any],
) -> None:
    api, _ = running
    chat = Chat(api, USER, USER)
    help_text = await chat.say("/help")
    assert help_text.plain is not None
    for command in COMMANDS:
        if not command.operator:
            assert f"/{command.name}" in help_text.plain
    assert "@egov_test_bot" in help_text.plain
    await api.wait_for("setMyCommands", timeout=10)
    private = next(v for k, v in api.commands.items() if "all_private_chats" in k[0])
    group = next(v for k, v in api.commands.items() if "all_group_chats" in k[0])
    assert [c["command"] for c in private] == [name for name, _ in menu(group=False)]
    assert [c["command"] for c in group] == [name for name, _ in menu(group=True)]
    listed = {c["command"] for c in private} | {c["command"] for c in group}
    assert listed == {c.name for c in COMMANDS if not c.operator}
