"""The digest delivery promise under crashes and slow networks, with the real processes.

At most one digest per chat per day: a send whose outcome is unknown (the request left and no
answer came, or the process died while it was in flight) is recorded as uncertain and never
repeated; a send that certainly failed is retried; chats never attempted are served within
seconds of a restart; one process sends at a time, within Telegram's 30 messages a second.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import shutil
import signal
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.digest import DeliveryPolicy, Digests, vn_time
from bot.store import FactStore
from handlers import digest as digest_handlers
from tests.support.botapi import FakeBotAPI
from tests.support.running import BotProcess, serve, settings_for

CHATS = [-1008000000000 - i for i in range(150)]
RUNS = 10
ROUND_TRIP = 0.25
TITLE = "Bản tin Chính phủ số"


async def subscribe(db: Path, chats: list[int], at: dt.time) -> None:
    """Subscriptions made long ago, so today's slot counts."""
    async with await FactStore.open(db) as store:
        past = Digests(store, clock=lambda: dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        for chat in chats:
            await past.subscribe(chat, title=f"Nhóm {chat}", time=at)


async def statuses(db: Path) -> dict[int, str]:
    async with (
        await FactStore.open(db) as store,
        store.db.execute("SELECT chat_id, status FROM deliveries") as cur,
    ):
        return {int(r[0]): str(r[1]) for r in await cur.fetchall()}


def digest_calls(api: FakeBotAPI) -> list[Any]:
    return [
        c
        for c in api.calls("sendMessage")
        if TITLE in str(c.params.get("text", "")) and c.chat_id in set(CHATS)
    ]


async def until(check: Any, timeout: float, every: float = 0.2) -> None:  # noqa: ASYNC109
    async with asyncio.timeout(timeout):
        while not await check():  # noqa: ASYNC110
            await asyncio.sleep(every)


async def killed_run(run: int, template_db: Path, tmp_path: Path) -> str:
    """One run: 150 chats due, the bot SIGKILLed after a random number of sends (at a random
    point of a round trip), restarted, and left to finish. Returns its line of the report."""
    rng = random.Random(20261124 + run)
    db = tmp_path / f"run{run}.db"
    shutil.copyfile(template_db, db)
    await subscribe(db, CHATS, dt.time(0, 0))
    async with FakeBotAPI(username="egov_test_bot") as api:
        for chat in CHATS:
            api.add_chat(chat, "supergroup")
        api.set_latency("sendMessage", ROUND_TRIP)
        kill_after = rng.randint(3, len(CHATS) - 10)
        async with BotProcess(api, db, tmp_path) as first:
            await api.wait_for_count("sendMessage", kill_after, timeout=120)
            await asyncio.sleep(rng.random() * ROUND_TRIP)  # anywhere in a round trip
            first.process.send_signal(signal.SIGKILL)
            await first.process.wait()
        attempted = {c.chat_id for c in digest_calls(api)}
        restarted = time.monotonic()
        async with BotProcess(api, db, tmp_path) as second:

            async def settled() -> bool:
                found = await statuses(db)
                return len(found) == len(CHATS) and all(
                    s in ("sent", "uncertain") for s in found.values()
                )

            await until(settled, timeout=90)
            await second.stop()
        calls = digest_calls(api)
        per_chat = Counter(c.chat_id for c in calls)
        final = await statuses(db)
    uncertain = {chat for chat, s in final.items() if s == "uncertain"}
    twice = [chat for chat, n in per_chat.items() if n > 1]
    assert not twice, f"run {run}: {len(twice)} chats got two digests"
    never_attempted = set(CHATS) - attempted
    late = [c.chat_id for c in calls if c.chat_id in never_attempted and c.at - restarted > 30]
    assert not late, f"run {run}: {len(late)} chats served more than 30 s after the restart"
    assert all(final[chat] == "sent" for chat in never_attempted)
    assert uncertain <= attempted and len(uncertain) <= DeliveryPolicy().concurrency
    assert set(CHATS) - set(per_chat) <= uncertain  # only an uncertain chat may lack its digest
    return (
        f"run {run}: killed after {kill_after} sends; {len(uncertain)} uncertain (in flight);"
        f" {len(never_attempted)} never attempted, all served within 30 s of the restart;"
        " no chat twice"
    )


@pytest.mark.slow
async def test_sigkill_at_random_points_never_sends_twice(
    template_db: Path, tmp_path: Path
) -> None:
    report: list[str] = []
    for pair in range(0, RUNS, 2):  # two runs at a time, each with its own stand-in
        report += await asyncio.gather(
            *(killed_run(run, template_db, tmp_path) for run in range(pair, pair + 2))
        )
    print("\n".join(report))


@asynccontextmanager
async def running_bot(api: FakeBotAPI, db: Path, **options: Any) -> AsyncIterator[Any]:
    app = build_application(settings_for(api, db))
    digest_handlers.configure(app, tick=0.2, **options)
    async with serve(app):
        yield app


async def test_reset_after_accept_and_slow_reply_are_never_resent(
    api: FakeBotAPI, db: Path
) -> None:
    reset, slow, flooded, broken, refused = CHATS[:5]
    for chat in CHATS[:5]:
        api.add_chat(chat, "supergroup")
    api.reset_after_accept("sendMessage", chat_id=reset)
    api.slow_reply("sendMessage", 2.0, chat_id=slow)
    api.fail_next("sendMessage", 429, retry_after=0.2, chat_id=flooded)
    api.fail_next("sendMessage", 500, chat_id=broken)
    api.fail_next("sendMessage", 400, "Bad Request: not enough rights right now", chat_id=refused)
    await subscribe(db, CHATS[:5], dt.time(0, 0))
    policy = DeliveryPolicy(read_timeout=0.5, backoff=0.05)
    async with running_bot(api, db, policy=policy):

        async def settled() -> bool:
            found = await statuses(db)
            return len(found) == 5 and "sending" not in found.values()

        await until(settled, timeout=20, every=0.05)
        await asyncio.sleep(1.0)  # a resend, if any, would come now
    final = await statuses(db)
    assert final[reset] == "uncertain" and final[slow] == "uncertain"
    assert final[flooded] == final[broken] == final[refused] == "sent"
    per_chat = Counter(c.chat_id for c in digest_calls(api))
    assert per_chat[reset] == per_chat[slow] == 1  # carried out once, never again
    assert per_chat[flooded] == per_chat[broken] == per_chat[refused] == 2  # a failure, a retry
    assert len([m for m in api.sent if m.chat_id in (reset, slow)]) == 2


@pytest.mark.slow
async def test_bot_and_digest_now_together_send_once_within_the_rate(
    api: FakeBotAPI, db: Path, tmp_path: Path
) -> None:
    for chat in CHATS:
        api.add_chat(chat, "supergroup")
    # Not due while the test runs, whatever the hour: the slot is half a day away (a fixed
    # 23:59:59 came due when the test ran in the last minutes of a Vietnamese day, and the
    # bot rightly sent that day's digests beside --now's).
    later = (vn_time(dt.datetime.now(dt.UTC)) + dt.timedelta(hours=12)).time()
    await subscribe(db, CHATS, later.replace(microsecond=0))  # only --now sends them
    async with BotProcess(api, db, tmp_path) as bot:
        await api.wait_for("setMyCommands", timeout=60)
        await asyncio.sleep(4)  # the bot's first tick has taken the sender's lease
        async with BotProcess(api, db, tmp_path, command=("digest", "--now")) as now:
            output = await now.finished(timeout=120)
        await bot.stop()
    assert now.returncode == 0, output
    calls = digest_calls(api)
    assert Counter(c.chat_id for c in calls) == Counter(CHATS)  # every chat once
    assert api.max_rate(1.0, method="sendMessage") <= 30
