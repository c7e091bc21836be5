"""bot/digest.py without Telegram: fact choice, rendering, subscriptions, delivery state."""

from __future__ import annotations

import ast
import asyncio
import datetime as dt
import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot import digest as digest_module
from bot import messages
from bot.config import Settings
from bot.digest import (
    VN_TZ,
    ChatGone,
    ChatMoved,
    DeliveryPolicy,
    Digests,
    Rejected,
    RetryLater,
    SendError,
    Transient,
    Unknown,
    choose_facts,
    order_facts,
    parse_time,
    send_digests_now,
)
from bot.lexicon import Lexicon
from bot.models import Article, Fact, Figure, Source
from bot.render import digest_html
from bot.store import FactStore, fact_key

LEXICON = Lexicon.load()


class FakeClock:
    def __init__(self, start: dt.datetime) -> None:
        self.moment = start

    def __call__(self) -> dt.datetime:
        return self.moment

    def set(self, day: int, hour: int, minute: int = 0) -> None:
        self.moment = dt.datetime(2025, 3, day, hour, minute, tzinfo=VN_TZ)

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


class FakeSender:
    """Records messages; ``script[chat_id]`` lists errors to raise, in order, before success."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []
        self.script: dict[int, list[BaseException]] = {}
        self.ids = itertools.count(1)

    async def send(self, chat_id: int, html_text: str) -> int:
        await asyncio.sleep(0)
        errors = self.script.get(chat_id)
        if errors:
            raise errors.pop(0)
        self.sent.append((chat_id, html_text))
        return next(self.ids)

    def to(self, chat_id: int) -> list[str]:
        return [text for chat, text in self.sent if chat == chat_id]


class Sleeps:
    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def make_fact(article: str, n: int, *, url: str | None = "https://vnexpress.net/a") -> Fact:
    return Fact(
        article=article,
        sentence_no=n,
        quote=f"Câu {n} có {n} nghìn hồ sơ.",
        figures=(Figure(raw=f"{n} nghìn", value=n * 1000, unit="count", noun="hồ sơ"),),
        kind="actual",
        measure=f"hồ sơ trực tuyến <loại {n}> & khác",
        subject="Cổng Dịch vụ công quốc gia",
        period="2024",
        period_label="năm 2024",
        source=Source(
            title=f"Bài {article}",
            outlet="VnExpress",
            published=dt.date(2024, 5, 1),
            url=url,
            article=article,
        ),
    )


async def add_article(
    store: FactStore, article_id: str, n_facts: int, published: dt.date = dt.date(2024, 5, 1)
) -> list[Fact]:
    article = Article(
        id=article_id,
        title=f"Bài {article_id}",
        outlet="VnExpress",
        published=published,
        url=f"https://vnexpress.net/{article_id}",
        sha256=f"sha-{article_id}-{n_facts}",
    )
    facts = [make_fact(article_id, i + 1) for i in range(n_facts)]
    assert await store.save_article(article, facts, [], LEXICON) in ("added", "replaced")
    return facts


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[FactStore]:
    async with await FactStore.open(tmp_path / "digest.db") as opened:
        await add_article(opened, "a1", 7)
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2025, 3, 1, 6, 0, tzinfo=VN_TZ))


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def digests(store: FactStore, clock: FakeClock, sleeps: Sleeps) -> Digests:
    return Digests(store, clock=clock, sleep=sleeps, policy=DeliveryPolicy(backoff=1.0))


GROUP = -1001
OTHER = -1002


# -- pure functions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:30", dt.time(7, 30)),
        ("7:05", dt.time(7, 5)),
        ("7h30", dt.time(7, 30)),
        ("19h", dt.time(19, 0)),
        ("6", dt.time(6, 0)),
        ("24:00", None),
        ("7:61", None),
        ("sáng", None),
        ("", None),
    ],
)
def test_parse_time(text: str, expected: dt.time | None) -> None:
    assert parse_time(text) == expected


def test_choose_facts_cycles_without_repeats() -> None:
    facts = [make_fact("a", i) for i in range(1, 8)]
    sent: set[str] = set()
    shown: list[str] = []
    restarts = []
    for _day in range(7):
        picked, restart = choose_facts(facts, sent, 3)
        assert len(picked) == 3 and len({fact_key(f) for f in picked}) == 3
        if restart:
            restarts.append(len(shown))
            sent.clear()
        sent.update(fact_key(f) for f in picked)
        shown.extend(fact_key(f) for f in picked)
    # 7 facts, 3 a day: day 3 shows the last unseen fact, then starts over from the first;
    # the facts shown with it belong to the new cycle, which is why day 5 skips fact 7
    numbers = [int(k.split(":")[1]) for k in shown]
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 7, 1, 2]
    assert restarts == [6, 12, 18]


def test_order_puts_newest_articles_first() -> None:
    facts = [make_fact("old", 2), make_fact("new", 1), make_fact("old", 1), make_fact("mid", 1)]
    freshness = {
        "old": ("2025-01-01T00:00:00+00:00", "2024-01-01", 9),
        "mid": ("2025-01-01T00:00:00+00:00", "2024-06-01", 1),
        "new": ("2025-02-01T00:00:00+00:00", "2023-01-01", 2),
    }
    ordered = order_facts([*facts, make_fact("old", 1)], freshness)
    assert [(f.article, f.sentence_no) for f in ordered] == [
        ("new", 1),
        ("mid", 1),
        ("old", 1),
        ("old", 2),
    ]


def test_render_escapes_cites_and_fits_one_message() -> None:
    html_text, kept = digest_html([make_fact("a", 1)], dt.date(2025, 3, 1))
    assert "Bản tin Chính phủ số ngày 01/03/2025" in html_text
    assert "<b>1.000 hồ sơ</b>" in html_text
    assert "&lt;loại 1&gt; &amp; khác" in html_text
    assert "Nguồn: Bài a, VnExpress, 01/05/2024" in html_text
    assert '<a href="https://vnexpress.net/a">Đọc bài</a>' in html_text
    assert len(kept) == 1
    # Dated today, the digest says how old its figures are.
    years = {f.period[:4] for f in kept if f.period}
    assert years and messages.DIGEST_AGE.format(years=", ".join(sorted(years))) in html_text

    long = make_fact("a", 2).model_copy(update={"measure": "dài " * 400})
    html_text, kept = digest_html([long] * 10, dt.date(2025, 3, 1))
    assert len(html_text) <= 4096 and 1 <= len(kept) < 10
    empty, none = digest_html([], dt.date(2025, 3, 1))
    assert "chưa có số liệu" in empty and none == []


def test_bot_digest_never_imports_telegram() -> None:
    for module in Path(digest_module.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        names = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [n for n in names if n.split(".")[0] == "telegram"], module.name


# -- subscriptions and due times --------------------------------------------------------------


async def test_subscribe_update_unsubscribe(digests: Digests) -> None:
    sub = await digests.subscribe(GROUP, title="Nhóm A", time=dt.time(7, 30), count=20)
    assert (sub.time, sub.count, sub.active, sub.title) == (dt.time(7, 30), 10, True, "Nhóm A")
    default = await digests.subscribe(OTHER)
    assert (default.time, default.count) == (dt.time(8, 0), 3)
    assert await digests.unsubscribe(GROUP) and not await digests.unsubscribe(GROUP)
    assert [s.chat_id for s in await digests.subscriptions()] == [OTHER]
    again = await digests.subscribe(GROUP, time=dt.time(9, 0))
    assert again.active and again.time == dt.time(9, 0)


async def test_due_follows_the_vietnam_clock(digests: Digests, clock: FakeClock) -> None:
    clock.set(1, 6)
    await digests.subscribe(GROUP, time=dt.time(7, 0))
    await digests.subscribe(OTHER, time=dt.time(9, 30))
    assert await digests.due() == []
    clock.set(1, 7, 0)
    assert [s.chat_id for s in await digests.due()] == [GROUP]
    # 07:00 in Vietnam is 00:00 UTC: a UTC clock gives the same answer
    utc = dt.datetime(2025, 3, 1, 0, 0, tzinfo=dt.UTC)
    assert [s.chat_id for s in await digests.due(utc)] == [GROUP]
    clock.set(1, 23, 59)
    assert [s.chat_id for s in await digests.due()] == [GROUP, OTHER]


async def test_subscribing_after_the_slot_starts_tomorrow(
    digests: Digests, clock: FakeClock
) -> None:
    clock.set(1, 10)
    await digests.subscribe(GROUP, time=dt.time(8, 0))
    assert await digests.due() == []
    clock.set(2, 8)
    assert [s.chat_id for s in await digests.due()] == [GROUP]


# -- delivery ---------------------------------------------------------------------------------


async def test_deliver_records_sent_and_never_sends_twice(
    digests: Digests, clock: FakeClock, store: FactStore
) -> None:
    await digests.subscribe(GROUP, time=dt.time(7, 0))
    clock.set(1, 7, 1)
    sender = FakeSender()
    result = await digests.deliver(GROUP, sender)
    assert result.outcome == "sent" and result.message_id == 1 and len(result.facts) == 3
    delivery = await digests.delivery(GROUP)
    assert delivery is not None and delivery.status == "sent" and delivery.attempts == 1
    assert delivery.detail == "message_id=1" and delivery.day == dt.date(2025, 3, 1)
    assert await digests.sent_keys(GROUP) == set(result.facts)

    again = await digests.deliver(GROUP, sender)
    assert again.outcome == "skipped" and again.detail == "sent"
    assert await digests.due() == []
    report = await digests.deliver_due(sender)
    assert report.results == [] and len(sender.sent) == 1


async def test_no_repeats_across_days_until_exhausted_then_new_articles_first(
    digests: Digests, clock: FakeClock, store: FactStore
) -> None:
    await digests.subscribe(GROUP, time=dt.time(7, 0))
    sender = FakeSender()
    seen: list[tuple[str, ...]] = []
    for day in (1, 2):
        clock.set(day, 7, 5)
        report = await digests.deliver_due(sender)
        assert report.count("sent") == 1
        seen.append(report.results[0].facts)
    assert len(set(seen[0]) | set(seen[1])) == 6
    # a new article arrives: its facts come before the last unsent one of the first article
    await add_article(store, "b2", 2)
    clock.set(3, 7, 5)
    third = (await digests.deliver_due(sender)).results[0].facts
    assert [k.split(":")[0] for k in third] == ["b2", "b2", "a1"]
    clock.set(4, 7, 5)
    fourth = (await digests.deliver_due(sender)).results[0].facts
    # every fact (9) has now been shown: the cycle restarts from the newest article
    assert len(set(seen[0]) | set(seen[1]) | set(third)) == 9
    assert [k.split(":")[0] for k in fourth] == ["b2", "b2", "a1"]
    assert await digests.sent_keys(GROUP) == set(fourth)
    assert len(sender.to(GROUP)) == 4


async def test_retry_after_waits_and_sends(
    digests: Digests, clock: FakeClock, sleeps: Sleeps
) -> None:
    await digests.subscribe(GROUP, time=dt.time(7, 0))
    clock.set(1, 7)
    sender = FakeSender()
    sender.script[GROUP] = [RetryLater(3), RetryLater(0.5)]
    result = await digests.deliver(GROUP, sender)
    assert result.outcome == "sent" and sleeps.calls == [3, 0.5]
    assert len(sender.to(GROUP)) == 1


async def test_transient_errors_back_off_then_retry_in_later_runs(
    digests: Digests, clock: FakeClock, sleeps: Sleeps
) -> None:
    await digests.subscribe(GROUP, time=dt.time(7, 0))
    clock.set(1, 7)
    sender = FakeSender()
    sender.script[GROUP] = [Transient("timed out")] * 9
    first = await digests.deliver(GROUP, sender)
    assert first.outcome == "pending" and sleeps.calls == [1.0, 2.0]
    assert await digests.due() == []  # a pending chat waits a while before the next try
    clock.advance(minutes=1)
    assert [s.chat_id for s in await digests.due()] == [GROUP]  # retried by the next run
    second = await digests.deliver(GROUP, sender)
    assert second.outcome == "pending"
    clock.advance(minutes=1)
    third = await digests.deliver(GROUP, sender)
    delivery = await digests.delivery(GROUP)
    assert third.outcome == "failed" and delivery is not None
    assert (delivery.status, delivery.attempts, delivery.detail) == ("failed", 3, "timed out")
    assert await digests.due() == [] and sender.sent == []
    # tomorrow is a new day
    clock.set(2, 7)
    assert (await digests.deliver(GROUP, sender)).outcome == "sent"


async def test_forbidden_unsubscribes(digests: Digests, clock: FakeClock) -> None:
    await digests.subscribe(GROUP, time=dt.time(7, 0))
    await digests.subscribe(OTHER, time=dt.time(7, 0))
    clock.set(1, 7)
    sender = FakeSender()
    sender.script[GROUP] = [ChatGone("Forbidden: bot was kicked from the supergroup chat")]
    report = await digests.deliver_due(sender)
    assert sorted(r.outcome for r in report.results) == ["gone", "sent"]
    assert report.ok is not False  # gone chats are not a failure of the run
    sub = await digests.subscription(GROUP)
    assert sub is not None and not sub.active
    delivery = await digests.delivery(GROUP)
    assert delivery is not None and delivery.status == "failed" and "kicked" in delivery.detail
    clock.set(2, 7)
    assert [s.chat_id for s in await digests.due()] == [OTHER]


async def test_migration_moves_rows_and_resends(digests: Digests, clock: FakeClock) -> None:
    old, new = -4001, -1004001
    await digests.subscribe(old, title="Nhóm cũ", time=dt.time(7, 0))
    sender = FakeSender()
    clock.set(1, 7)
    assert (await digests.deliver(old, sender)).outcome == "sent"
    day1 = await digests.sent_keys(old)
    clock.set(2, 7)
    sender.script[old] = [ChatMoved(new)]
    result = await digests.deliver(old, sender)
    assert (result.outcome, result.chat_id, result.moved_from) == ("sent", new, old)
    assert await digests.subscription(old) is None
    sub = await digests.subscription(new)
    assert sub is not None and sub.title == "Nhóm cũ" and sub.active
    assert await digests.delivery(old) is None
    moved = await digests.delivery(new)
    assert moved is not None and moved.status == "sent" and moved.attempts == 1
    keys = await digests.sent_keys(new)
    assert day1 < keys and len(keys) == 6 and await digests.sent_keys(old) == set()
    assert [c for c, _ in sender.sent] == [old, new]


async def test_rejected_message_fails_without_retry(
    digests: Digests, clock: FakeClock, sleeps: Sleeps
) -> None:
    await digests.subscribe(GROUP, time=dt.time(7, 0))
    clock.set(1, 7)
    sender = FakeSender()
    sender.script[GROUP] = [Rejected("Bad Request: can't parse entities")]
    result = await digests.deliver(GROUP, sender)
    assert result.outcome == "failed" and sleeps.calls == []
    assert await digests.due() == []


async def test_unexpected_error_is_recorded_not_left_sending(
    digests: Digests, clock: FakeClock
) -> None:
    await digests.subscribe(GROUP, time=dt.time(7, 0))
    clock.set(1, 7)
    sender = FakeSender()
    sender.script[GROUP] = [ValueError("boom")]
    result = await digests.deliver(GROUP, sender)
    delivery = await digests.delivery(GROUP)
    # an error nobody foresaw may have come after Telegram accepted: never sent twice
    assert result.outcome == "uncertain" and delivery is not None
    assert delivery.status == "uncertain" and "boom" in delivery.detail
    assert await digests.due() == []


async def test_unknown_outcome_is_never_resent(digests: Digests, clock: FakeClock) -> None:
    await digests.subscribe(GROUP, time=dt.time(7, 0))
    clock.set(1, 7)
    sender = FakeSender()
    sender.script[GROUP] = [Unknown("ReadTimeout")]
    result = await digests.deliver(GROUP, sender)
    assert result.outcome == "uncertain" and sender.sent == []
    clock.advance(hours=5)
    assert await digests.due() == []
    assert (await digests.deliver(GROUP, sender)).outcome == "skipped"
    assert await digests.day_counts() == {"uncertain": 1}


class CrashingSender(FakeSender):
    """Telegram accepts the message, then the process dies before recording it."""

    async def send(self, chat_id: int, html_text: str) -> int:
        await super().send(chat_id, html_text)
        raise asyncio.CancelledError


async def test_crash_in_flight_is_uncertain_never_resent(
    digests: Digests, clock: FakeClock, store: FactStore
) -> None:
    await digests.subscribe(GROUP, time=dt.time(7, 0))
    await digests.subscribe(OTHER, time=dt.time(7, 0))
    clock.set(1, 7)
    crashing = CrashingSender()
    with pytest.raises(asyncio.CancelledError):
        await digests.deliver(GROUP, crashing)
    delivery = await digests.delivery(GROUP)
    assert delivery is not None and delivery.status == "sending"
    assert await digests.sent_keys(GROUP) == set()

    # The process died holding the lease; a new process takes over once it expires.
    async with await FactStore.open(store.path) as other_store:
        restarted = Digests(other_store, clock=clock, sleep=digests.sleep)
        sender = FakeSender()
        assert (await restarted.deliver_due(sender)).results == []  # the lease is still held
        clock.advance(seconds=16)
        report = await restarted.deliver_due(sender)
        assert [(r.chat_id, r.outcome) for r in report.results] == [(OTHER, "sent")]
        delivery = await restarted.delivery(GROUP)
        assert delivery is not None and delivery.status == "uncertain"
        assert "in flight" in delivery.detail
        assert len(crashing.sent) == 1 and [c for c, _ in sender.sent] == [OTHER]


async def test_one_sender_at_a_time(digests: Digests, clock: FakeClock, store: FactStore) -> None:
    clock.set(1, 6)
    assert await digests.acquire_lease()
    async with await FactStore.open(store.path) as other_store:
        other = Digests(other_store, clock=clock, sleep=digests.sleep)
        assert not await other.acquire_lease()
        assert await other.lease_holder() == digests.holder
        await digests.release_lease()
        assert await other.acquire_lease()
        assert not await digests.acquire_lease()


async def test_concurrent_runs_and_processes_send_once(
    digests: Digests, clock: FakeClock, store: FactStore
) -> None:
    chats = list(range(-2000, -1950))
    clock.set(1, 6)
    for chat in chats:
        await digests.subscribe(chat, time=dt.time(7, 0))
    clock.set(1, 7, 30)
    sender = FakeSender()
    # a second process: its own connection to the same database file
    async with await FactStore.open(store.path) as other_store:
        other = Digests(other_store, clock=clock, sleep=digests.sleep)
        reports = await asyncio.gather(
            digests.deliver_due(sender, concurrency=5),
            digests.deliver_due(sender, concurrency=5),
            other.deliver_due(sender, concurrency=5),
        )
    # one process holds the sender's lease and serves every chat once
    assert sorted(c for c, _ in sender.sent) == sorted(chats)
    assert sum(r.count("sent") for r in reports) == len(chats)


async def test_graceful_stop_leaves_no_sending_rows(digests: Digests, clock: FakeClock) -> None:
    clock.set(1, 6)
    for chat in range(-3020, -3000):
        await digests.subscribe(chat, time=dt.time(7, 0))
    clock.set(1, 7)
    sender = FakeSender()
    stop = asyncio.Event()

    async def stop_after_five(result: object) -> None:
        if len(sender.sent) >= 5:
            stop.set()

    first = await digests.deliver_due(
        sender, concurrency=3, keep_going=lambda: not stop.is_set(), on_result=stop_after_five
    )
    assert 5 <= first.count("sent") < 20
    async with digests.store.db.execute(
        "SELECT count(*) FROM deliveries WHERE status = 'sending'"
    ) as c:
        row = await c.fetchone()
    assert row is not None and row[0] == 0
    second = await digests.deliver_due(sender)
    assert first.count("sent") + second.count("sent") == 20
    assert len({c for c, _ in sender.sent}) == len(sender.sent) == 20


async def test_send_digests_now(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.db"
    async with await FactStore.open(db) as store:
        await add_article(store, "a1", 4)
        early = Digests(store, clock=lambda: dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        await early.subscribe(GROUP, time=dt.time(0, 0))
        await early.subscribe(OTHER, time=dt.time(0, 0))
    settings = Settings(bot_db=db, telegram_bot_token=None)
    sender = FakeSender()
    sender.script[OTHER] = [Rejected("Bad Request: chat not found")]
    assert await send_digests_now(settings, sender) == 1
    assert [c for c, _ in sender.sent] == [GROUP]
    out = capsys.readouterr()
    assert "sent=1" in out.out and "failed=1" in out.out and str(OTHER) in out.err
    assert await send_digests_now(settings, sender) == 0  # nothing left to do today
    assert len(sender.sent) == 1


def test_send_errors_are_one_family() -> None:
    for error in (RetryLater(1), ChatMoved(-1), ChatGone(), Transient(), Rejected()):
        assert isinstance(error, SendError)
