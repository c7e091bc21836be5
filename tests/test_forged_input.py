"""Random callback data and command arguments through the real Application and the local Bot
API stand-in: no unhandled error, every button press answered (its spinner stops)."""

from __future__ import annotations

import logging
import shutil
import string
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.app import build_application
from tests.support.botapi import FakeBotAPI
from tests.support.running import serve, settings_for

pytestmark = pytest.mark.asyncio(loop_scope="module")

USER = 5151
COMMANDS = ["start", "help", "rank", "dvctt", "nguon", "subscribe", "unsubscribe", "digest"]
# What forged data tends to look like: known prefixes with odd tails, huge numbers, garbage.
callback_data = st.one_of(
    st.text(max_size=64),
    st.builds(
        lambda prefix, tail: f"{prefix}{tail}"[:64],
        st.sampled_from(["ask:", "cite:", "vote:", "vote:1:", "cite:-", "ask:../", ""]),
        st.one_of(
            st.text(string.digits, min_size=1, max_size=60),
            st.text(max_size=40),
            st.integers().map(str),
        ),
    ),
)
arguments = st.text(max_size=200)


class ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def bot(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> AsyncIterator[tuple[FakeBotAPI, ErrorLog]]:
    db = tmp_path_factory.mktemp("forged") / "egov.db"
    shutil.copyfile(template_db, db)
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    try:
        async with FakeBotAPI(username="egov_test_bot") as api:
            app = build_application(settings_for(api, db))
            async with serve(app):
                api.send_text("/start", user_id=USER)
                await api.wait_for_sent(chat_id=USER, timeout=30)
                yield api, errors
    finally:
        logging.getLogger().removeHandler(errors)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=callback_data)
@example(data="cite:¹")  # a digit to str.isdigit, not to int()
@example(data="vote:1:²")
async def test_any_callback_data_is_answered(bot: tuple[FakeBotAPI, ErrorLog], data: str) -> None:
    api, errors = bot
    message = next(s for s in reversed(api.sent) if s.chat_id == USER)
    update: dict[str, Any] = api.press_button(message, data, user_id=USER, check=False)
    query_id = update["callback_query"]["id"]
    await api.wait_for(
        "answerCallbackQuery", lambda params: str(params.get("callback_query_id")) == query_id
    )
    assert not api.internal_errors
    assert not errors.records, [r.getMessage() for r in errors.records]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(command=st.sampled_from(COMMANDS), args=arguments)
async def test_any_command_arguments_get_a_reply(
    bot: tuple[FakeBotAPI, ErrorLog], command: str, args: str
) -> None:
    api, errors = bot
    before = len([s for s in api.sent if s.chat_id == USER])
    text = f"/{command} {args}".strip()
    api.send_text(text[:4096], user_id=USER)
    await api.wait_for_sent(
        lambda m: m.chat_id == USER and len([s for s in api.sent if s.chat_id == USER]) > before,
        timeout=30,
    )
    assert not api.internal_errors
    assert not errors.records, [r.getMessage() for r in errors.records]
