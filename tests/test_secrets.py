"""Nothing secret or personal in what the process writes: the token in no line at any level,
through a refused token, a wrong API URL, a crash and a digest run; no question text or user
id above DEBUG, and no raw user id even at DEBUG."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import pytest

from bot.digest import Digests
from bot.logs import REDACTED, RedactingFormatter, redact
from bot.store import FactStore
from tests.support.botapi import FakeBotAPI
from tests.support.running import BotProcess

USER = 987654321
WRONG_TOKEN = "5550001234:AAGw-not-the-real-token-but-shaped-like-one"


def test_redact_token_and_user_ids() -> None:
    line = (
        "POST https://api.telegram.org/bot123456789:AAH-abcdefghijklmnopqrstuvwxyz/sendMessage"
        ' {"chat": {"id": 987654321}, "from_user": {"id": 987654321}, user_id=987654321}'
    )
    out = redact(line, ["s3cret"])
    assert "AAH-abcdefghijklmnopqrstuvwxyz" not in out and REDACTED in out
    assert "987654321" not in out
    assert redact("the token s3cret leaked", ["s3cret"]) == f"the token {REDACTED} leaked"


def test_formatter_redacts_tracebacks() -> None:
    formatter = RedactingFormatter(["123:secret-token-value"])
    try:
        raise ValueError("The token `123:secret-token-value` was rejected by the server.")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, True)
        import sys

        record.exc_info = sys.exc_info()
    text = formatter.format(record)
    assert "secret-token-value" not in text and "ValueError" in text


@pytest.mark.slow
async def test_refused_token_exits_with_a_clear_line(
    api: FakeBotAPI, db: Path, tmp_path: Path
) -> None:
    async with BotProcess(
        api, db, tmp_path, TELEGRAM_BOT_TOKEN=WRONG_TOKEN, LOG_LEVEL="DEBUG"
    ) as bot:
        output = await bot.finished()
    assert bot.returncode == 1, output
    assert "refused the bot token" in output
    assert WRONG_TOKEN not in output and WRONG_TOKEN.split(":")[1] not in output


@pytest.mark.slow
async def test_wrong_api_url_exits_without_the_token(
    api: FakeBotAPI, db: Path, tmp_path: Path
) -> None:
    wrong = api.base_url.replace("/bot", "/nothing-here/bot")
    async with BotProcess(api, db, tmp_path, TELEGRAM_API_URL=wrong, LOG_LEVEL="DEBUG") as bot:
        output = await bot.finished()
    assert bot.returncode == 1, output
    assert api.token not in output and api.token.split(":")[1] not in output


@pytest.mark.slow
async def test_crash_and_debug_run_write_no_token_and_no_user(
    api: FakeBotAPI, db: Path, tmp_path: Path
) -> None:
    # A crash at start-up: the store is a folder.
    folder = tmp_path / "not-a-file.db"
    folder.mkdir()
    async with BotProcess(api, folder, tmp_path, LOG_LEVEL="DEBUG") as crashed:
        crash_output = await crashed.finished()
    assert crashed.returncode != 0
    assert "Traceback" in crash_output or "CRITICAL" in crash_output or "ERROR" in crash_output
    assert api.token not in crash_output

    # A question answered at DEBUG: the text may show, the raw user id never.
    question = "việt nam xếp thứ mấy về chính phủ điện tử năm 2020"
    async with BotProcess(api, db, tmp_path, LOG_LEVEL="DEBUG") as bot:
        api.send_text(question, user_id=USER)
        await api.wait_for_sent(chat_id=USER, timeout=60)
        await bot.stop()
    assert api.token not in bot.output and api.token.split(":")[1] not in bot.output
    # (the stand-in names its users after their ids; a real name is not an id)
    assert not re.search(rf"id['\"]?\s*[:=]\s*{USER}", bot.output)

    # At INFO: neither the question nor the user.
    async with BotProcess(api, db, tmp_path, LOG_LEVEL="INFO") as bot:
        api.send_text(question + " nhé", user_id=USER)
        await api.wait_for_count("sendMessage", 2, ok=True, timeout=60)
        await bot.stop()
    assert question not in bot.output
    assert not re.search(rf"id['\"]?\s*[:=]\s*{USER}", bot.output)

    # A digest run at DEBUG.
    async with await FactStore.open(db) as store:
        past = Digests(store, clock=lambda: dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        api.add_chat(-1007000000001, "supergroup")
        await past.subscribe(-1007000000001, time=dt.time(0, 0))
    async with BotProcess(api, db, tmp_path, command=("digest", "--now"), LOG_LEVEL="DEBUG") as run:
        digest_output = await run.finished()
    assert run.returncode == 0, digest_output
    assert api.token not in digest_output and api.token.split(":")[1] not in digest_output
