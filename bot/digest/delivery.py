"""The delivery state machine: subscriptions, the sender's lease, claiming a chat's day,
sending and recording the outcome (:class:`Digests`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import secrets
import socket
import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.models import Fact
from bot.render import digest_html
from bot.store import FactStore, fact_key
from bot.store.chats import Chats

if TYPE_CHECKING:
    from bot.config import Settings

from bot.digest.content import choose_facts, order_facts
from bot.digest.policy import (
    LEASE,
    MAX_COUNT,
    VN_TZ,
    ChatGone,
    ChatMoved,
    Clock,
    Delivery,
    DeliveryPolicy,
    DeliveryResult,
    Rejected,
    RetryLater,
    RunReport,
    Sender,
    Sleep,
    SlidingWindow,
    Status,
    Subscription,
    Transient,
    Unknown,
    _parse_iso,
    parse_time,
    system_clock,
    time_text,
    vn_time,
)

log = logging.getLogger(__name__)


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
        tz: dt.tzinfo = VN_TZ,
        holder: str | None = None,
    ) -> None:
        self.store = store
        self.chats = Chats(store.db)
        self.clock = clock
        self.sleep = sleep
        self.policy = policy or DeliveryPolicy()
        self.default_time = default_time
        self.default_count = default_count
        self.tz = tz
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self._catalog: tuple[str, list[Fact]] | None = None
        self.rate = SlidingWindow(self.policy.per_second)

    @classmethod
    def from_settings(cls, store: FactStore, settings: Settings, **kwargs: Any) -> Digests:
        return cls(
            store,
            default_time=parse_time(settings.digest_default_time) or dt.time(8, 0),
            default_count=settings.digest_default_count,
            tz=ZoneInfo(settings.timezone),
            **kwargs,
        )

    def now(self) -> dt.datetime:
        return vn_time(self.clock(), self.tz)

    def today(self) -> dt.date:
        return self.now().date()

    # -- one sender at a time ----------------------------------------------------------------

    async def acquire_lease(self) -> bool:
        """Take or renew the digest sender's lease; False while another live process holds it.
        A holder that stops renewing (it died) loses the lease when it expires."""
        now = self.clock()

        def held_elsewhere(holder: str, expires_at: str) -> bool:
            return holder != self.holder and _parse_iso(expires_at) > now and _alive(holder)

        return await self.chats.take_lease(
            LEASE, self.holder, now + self.policy.lease_ttl, held_elsewhere
        )

    async def release_lease(self) -> None:
        await self.chats.release_lease(LEASE, self.holder)

    async def lease_holder(self) -> str | None:
        """The live holder of the sender's lease, if any."""
        row = await self.chats.lease(LEASE)
        if row is None or _parse_iso(row[1]) <= self.clock() or not _alive(row[0]):
            return None
        return row[0]

    async def settle_orphans(self) -> int:
        """``sending`` rows of a process that no longer holds the lease were in flight when it
        stopped: their outcome is unknown, so they become ``uncertain`` (never resent)."""
        count = await self.chats.settle_orphans(f"holder={self.holder}", self.clock)
        if count:
            log.warning("digest: %d sends were in flight when a sender stopped", count)
        return count

    async def request_run(self) -> int:
        """Ask the process holding the lease to serve every subscriber now; the request's id."""
        return await self.chats.add_request(self.clock)

    async def open_requests(self) -> list[int]:
        return await self.chats.open_requests()

    async def close_requests(self, ids: Sequence[int]) -> None:
        await self.chats.close_requests(ids, self.clock)

    async def request_done(self, request_id: int) -> bool:
        return await self.chats.request_done(request_id)

    async def day_counts(self, day: dt.date | None = None) -> dict[str, int]:
        """Deliveries of a day by status (sent, uncertain, failed, pending, sending)."""
        return await self.chats.day_counts(day or self.today())

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
        await self.chats.subscribe(
            chat_id, title=title, kind=kind, time=time_text(when), count=number, clock=self.clock
        )
        found = await self.subscription(chat_id)
        assert found is not None
        return found

    async def unsubscribe(self, chat_id: int) -> bool:
        """Deactivate; False when the chat had no active subscription."""
        return await self.chats.unsubscribe(chat_id)

    async def subscription(self, chat_id: int) -> Subscription | None:
        row = await self.chats.subscription(chat_id)
        return _subscription(row) if row else None

    async def subscriptions(self, *, active_only: bool = True) -> list[Subscription]:
        rows = await self.chats.subscriptions(active_only=active_only)
        return [_subscription(r) for r in rows]

    async def migrate(self, old_chat_id: int, new_chat_id: int) -> bool:
        """Move a chat's subscription, deliveries and sent facts to its new id (a group that
        became a supergroup). A subscription already under the new id wins."""
        if old_chat_id == new_chat_id:
            return False
        moved = await self.chats.migrate(old_chat_id, new_chat_id)
        if moved:
            log.info("digest: chat %s migrated to %s", old_chat_id, new_chat_id)
        return moved

    # -- content ---------------------------------------------------------------------------

    async def catalog(self) -> list[Fact]:
        """Every fact in digest order, cached until an article changes."""
        signature = await self.chats.articles_signature()
        if self._catalog is None or self._catalog[0] != signature:
            freshness = await self.chats.article_freshness()
            self._catalog = (signature, order_facts(await self.store.facts(), freshness))
        return self._catalog[1]

    async def sent_keys(self, chat_id: int) -> set[str]:
        return await self.chats.sent_keys(chat_id)

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
        return digest_html(facts, self.today())[0]

    # -- delivery state --------------------------------------------------------------------

    async def delivery(self, chat_id: int, day: dt.date | None = None) -> Delivery | None:
        row = await self.chats.delivery(chat_id, day or self.today())
        return _delivery(row) if row else None

    def _claimable(self, status: str | None, attempts: int, updated_at: str | None) -> bool:
        """Never attempted, or left pending by a send that certainly failed (retried after
        :attr:`DeliveryPolicy.retry_every`)."""
        if status is None:
            return True
        if status != "pending" or attempts >= self.policy.max_runs:
            return False
        if updated_at is None or attempts == 0:
            return True
        return self.clock() - _parse_iso(updated_at) >= self.policy.retry_every

    async def due(
        self, now: dt.datetime | None = None, *, any_time: bool = False
    ) -> list[Subscription]:
        """Active subscriptions whose slot today has passed (and that existed at that slot),
        or all active ones with ``any_time``, whose delivery for today is not done, in flight,
        uncertain or failed."""
        moment = vn_time(now or self.clock(), self.tz)
        day = moment.date()
        rows = await self.chats.active_with_delivery(day)
        found = []
        for row in rows:
            sub = _subscription(row)
            slot = sub.slot(day, self.tz)
            if not any_time and (moment < slot or sub.created_at > slot):
                continue
            if self._claimable(row["d_status"], int(row["d_attempts"] or 0), row["d_updated"]):
                found.append(sub)
        return found

    async def claim(self, chat_id: int, day: dt.date) -> bool:
        """pending/stale -> sending, atomically; False when sent, failed or in flight."""
        return await self.chats.claim(
            chat_id, day, f"holder={self.holder}", self._claimable, self.clock
        )

    async def _set_status(self, chat_id: int, day: dt.date, status: Status, detail: str) -> None:
        await self.chats.set_status(chat_id, day, status, detail, self.clock)

    async def mark_sent(
        self,
        chat_id: int,
        day: dt.date,
        facts: Sequence[Fact],
        message_id: int,
        *,
        new_cycle: bool = False,
    ) -> None:
        await self.chats.mark_sent(
            chat_id,
            day,
            f"message_id={message_id}",
            [fact_key(f) for f in facts],
            new_cycle=new_cycle,
            clock=self.clock,
        )

    async def _chat_gone(self, chat_id: int, day: dt.date, detail: str) -> None:
        await self.chats.fail_and_unsubscribe(chat_id, day, f"gone: {detail}", self.clock)
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
        if not await self.acquire_lease():
            return DeliveryResult(chat_id, "skipped", "another process sends the digests")
        # The send's slot is taken before the claim, so a chat is marked in flight only when
        # its request is about to leave.
        await self.rate.acquire()
        if not await self.claim(chat_id, day):
            current = await self.delivery(chat_id, day)
            return DeliveryResult(chat_id, "skipped", current.status if current else "")
        try:
            return await self._send(sub, day, sender, catalog)
        except Exception as exc:  # anything unexpected: it may have been sent; never resend
            log.exception("digest: sending to chat %s failed", chat_id)
            await self._set_status(chat_id, day, "uncertain", f"error: {exc!r}")
            return DeliveryResult(chat_id, "uncertain", repr(exc))

    async def _send(
        self, sub: Subscription, day: dt.date, sender: Sender, catalog: Sequence[Fact] | None
    ) -> DeliveryResult:
        target = sub.chat_id
        moved_from: int | None = None
        picked, new_cycle = await self.next_facts(target, sub.count, catalog)
        text, facts = digest_html(picked, day)
        if not facts:
            await self._set_status(target, day, "failed", "no facts")
            return DeliveryResult(target, "failed", "no facts")
        if len(facts) < len(picked):
            new_cycle = False  # the cut facts stay unsent; keep the current cycle
        tries = waits = moves = 0
        first = True
        while True:
            if not first:
                await self.rate.acquire()
            first = False
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
            except Unknown as exc:
                # The request left; the message may have arrived: never send it again today.
                await self._set_status(target, day, "uncertain", f"unknown: {exc}")
                log.warning("digest: outcome unknown for chat %s: %s", target, exc)
                return DeliveryResult(target, "uncertain", str(exc), moved_from=moved_from)
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
        concurrency: int | None = None,
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

        workers = max(1, concurrency or self.policy.concurrency)
        await asyncio.gather(*(worker() for _ in range(workers)))
        return report

    async def deliver_due(
        self,
        sender: Sender,
        *,
        concurrency: int | None = None,
        keep_going: Callable[[], bool] = lambda: True,
        on_result: Callable[[DeliveryResult], Awaitable[None]] | None = None,
        any_time: bool = False,
    ) -> RunReport:
        """Every subscriber whose time has come today (every one with ``any_time``) and who has
        not been served; nothing unless this process holds the sender's lease."""
        if not await self.acquire_lease():
            return RunReport()
        await self.settle_orphans()
        now = self.now()
        subs = await self.due(now, any_time=any_time)
        return await self.deliver_many(
            [s.chat_id for s in subs],
            sender,
            day=now.date(),
            concurrency=concurrency,
            keep_going=keep_going,
            on_result=on_result,
        )


def _alive(holder: str) -> bool:
    """Whether a lease holder ("host:pid:tag") may still be running: a process of this host
    that has exited is known dead, so its lease is free at once, not when it expires."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _subscription(row: sqlite3.Row) -> Subscription:
    return Subscription(
        chat_id=int(row["chat_id"]),
        title=str(row["title"]),
        kind=str(row["kind"]),
        time=dt.time.fromisoformat(str(row["time"])),
        count=int(row["count"]),
        active=bool(row["active"]),
        created_at=_parse_iso(str(row["created_at"])),
    )


def _delivery(row: sqlite3.Row) -> Delivery:
    return Delivery(
        chat_id=int(row["chat_id"]),
        day=dt.date.fromisoformat(str(row["day"])),
        status=row["status"],
        attempts=int(row["attempts"]),
        detail=str(row["detail"]),
        updated_at=_parse_iso(str(row["updated_at"])),
    )
