"""Daily digests: what goes into a chat's digest, subscriptions, and delivery state.

Telegram-free: sending goes through the :class:`Sender` protocol, whose errors are the
:class:`SendError` family below; ``handlers/digest.py`` maps python-telegram-bot's exceptions
onto them, tests use a fake sender.

Choosing facts. A chat is shown facts it has not been sent yet (``sent_facts``), those of the
most recently ingested articles first, then newest published, then article and sentence order.
When fewer unsent facts remain than the chat asked for, the cycle starts over: the chat's
``sent_facts`` are cleared and the digest is topped up from the beginning, so no fact repeats
until every fact has been shown once.

Delivery state, one row per chat and Vietnam day in ``deliveries``::

    (no row) / pending --claim--> sending --sent--> sent
                                          --error--> pending (retried later) | failed

* ``claim`` runs in a ``BEGIN IMMEDIATE`` transaction, so two processes (the bot and
  ``python -m bot digest --now``) never both claim a chat for the same day.
* After Telegram accepts the message, the row becomes ``sent`` with the message id and the fact
  keys, in one transaction; on restart ``sent`` chats are skipped.
* Crash policy (at-least-once with a small, bounded duplicate window): a ``sending`` row means a
  process claimed the chat and did not record the outcome. Younger than
  :attr:`DeliveryPolicy.stale_after` it is left alone (another worker may still be sending); once
  older it is treated as *not sent* and claimed again. The Bot API offers no way to ask whether a
  message reached a chat, so the only case that yields a duplicate is a crash in the
  milliseconds between Telegram answering ``sendMessage`` and the ``sent`` commit. Every other
  interruption (crash while waiting for the rate limiter, before the request, on a network
  error) leaves a chat that never got the message and is resent. A graceful stop finishes the
  chats in flight and starts no new ones, so it never leaves ``sending`` rows.
* Errors: :class:`RetryLater` waits and retries; :class:`ChatMoved` moves the chat's
  subscription, deliveries and sent facts to the new id and resends there; :class:`ChatGone`
  unsubscribes the chat; :class:`Transient` retries with exponential backoff, then leaves the row
  ``pending`` for a later run (``failed`` after :attr:`DeliveryPolicy.max_runs` runs);
  :class:`Rejected` (and any unexpected error) marks the day ``failed``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import itertools
import logging
import re
import sqlite3
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol
from zoneinfo import ZoneInfo

from bot import messages
from bot.models import Fact
from bot.render import figure_text, period_text, source_text
from bot.store import FactStore, fact_key

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_MESSAGE = 4096
MAX_COUNT = 10

Clock = Callable[[], dt.datetime]
Sleep = Callable[[float], Awaitable[None]]
Status = Literal["pending", "sending", "sent", "failed"]
Outcome = Literal["sent", "skipped", "pending", "failed", "gone"]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def vn_time(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(VN_TZ)


def vn_day(moment: dt.datetime) -> dt.date:
    """The Vietnam calendar date of an aware moment: the ``day`` of a delivery."""
    return vn_time(moment).date()


_TIME_RE = re.compile(r"^(\d{1,2})(?:[:hH.](\d{2})?)?$")


def parse_time(text: str) -> dt.time | None:
    """ "7:30", "07:30", "7h30", "7h", "19" -> a time of day; None when it is not one."""
    match = _TIME_RE.match(text.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def time_text(value: dt.time) -> str:
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _parse_iso(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# -- sending ----------------------------------------------------------------------------------


class SendError(Exception):
    """A send failed; the subclass says what to do about it."""


class RetryLater(SendError):
    """Flood control: wait ``seconds`` and try again."""

    def __init__(self, seconds: float, detail: str = "") -> None:
        super().__init__(detail or f"retry after {seconds}s")
        self.seconds = seconds


class ChatMoved(SendError):
    """The group became a supergroup with a new id."""

    def __init__(self, new_chat_id: int, detail: str = "") -> None:
        super().__init__(detail or f"migrated to {new_chat_id}")
        self.new_chat_id = new_chat_id


class ChatGone(SendError):
    """The bot was blocked, kicked, or the chat no longer exists: stop sending."""


class Transient(SendError):
    """Network trouble or a server error: worth retrying."""


class Rejected(SendError):
    """Telegram refused this message (bad request): retrying will not help today."""


class Sender(Protocol):
    async def send(self, chat_id: int, html_text: str) -> int:
        """Send an HTML message; return its message id or raise a :class:`SendError`."""
        ...


# -- records ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subscription:
    chat_id: int
    title: str
    kind: str
    time: dt.time
    count: int
    active: bool
    created_at: dt.datetime

    def slot(self, day: dt.date) -> dt.datetime:
        """When this chat's digest is due on ``day`` (Vietnam time)."""
        return dt.datetime.combine(day, self.time, tzinfo=VN_TZ)


@dataclass(frozen=True)
class Delivery:
    chat_id: int
    day: dt.date
    status: Status
    attempts: int
    detail: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class DeliveryResult:
    chat_id: int
    """The chat finally sent to (the new id after a migration)."""
    outcome: Outcome
    detail: str = ""
    message_id: int | None = None
    moved_from: int | None = None
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeliveryPolicy:
    tries: int = 3
    """Attempts per run on transient errors."""
    backoff: float = 1.0
    """First wait between transient attempts, in seconds; doubles each time."""
    max_retry_after: int = 5
    """Flood waits honoured per chat and run before leaving the chat for a later run."""
    max_runs: int = 3
    """Runs (claims) per chat and day before a transiently failing chat is marked failed."""
    stale_after: dt.timedelta = dt.timedelta(minutes=10)
    """A ``sending`` row older than this is treated as not sent (see the module docstring)."""


@dataclass
class RunReport:
    results: list[DeliveryResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def ok(self) -> bool:
        return not any(r.outcome in ("failed", "pending") for r in self.results)

    def summary(self) -> str:
        parts = [f"{o}={self.count(o)}" for o in ("sent", "skipped", "pending", "failed", "gone")]
        return " ".join(parts)


# -- content ----------------------------------------------------------------------------------


def order_facts(facts: Iterable[Fact], freshness: dict[str, tuple[str, str, int]]) -> list[Fact]:
    """Newest ingested article first, then newest published, then latest stored, then article
    and sentence order; one fact per key. ``freshness`` maps article id ->
    (ingested_at, published, rowid)."""
    ordered = sorted(facts, key=lambda f: (f.article, f.sentence_no, f.id or 0))
    # a stable sort, even reversed, keeps that order among facts of equally fresh articles
    ordered.sort(key=lambda f: freshness.get(f.article, ("", "", 0)), reverse=True)
    seen: set[str] = set()
    unique: list[Fact] = []
    for fact in ordered:
        key = fact_key(fact)
        if key not in seen:
            seen.add(key)
            unique.append(fact)
    return unique


def choose_facts(ordered: Sequence[Fact], sent: set[str], count: int) -> tuple[list[Fact], bool]:
    """The next ``count`` facts for a chat that has been sent ``sent``; the flag says a new
    cycle starts (every fact has been shown once)."""
    fresh = [f for f in ordered if fact_key(f) not in sent]
    if len(fresh) >= count:
        return fresh[:count], False
    taken = {fact_key(f) for f in fresh}
    rest = [f for f in ordered if fact_key(f) not in taken]
    return fresh + rest[: count - len(fresh)], True


def fact_html(number: int, fact: Fact) -> str:
    figure = fact.primary
    esc = html.escape
    prefix = messages.KIND_PREFIX.get(fact.kind, "")
    lines = [
        f"{number}. {esc(prefix)}<b>{esc(figure_text(figure))}</b> — {esc(fact.display_measure)}",
        f"{esc(fact.subject)} · {esc(period_text(fact, figure))}",
    ]
    source = fact.source
    if source is not None:
        cite = f"<i>{esc(messages.SOURCE_LABEL + source_text(source))}</i>"
        if source.url:
            cite += f' — <a href="{esc(source.url, quote=True)}">{esc(messages.DIGEST_LINK)}</a>'
        lines.append(cite)
    return "\n".join(lines)


def render_digest(facts: Sequence[Fact], day: dt.date) -> tuple[str, list[Fact]]:
    """The digest as Telegram HTML, and the facts that fit in one message."""
    head = f"<b>{html.escape(messages.DIGEST_TITLE.format(day=day.strftime('%d/%m/%Y')))}</b>"
    if not facts:
        return f"{head}\n\n{html.escape(messages.DIGEST_EMPTY)}", []
    kept: list[Fact] = []
    parts = [head]
    for fact in facts:
        block = fact_html(len(kept) + 1, fact)
        if len("\n\n".join([*parts, block])) > MAX_MESSAGE - 200:
            break
        parts.append(block)
        kept.append(fact)
    parts.append(html.escape(messages.DIGEST_FOOTER))
    return "\n\n".join(parts), kept


# -- the service ------------------------------------------------------------------------------


class Digests:
    """Subscriptions, fact choice and delivery state over the shared :class:`FactStore`."""

    def __init__(
        self,
        store: FactStore,
        *,
        clock: Clock = system_clock,
        sleep: Sleep = asyncio.sleep,
        policy: DeliveryPolicy | None = None,
        default_time: dt.time = dt.time(8, 0),
        default_count: int = 3,
    ) -> None:
        self.store = store
        self.db = store.db
        self.clock = clock
        self.sleep = sleep
        self.policy = policy or DeliveryPolicy()
        self.default_time = default_time
        self.default_count = default_count
        self._lock = asyncio.Lock()
        self._catalog: tuple[str, list[Fact]] | None = None

    @classmethod
    def from_settings(cls, store: FactStore, settings: Settings, **kwargs: Any) -> Digests:
        return cls(
            store,
            default_time=parse_time(settings.digest_default_time) or dt.time(8, 0),
            default_count=settings.digest_default_count,
            **kwargs,
        )

    def now(self) -> dt.datetime:
        return vn_time(self.clock())

    def today(self) -> dt.date:
        return self.now().date()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        # one connection is shared by every coroutine: serialise our transactions on it
        async with self._lock:
            for attempt in itertools.count():
                try:
                    await self.db.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    # another coroutine's open read on this connection saw an older snapshot
                    # (SQLITE_BUSY_SNAPSHOT skips the busy handler): wait for it, try again
                    if "locked" not in str(exc) or attempt >= 200:
                        raise
                    await asyncio.sleep(0.005 * min(attempt + 1, 10))
            try:
                yield
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise
            await self.db.execute("COMMIT")

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        async with self.db.execute(sql, params) as cur:
            return await cur.fetchone()

    # -- subscriptions ---------------------------------------------------------------------

    async def subscribe(
        self,
        chat_id: int,
        *,
        title: str = "",
        kind: str = "group",
        time: dt.time | None = None,
        count: int | None = None,
    ) -> Subscription:
        """Create or update (and reactivate) a chat's subscription. ``created_at`` becomes now,
        so a slot already past today is served from tomorrow on."""
        when = time or self.default_time
        number = max(1, min(MAX_COUNT, count or self.default_count))
        async with self._transaction():
            await self.db.execute(
                "INSERT INTO subscriptions (chat_id, title, kind, time, count, active, created_at)"
                " VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT(chat_id) DO UPDATE SET"
                " title = excluded.title, kind = excluded.kind, time = excluded.time,"
                " count = excluded.count, active = 1, created_at = excluded.created_at",
                (chat_id, title, kind, time_text(when), number, _iso(self.clock())),
            )
        found = await self.subscription(chat_id)
        assert found is not None
        return found

    async def unsubscribe(self, chat_id: int) -> bool:
        """Deactivate; False when the chat had no active subscription."""
        async with self._transaction():
            cur = await self.db.execute(
                "UPDATE subscriptions SET active = 0 WHERE chat_id = ? AND active = 1", (chat_id,)
            )
        return cur.rowcount > 0

    async def subscription(self, chat_id: int) -> Subscription | None:
        row = await self._one("SELECT * FROM subscriptions WHERE chat_id = ?", (chat_id,))
        return _subscription(row) if row else None

    async def subscriptions(self, *, active_only: bool = True) -> list[Subscription]:
        sql = "SELECT * FROM subscriptions"
        if active_only:
            sql += " WHERE active = 1"
        async with self.db.execute(sql + " ORDER BY time, chat_id") as cur:
            rows = await cur.fetchall()
        return [_subscription(r) for r in rows]

    async def migrate(self, old_chat_id: int, new_chat_id: int) -> bool:
        """Move a chat's subscription, deliveries and sent facts to its new id (a group that
        became a supergroup). A subscription already under the new id wins."""
        if old_chat_id == new_chat_id:
            return False
        async with self._transaction():
            cur = await self.db.execute(
                "UPDATE OR IGNORE subscriptions SET chat_id = ? WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
            moved = cur.rowcount > 0
            await self.db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_chat_id,))
            await self.db.execute(
                "UPDATE OR IGNORE deliveries SET chat_id = ? WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
            await self.db.execute("DELETE FROM deliveries WHERE chat_id = ?", (old_chat_id,))
            await self.db.execute(
                "UPDATE OR IGNORE sent_facts SET chat_id = ? WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
            await self.db.execute("DELETE FROM sent_facts WHERE chat_id = ?", (old_chat_id,))
        if moved:
            log.info("digest: chat %s migrated to %s", old_chat_id, new_chat_id)
        return moved

    # -- content ---------------------------------------------------------------------------

    async def catalog(self) -> list[Fact]:
        """Every fact in digest order, cached until an article changes."""
        row = await self._one(
            "SELECT count(*), group_concat(sig, ',') FROM"
            " (SELECT id || ':' || sha256 || ':' || ingested_at AS sig FROM articles ORDER BY id)"
        )
        signature = f"{row[0]}|{row[1]}" if row else ""
        if self._catalog is None or self._catalog[0] != signature:
            async with self.db.execute(
                "SELECT id, ingested_at, published, rowid FROM articles"
            ) as cur:
                rows = await cur.fetchall()
            freshness = {str(r[0]): (str(r[1] or ""), str(r[2] or ""), int(r[3])) for r in rows}
            self._catalog = (signature, order_facts(await self.store.facts(), freshness))
        return self._catalog[1]

    async def sent_keys(self, chat_id: int) -> set[str]:
        async with self.db.execute(
            "SELECT fact_key FROM sent_facts WHERE chat_id = ?", (chat_id,)
        ) as cur:
            return {str(r[0]) for r in await cur.fetchall()}

    async def next_facts(
        self, chat_id: int, count: int, catalog: Sequence[Fact] | None = None
    ) -> tuple[list[Fact], bool]:
        if catalog is None:
            catalog = await self.catalog()
        return choose_facts(catalog, await self.sent_keys(chat_id), count)

    async def preview(self, chat_id: int, count: int | None = None) -> str:
        """The digest this chat would get next, without recording anything."""
        if count is None:
            sub = await self.subscription(chat_id)
            count = sub.count if sub else self.default_count
        facts, _ = await self.next_facts(chat_id, count)
        return render_digest(facts, self.today())[0]

    # -- delivery state --------------------------------------------------------------------

    async def delivery(self, chat_id: int, day: dt.date | None = None) -> Delivery | None:
        row = await self._one(
            "SELECT * FROM deliveries WHERE chat_id = ? AND day = ?",
            (chat_id, (day or self.today()).isoformat()),
        )
        return _delivery(row) if row else None

    def _claimable(self, status: str | None, attempts: int, updated_at: str | None) -> bool:
        if status is None:
            return True
        if status == "pending":
            return attempts < self.policy.max_runs
        if status == "sending" and updated_at is not None:
            return self.clock() - _parse_iso(updated_at) >= self.policy.stale_after
        return False

    async def due(self, now: dt.datetime | None = None) -> list[Subscription]:
        """Active subscriptions whose slot today has passed (and that existed at that slot)
        and whose delivery for today is neither done nor in flight."""
        moment = vn_time(now or self.clock())
        day = moment.date()
        async with self.db.execute(
            "SELECT s.*, d.status AS d_status, d.attempts AS d_attempts,"
            " d.updated_at AS d_updated FROM subscriptions s LEFT JOIN deliveries d"
            " ON d.chat_id = s.chat_id AND d.day = ? WHERE s.active = 1 ORDER BY s.time, s.chat_id",
            (day.isoformat(),),
        ) as cur:
            rows = await cur.fetchall()
        found = []
        for row in rows:
            sub = _subscription(row)
            slot = sub.slot(day)
            if moment < slot or sub.created_at > slot:
                continue
            if self._claimable(row["d_status"], int(row["d_attempts"] or 0), row["d_updated"]):
                found.append(sub)
        return found

    async def claim(self, chat_id: int, day: dt.date) -> bool:
        """pending/stale -> sending, atomically; False when sent, failed or in flight."""
        async with self._transaction():
            row = await self._one(
                "SELECT status, attempts, updated_at FROM deliveries WHERE chat_id = ? AND day = ?",
                (chat_id, day.isoformat()),
            )
            if row is not None and not self._claimable(row[0], int(row[1]), row[2]):
                return False
            await self.db.execute(
                "INSERT INTO deliveries (chat_id, day, status, attempts, detail, updated_at)"
                " VALUES (?, ?, 'sending', 1, '', ?) ON CONFLICT(chat_id, day) DO UPDATE SET"
                " status = 'sending', attempts = attempts + 1, updated_at = excluded.updated_at",
                (chat_id, day.isoformat(), _iso(self.clock())),
            )
        return True

    async def _set_status(self, chat_id: int, day: dt.date, status: Status, detail: str) -> None:
        async with self._transaction():
            await self._write_status(chat_id, day, status, detail)

    async def _write_status(self, chat_id: int, day: dt.date, status: Status, detail: str) -> None:
        await self.db.execute(
            "INSERT INTO deliveries (chat_id, day, status, attempts, detail, updated_at)"
            " VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT(chat_id, day) DO UPDATE SET"
            " status = excluded.status, detail = excluded.detail, updated_at = excluded.updated_at",
            (chat_id, day.isoformat(), status, detail[:500], _iso(self.clock())),
        )

    async def mark_sent(
        self,
        chat_id: int,
        day: dt.date,
        facts: Sequence[Fact],
        message_id: int,
        *,
        new_cycle: bool = False,
    ) -> None:
        async with self._transaction():
            await self._write_status(chat_id, day, "sent", f"message_id={message_id}")
            if new_cycle:
                await self.db.execute("DELETE FROM sent_facts WHERE chat_id = ?", (chat_id,))
            await self.db.executemany(
                "INSERT OR REPLACE INTO sent_facts (chat_id, fact_key, day) VALUES (?, ?, ?)",
                [(chat_id, fact_key(f), day.isoformat()) for f in facts],
            )

    async def _chat_gone(self, chat_id: int, day: dt.date, detail: str) -> None:
        async with self._transaction():
            await self._write_status(chat_id, day, "failed", f"gone: {detail}")
            await self.db.execute(
                "UPDATE subscriptions SET active = 0 WHERE chat_id = ?", (chat_id,)
            )
        log.warning("digest: chat %s unsubscribed: %s", chat_id, detail)

    # -- delivering ------------------------------------------------------------------------

    async def deliver(
        self,
        chat_id: int,
        sender: Sender,
        *,
        day: dt.date | None = None,
        catalog: Sequence[Fact] | None = None,
    ) -> DeliveryResult:
        """Send today's digest to one chat, at most once per day (see the module docstring).
        ``catalog``: the facts in digest order, when a run over many chats loaded them once."""
        day = day or self.today()
        sub = await self.subscription(chat_id)
        if sub is None or not sub.active:
            return DeliveryResult(chat_id, "skipped", "not subscribed")
        if not await self.claim(chat_id, day):
            current = await self.delivery(chat_id, day)
            return DeliveryResult(chat_id, "skipped", current.status if current else "")
        try:
            return await self._send(sub, day, sender, catalog)
        except Exception as exc:  # anything unexpected: record it, never leave 'sending'
            log.exception("digest: sending to chat %s failed", chat_id)
            await self._set_status(chat_id, day, "failed", f"error: {exc!r}")
            return DeliveryResult(chat_id, "failed", repr(exc))

    async def _send(
        self, sub: Subscription, day: dt.date, sender: Sender, catalog: Sequence[Fact] | None
    ) -> DeliveryResult:
        target = sub.chat_id
        moved_from: int | None = None
        picked, new_cycle = await self.next_facts(target, sub.count, catalog)
        text, facts = render_digest(picked, day)
        if not facts:
            await self._set_status(target, day, "failed", "no facts")
            return DeliveryResult(target, "failed", "no facts")
        if len(facts) < len(picked):
            new_cycle = False  # the cut facts stay unsent; keep the current cycle
        tries = waits = moves = 0
        while True:
            try:
                message_id = await sender.send(target, text)
            except RetryLater as exc:
                waits += 1
                if waits > self.policy.max_retry_after:
                    return await self._later(target, day, str(exc), moved_from)
                await self.sleep(exc.seconds)
            except ChatMoved as exc:
                moves += 1
                if moves > 2:
                    await self._set_status(target, day, "failed", str(exc))
                    return DeliveryResult(target, "failed", str(exc), moved_from=moved_from)
                await self.migrate(target, exc.new_chat_id)
                moved_from, target = target, exc.new_chat_id
            except ChatGone as exc:
                await self._chat_gone(target, day, str(exc))
                return DeliveryResult(target, "gone", str(exc), moved_from=moved_from)
            except Transient as exc:
                tries += 1
                if tries >= self.policy.tries:
                    return await self._later(target, day, str(exc), moved_from)
                await self.sleep(self.policy.backoff * 2 ** (tries - 1))
            except Rejected as exc:
                await self._set_status(target, day, "failed", f"rejected: {exc}")
                return DeliveryResult(target, "failed", str(exc), moved_from=moved_from)
            else:
                await self.mark_sent(target, day, facts, message_id, new_cycle=new_cycle)
                return DeliveryResult(
                    target,
                    "sent",
                    message_id=message_id,
                    moved_from=moved_from,
                    facts=tuple(fact_key(f) for f in facts),
                )

    async def _later(
        self, chat_id: int, day: dt.date, detail: str, moved_from: int | None
    ) -> DeliveryResult:
        row = await self.delivery(chat_id, day)
        attempts = row.attempts if row else 1
        if attempts >= self.policy.max_runs:
            await self._set_status(chat_id, day, "failed", detail)
            return DeliveryResult(chat_id, "failed", detail, moved_from=moved_from)
        await self._set_status(chat_id, day, "pending", detail)
        return DeliveryResult(chat_id, "pending", detail, moved_from=moved_from)

    async def deliver_many(
        self,
        chat_ids: Iterable[int],
        sender: Sender,
        *,
        day: dt.date | None = None,
        concurrency: int = 8,
        keep_going: Callable[[], bool] = lambda: True,
        on_result: Callable[[DeliveryResult], Awaitable[None]] | None = None,
    ) -> RunReport:
        """Deliver to many chats with at most ``concurrency`` in flight; stops taking new chats
        once ``keep_going()`` is false (a graceful stop finishes the chats in flight)."""
        day = day or self.today()
        queue = list(chat_ids)
        queue.reverse()
        report = RunReport()
        if not queue:
            return report
        catalog = await self.catalog()

        async def worker() -> None:
            while queue and keep_going():
                result = await self.deliver(queue.pop(), sender, day=day, catalog=catalog)
                report.results.append(result)
                if on_result is not None:
                    await on_result(result)

        await asyncio.gather(*(worker() for _ in range(max(1, concurrency))))
        return report

    async def deliver_due(
        self,
        sender: Sender,
        *,
        concurrency: int = 8,
        keep_going: Callable[[], bool] = lambda: True,
        on_result: Callable[[DeliveryResult], Awaitable[None]] | None = None,
    ) -> RunReport:
        """Every subscriber whose time has come today and who has not been served."""
        now = self.now()
        subs = await self.due(now)
        return await self.deliver_many(
            [s.chat_id for s in subs],
            sender,
            day=now.date(),
            concurrency=concurrency,
            keep_going=keep_going,
            on_result=on_result,
        )


def _subscription(row: Any) -> Subscription:
    return Subscription(
        chat_id=int(row["chat_id"]),
        title=str(row["title"]),
        kind=str(row["kind"]),
        time=dt.time.fromisoformat(str(row["time"])),
        count=int(row["count"]),
        active=bool(row["active"]),
        created_at=_parse_iso(str(row["created_at"])),
    )


def _delivery(row: Any) -> Delivery:
    return Delivery(
        chat_id=int(row["chat_id"]),
        day=dt.date.fromisoformat(str(row["day"])),
        status=row["status"],
        attempts=int(row["attempts"]),
        detail=str(row["detail"]),
        updated_at=_parse_iso(str(row["updated_at"])),
    )


# -- command line -----------------------------------------------------------------------------


def telegram_sender(
    settings: Settings, *, rate_limited: bool = True
) -> AbstractAsyncContextManager[Sender]:
    """A :class:`Sender` over Telegram (``handlers.digest.telegram_sender``), reached through
    the composition root ``bot.app``, the only ``bot`` module that may know Telegram."""
    from bot import app as wiring

    return wiring.digest.telegram_sender(settings, rate_limited=rate_limited)


async def send_digests_now(settings: Settings, sender: Sender | None = None) -> int:
    """``python -m bot digest --now``: today's digest to every subscriber whose time has come
    and who has not been served today. Exit code 0 when none is left pending or failed.

    Without ``sender`` it sends through Telegram: ``handlers.digest.telegram_sender``, reached
    through the composition root ``bot.app`` (the only ``bot`` module that may know Telegram
    and the handlers)."""
    store = await FactStore.open(settings.bot_db)
    try:
        digests = Digests.from_settings(store, settings)
        if sender is not None:
            report = await digests.deliver_due(sender)
        else:
            async with telegram_sender(settings) as telegram:
                report = await digests.deliver_due(telegram, concurrency=16)
    finally:
        await store.close()
    for result in report.results:
        if result.outcome != "sent":
            print(f"{result.chat_id}: {result.outcome} {result.detail}", file=sys.stderr)
    print(f"bản tin {digests.today().isoformat()}: {report.summary()}")
    return 0 if report.ok else 1
