"""Daily digests end to end: the real Application (bot.app.build_application) against
FakeBotAPI, with the store on disk so a restart is a new Application on the same file."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.app import AnyApp, build_application
from bot.config import Settings
from bot.digest import VN_TZ, DeliveryPolicy, Digests
from bot.ingest.load import ingest_paths
from bot.lexicon import Lexicon
from bot.store import FactStore
from handlers import digest as digest_handlers
from tests.support.botapi import FakeBotAPI
from tests.support.running import serve

GROUP = -1001234567890
CHANNEL = -1009876543210
ADMIN, MEMBER = 20, 21
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def settings(api: FakeBotAPI, tmp_path: Path) -> Settings:
    return Settings(
        telegram_bot_token=api.token,
        telegram_api_url=api.base_url,
        bot_db=tmp_path / "egov.db",
    )


async def no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


class FakeClock:
    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


@asynccontextmanager
async def running(settings: Settings, **options: Any) -> AsyncIterator[AnyApp]:
    """Start the bot like ``run_polling`` does (post_init, start, polling) and stop it the same
    way (a graceful stop: in-flight digests finish, no new ones start)."""
    app = build_application(settings)
    options.setdefault("tick", 0.2)
    digest_handlers.configure(app, sleep=no_wait, **options)
    async with serve(app):
        yield app


async def subscribe_directly(settings: Settings, chats: list[int], time: dt.time) -> None:
    """Subscriptions made long ago (so today's slot counts), straight into the store."""
    async with await FactStore.open(settings.bot_db) as store:
        past = Digests(store, clock=lambda: dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        for chat in chats:
            await past.subscribe(chat, title=f"Nhóm {chat}", time=time)


async def rows(settings: Settings, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    async with await FactStore.open(settings.bot_db) as store, store.db.execute(sql, params) as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def eventually(check: Any, timeout: float = 5.0) -> None:  # noqa: ASYNC109
    async with asyncio.timeout(timeout):
        while not await check():  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def say(api: FakeBotAPI, text: str, *, reply_in: int, **where: Any) -> str:
    """Send ``text`` as a user and return the bot's next message in ``reply_in``."""
    seen = {id(m) for m in api.sent}
    if where.pop("channel", False):
        api.channel_post(text, chat_id=reply_in, **where)
    else:
        api.send_text(text, **where)
    reply = await api.wait_for_sent(lambda m: id(m) not in seen and m.chat_id == reply_in)
    return reply.text or ""


def digests_sent(api: FakeBotAPI) -> list[int]:
    return [s.chat_id for s in api.sent if "Bản tin Chính phủ số" in (s.text or "")]


# -- subscribing ------------------------------------------------------------------------------


async def test_admin_subscribes_member_is_refused(api: FakeBotAPI, settings: Settings) -> None:
    api.add_chat(GROUP, "supergroup", title="Cán bộ số")
    api.set_chat_member(GROUP, ADMIN, "administrator")
    async with running(settings) as app:
        text = await say(api, "/subscribe 07:30", reply_in=GROUP, chat_id=GROUP, user_id=MEMBER)
        assert "Chỉ quản trị viên" in text

        text = await say(api, "/subscribe 7h30 5", reply_in=GROUP, chat_id=GROUP, user_id=ADMIN)
        assert "Đã đăng ký" in text and "5 số liệu lúc 07:30" in text and "Cán bộ số" in text
        sub = await digest_handlers.runtime(app).digests.subscription(GROUP)
        assert sub is not None
        assert (sub.time, sub.count, sub.kind) == (dt.time(7, 30), 5, "supergroup")
        assert app.job_queue is not None
        (job,) = app.job_queue.get_jobs_by_name(digest_handlers.job_name(GROUP))
        assert job.next_t is not None
        next_vn = job.next_t.astimezone(VN_TZ)
        assert (next_vn.hour, next_vn.minute) == (7, 30)

        text = await say(api, "/subscribe 25:00", reply_in=GROUP, chat_id=GROUP, user_id=ADMIN)
        assert "Giờ không hợp lệ" in text

        text = await say(api, "/digest", reply_in=GROUP, chat_id=GROUP, user_id=MEMBER)
        assert "Bản tin Chính phủ số" in text and text.count("Nguồn:") == 5

        # a channel posting into the group is not an admin; the anonymous admin is
        text = await say(api, "/unsubscribe", reply_in=GROUP, chat_id=GROUP, sender_chat=-1005555)
        assert "Chỉ quản trị viên" in text
        text = await say(api, "/unsubscribe", reply_in=GROUP, chat_id=GROUP, sender_chat=GROUP)
        assert "Đã huỷ" in text
        assert app.job_queue.get_jobs_by_name(digest_handlers.job_name(GROUP)) == ()
    assert [r[0] for r in await rows(settings, "SELECT active FROM subscriptions")] == [0]


async def test_channel_subscribes_by_post_and_from_private_chat(
    api: FakeBotAPI, settings: Settings
) -> None:
    other = -1007777777777
    api.add_chat(other, "channel", title="Tin số", username="tin_so")
    api.set_chat_member(other, 30, "creator")
    no_rights = -1008888888888
    api.add_chat(no_rights, "channel", title="Kênh khác", username="kenh_khac")
    api.set_chat_member(no_rights, 30, "administrator")
    api.set_chat_member(no_rights, api.bot_id, "administrator", can_post_messages=False)
    async with running(settings) as app:
        text = await say(
            api, "/subscribe 06:45", reply_in=CHANNEL, channel=True, title="Chính phủ số"
        )
        assert "Đã đăng ký" in text and "06:45" in text

        text = await say(api, "/subscribe @tin_so 07:00", reply_in=31, user_id=31)
        assert "quản trị viên của kênh @tin_so" in text
        text = await say(api, "/subscribe @tin_so 07:00", reply_in=30, user_id=30)
        assert "Đã đăng ký" in text and "@tin_so" in text
        text = await say(api, "/subscribe @kenh_khac", reply_in=30, user_id=30)
        assert "quyền đăng bài" in text
        text = await say(api, "/subscribe @khong_co", reply_in=30, user_id=30)
        assert "Không tìm thấy" in text

        subs = await digest_handlers.runtime(app).digests.subscriptions()
        assert {(s.chat_id, s.kind, s.time) for s in subs} == {
            (CHANNEL, "channel", dt.time(6, 45)),
            (other, "channel", dt.time(7, 0)),
        }
        # the bot is removed from the channel: its digest stops
        api.my_chat_member(other, "left")
        await eventually(
            lambda: _inactive(app, other),
        )
        assert app.job_queue is not None
        assert app.job_queue.get_jobs_by_name(digest_handlers.job_name(other)) == ()


async def test_group_upgraded_to_supergroup_keeps_its_digest(
    api: FakeBotAPI, settings: Settings
) -> None:
    old = -4003
    api.add_chat(old, "group", title="Nhóm thường")
    await subscribe_directly(settings, [old], dt.time(23, 59, 59))
    async with running(settings) as app:
        new = api.migrate_chat(old)["id"]

        async def moved() -> bool:
            sub = await digest_handlers.runtime(app).digests.subscription(new)
            assert app.job_queue is not None
            return sub is not None and bool(
                app.job_queue.get_jobs_by_name(digest_handlers.job_name(new))
            )

        await eventually(moved)
        assert await digest_handlers.runtime(app).digests.subscription(old) is None
        assert app.job_queue is not None
        assert app.job_queue.get_jobs_by_name(digest_handlers.job_name(old)) == ()


async def _inactive(app: AnyApp, chat_id: int) -> bool:
    sub = await digest_handlers.runtime(app).digests.subscription(chat_id)
    return sub is not None and not sub.active


# -- sending ----------------------------------------------------------------------------------


async def test_scheduled_send_at_the_chosen_time(api: FakeBotAPI, settings: Settings) -> None:
    api.add_chat(GROUP, "supergroup")
    api.add_chat(GROUP - 1, "supergroup")
    slot = (dt.datetime.now(VN_TZ) + dt.timedelta(seconds=2)).replace(microsecond=0)
    later = slot + dt.timedelta(seconds=40)
    if slot.date() != later.date():
        pytest.skip("too close to midnight in Vietnam")
    await subscribe_directly(settings, [GROUP], slot.time())
    await subscribe_directly(settings, [GROUP - 1], later.time())
    async with running(settings):
        await api.assert_no_call("sendMessage", within=0.5)  # the catch-up finds nothing due
        sent = await api.wait_for_sent(chat_id=GROUP, timeout=6)
        assert dt.datetime.now(VN_TZ) >= slot
        assert sent.parse_mode == "HTML" and sent.text is not None
        assert f"ngày {slot.strftime('%d/%m/%Y')}" in sent.text and "Nguồn:" in sent.text
        assert sent.message["entities"]  # Telegram parsed the HTML
        await eventually(lambda: _status(settings, GROUP, "sent"))
    assert digests_sent(api) == [GROUP]
    detail = await rows(settings, "SELECT detail FROM deliveries WHERE chat_id = ?", GROUP)
    assert detail == [(f"message_id={sent.message_id}",)]


async def _status(settings: Settings, chat_id: int, status: str) -> bool:
    found = await rows(settings, "SELECT status FROM deliveries WHERE chat_id = ?", chat_id)
    return found == [(status,)]


async def test_restart_mid_run_serves_every_chat_exactly_once(
    api: FakeBotAPI, settings: Settings
) -> None:
    chats = [-1002000000000 - i for i in range(50)]
    for chat in chats:
        api.add_chat(chat, "supergroup")
    await subscribe_directly(settings, chats, dt.time(0, 0))
    async with running(settings, policy=DeliveryPolicy(concurrency=4)):
        await api.wait_for_count("sendMessage", 12, ok=True, timeout=10)
    first = digests_sent(api)
    assert 12 <= len(first) < 50
    assert await rows(settings, "SELECT * FROM deliveries WHERE status = 'sending'") == []

    async with running(settings, policy=DeliveryPolicy(concurrency=4)):
        await api.wait_for_count("sendMessage", 50, ok=True, timeout=15)
        await eventually(
            lambda: _count(settings, "SELECT count(*) FROM deliveries WHERE status = 'sent'", 50)
        )
        await asyncio.sleep(0.3)
        assert len(api.calls("sendMessage")) == 50
    sent = digests_sent(api)
    assert sorted(sent) == sorted(chats)  # every chat once, none twice


async def _count(settings: Settings, sql: str, expected: int) -> bool:
    return (await rows(settings, sql)) == [(expected,)]


async def test_forbidden_migration_flood_and_network_errors(
    api: FakeBotAPI, settings: Settings
) -> None:
    kicked, migrating, flooded, flaky = (-1003000000001, -4002, -1003000000003, -1003000000004)
    dropped = -1003000000005
    new_id = -1004002
    for chat in (kicked, flooded, flaky, dropped):
        api.add_chat(chat, "supergroup")
    api.add_chat(migrating, "group")
    api.add_chat(new_id, "supergroup")
    api.set_chat_member(kicked, api.bot_id, "kicked")
    api.fail_next("sendMessage", 400, migrate_to_chat_id=new_id, chat_id=migrating)
    api.fail_next("sendMessage", 429, retry_after=0.2, chat_id=flooded)
    api.fail_next("sendMessage", 502, chat_id=flaky)  # certainly not delivered: retried
    api.drop_next("sendMessage", chat_id=dropped)  # the request left, no answer: not resent
    await subscribe_directly(settings, [kicked, migrating, flooded, flaky, dropped], dt.time(0, 0))
    async with running(settings) as app:
        expected = {digest_handlers.job_name(c) for c in (new_id, flooded, flaky)}

        expected.add(digest_handlers.job_name(dropped))

        async def done() -> bool:
            assert app.job_queue is not None
            jobs = {j.name for j in app.job_queue.jobs() if (j.name or "").startswith("digest:")}
            sent = "SELECT count(*) FROM deliveries WHERE status = 'sent'"
            uncertain = "SELECT count(*) FROM deliveries WHERE status = 'uncertain'"
            return (
                jobs == expected
                and await _count(settings, sent, 3)
                and await _count(settings, uncertain, 1)
            )

        await eventually(done, timeout=10)
    assert sorted(digests_sent(api)) == sorted([new_id, flooded, flaky])
    states = dict(
        (r[0], r[1:])
        for r in await rows(
            settings,
            "SELECT s.chat_id, s.active, d.status, d.detail FROM subscriptions s"
            " JOIN deliveries d USING (chat_id)",
        )
    )
    assert states[kicked][:2] == (0, "failed") and "kicked" in states[kicked][2]
    assert migrating not in states and states[new_id][:2] == (1, "sent")
    assert states[flooded][:2] == (1, "sent") and states[flaky][:2] == (1, "sent")
    assert states[dropped][:2] == (1, "uncertain")
    assert [c.status for c in api.calls("sendMessage") if c.chat_id == flaky] == [502, 200]
    assert len([c for c in api.calls("sendMessage") if c.chat_id == dropped]) == 1
    flood_calls = [c for c in api.calls("sendMessage") if c.chat_id == flooded]
    assert [c.status for c in flood_calls] == [429, 200]
    assert flood_calls[1].at - flood_calls[0].at >= 0.2


async def test_no_repeats_across_days_until_all_facts_shown(
    api: FakeBotAPI, settings: Settings
) -> None:
    api.add_chat(GROUP, "supergroup")
    clock = FakeClock(dt.datetime(2025, 3, 1, 6, 0, tzinfo=VN_TZ))
    async with running(settings, clock=clock) as app:
        rt = digest_handlers.runtime(app)
        await rt.digests.subscribe(GROUP, time=dt.time(7, 0), count=10)
        total = len(await rt.digests.catalog())
        days = -(-total // 10)  # enough days to show every fact once
        shown: list[set[str]] = []
        assert app.job_queue is not None
        for day in range(1, days + 2):
            clock.moment = dt.datetime(2025, 3, day, 7, 5, tzinfo=VN_TZ)
            app.job_queue.run_once(digest_handlers.tick_job, 0)
            await eventually(lambda d=day: _day_sent(settings, d))
            keys = await rows(
                settings,
                "SELECT fact_key FROM sent_facts WHERE chat_id = ? AND day = ?",
                GROUP,
                f"2025-03-{day:02d}",
            )
            shown.append({k[0] for k in keys})
    assert all(len(s) == 10 for s in shown)
    first_cycle = set().union(*shown[: days - 1])
    assert len(first_cycle) == 10 * (days - 1)  # no repeats until every fact has been shown
    assert len(first_cycle | shown[days - 1]) == total
    assert shown[days].isdisjoint(shown[days - 1])  # the new cycle goes on without repeats
    assert digests_sent(api) == [GROUP] * (days + 1)


async def _day_sent(settings: Settings, day: int) -> bool:
    found = await rows(
        settings, "SELECT status FROM deliveries WHERE day = ?", f"2025-03-{day:02d}"
    )
    return found == [("sent",)]


# -- a real kill: python -m bot digest --now, SIGKILLed mid-run, then run again ---------------


async def _cli_digest(api: FakeBotAPI, settings: Settings) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_URL": api.base_url,
        "BOT_DB": str(settings.bot_db),
        "PTB_TIMEDELTA": "1",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "digest",
        "--now",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _chats_with(settings: Settings, status: str) -> set[int]:
    found = await rows(settings, "SELECT chat_id FROM deliveries WHERE status = ?", status)
    return {r[0] for r in found}


@pytest.mark.slow
async def test_killed_run_resumes_without_skipping_anyone(
    api: FakeBotAPI, settings: Settings
) -> None:
    chats = [-1006000000000 - i for i in range(40)]
    for chat in chats:
        api.add_chat(chat, "supergroup")
    async with await FactStore.open(settings.bot_db) as store:
        await ingest_paths(store, [settings.articles_dir], Lexicon.load())
    await subscribe_directly(settings, chats, dt.time(23, 59))  # not due yet: --now sends anyway

    first = await _cli_digest(api, settings)
    await api.wait_for_count("sendMessage", 10, ok=True, timeout=30)
    first.kill()
    await first.communicate()
    delivered = set(digests_sent(api))
    recorded = await _chats_with(settings, "sent")
    in_flight = await _chats_with(settings, "sending")
    assert 10 <= len(delivered) < len(chats)
    assert recorded <= delivered  # nothing is recorded as sent that was not sent
    assert delivered - recorded <= in_flight  # sent, then killed before the record
    assert len(in_flight) <= DeliveryPolicy().concurrency

    # The killed process no longer runs: its lease is free at once; what it had in flight is
    # uncertain and never resent, every other chat is served.
    second = await _cli_digest(api, settings)
    out, err = await second.communicate()
    assert second.returncode == 0, err.decode()
    assert "failed=0" in out.decode()
    received = digests_sent(api)
    assert not [chat for chat in received if received.count(chat) > 1]  # none twice
    assert await _chats_with(settings, "uncertain") == in_flight
    assert set(received) | in_flight == set(chats)  # none skipped but the uncertain ones
    assert await _chats_with(settings, "sent") == set(chats) - in_flight
