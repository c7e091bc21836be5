"""Terminal chat: same answers and commands as the bot, piped stdin, clean exit on EOF."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import messages
from bot.commands import COMMANDS
from bot.config import PROJECT_ROOT, Settings
from bot.console import run_console
from bot.render import answer_plain
from bot.services import Services

QUESTION = "Cổng dịch vụ công quốc gia có bao nhiêu dịch vụ công trực tuyến?"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("console") / "egov.db"

    async def build() -> None:
        await (await Services.open(Settings(_env_file=None, bot_db=path))).close()

    asyncio.run(build())
    return path


async def chat(store_path: Path, lines: list[str]) -> tuple[int, str]:
    settings = Settings(_env_file=None, bot_db=store_path)
    stdin, stdout = io.StringIO("\n".join(lines) + "\n"), io.StringIO()
    status = await run_console(settings, stdin, stdout)
    return status, stdout.getvalue()


async def test_console_answers_like_the_bot(store_path: Path) -> None:
    status, output = await chat(store_path, [QUESTION, "/trichdan", "/rank bo", "/nguon"])
    assert status == 0
    assert "@BotFather" in output and "TELEGRAM_BOT_TOKEN" in output
    assert output.index(messages.WELCOME) < output.index(messages.EXAMPLES_HEADER)
    services = await Services.open(Settings(_env_file=None, bot_db=store_path), sync_articles=False)
    try:
        expected = answer_plain(await services.answerer.ask(QUESTION))
    finally:
        await services.close()
    assert expected in output and "3.096 dịch vụ công trực tuyến" in output
    assert "“" in output  # the quoted source sentence
    assert "• Bộ Tài chính: thứ 1/17" in output
    assert "Baohatinh.vn, 26/08/2020" in output
    assert output.rstrip().endswith(messages.CONSOLE_BYE)


async def test_console_examples_by_number_and_quit(store_path: Path) -> None:
    status, output = await chat(store_path, ["1", "/thoat", "không bao giờ đọc tới đây"])
    assert status == 0
    assert output.count(messages.CONSOLE_BYE) == 1
    assert output.count("Nguồn:") + output.count(messages.NO_ANSWER) >= 1


async def test_console_survives_digits_that_are_not_numbers(store_path: Path) -> None:
    # "¹" is a digit to str.isdigit but not to int(): read as a question, not an example.
    status, output = await chat(store_path, ["¹", "²³"])
    assert status == 0 and output.rstrip().endswith(messages.CONSOLE_BYE)


async def test_console_rank_mentions_the_chart(store_path: Path) -> None:
    _, output = await chat(store_path, ["/rank", "/dvctt hue", "/lenh-la"])
    assert "thứ 86/193" in output and messages.CONSOLE_CHART_NOTE in output
    assert "Thừa Thiên - Huế" in output
    assert messages.UNKNOWN_COMMAND.format(name="lenh-la") in output


async def test_console_help_names_every_command_and_says_which_need_telegram(
    store_path: Path,
) -> None:
    _, output = await chat(store_path, ["/help", "/subscribe 07:30", "/trichdan"])
    for command in COMMANDS:
        if not command.operator:
            assert f"/{command.name}" in output
    assert messages.HELP_TELEGRAM_ONLY in output
    assert messages.CONSOLE_TELEGRAM_ONLY.format(name="subscribe") in output
    assert messages.NO_LAST_ANSWER in output


@pytest.mark.slow
def test_python_m_bot_run_without_token_is_a_console(store_path: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(BOT_DB=str(store_path), PYTHONPATH=str(PROJECT_ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input="/rank hue\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "@BotFather" in done.stdout and "Thừa Thiên - Huế" in done.stdout
    assert done.stdout.rstrip().endswith(messages.CONSOLE_BYE)
