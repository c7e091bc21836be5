"""Daily digests: what goes into a chat's digest, subscriptions, and delivery state.

Telegram-free: sending goes through the :class:`Sender` protocol, whose errors are the
:class:`SendError` family below; ``handlers/digest.py`` maps python-telegram-bot's exceptions
onto them, tests use a fake sender.

Choosing facts. A chat is shown facts it has not been sent yet (``sent_facts``), those of the
most recently ingested articles first, then newest published, then article and sentence order.
When fewer unsent facts remain than the chat asked for, the cycle starts over: the chat's
``sent_facts`` are cleared and the digest is topped up from the beginning, so no fact repeats
until every fact has been shown once.

Delivery policy: at most one digest per chat per day. Telegram's ``sendMessage`` has no
idempotency key and a bot cannot read back what it sent, so a send whose outcome is unknown is
never repeated: it is recorded as ``uncertain`` and reported to operators. One row per chat and
day (in the configured time zone) in ``deliveries``::

    (no row) / pending --claim--> sending --accepted--> sent
                                          --certainly not sent--> pending (retried) | failed
                                          --outcome unknown--> uncertain (never resent)

* Certainly not sent, so retried: the connection was refused or timed out before the request
  left, Telegram answered 429 (flood wait), 5xx, or a 400 that is not the message's fault.
  Retries back off within a run; a chat still failing is left ``pending`` for the next sweep
  (``failed`` after :attr:`DeliveryPolicy.max_runs` runs).
* Outcome unknown, so never resent: the request left and no answer came (a read timeout, a
  connection reset after the request was written), or the process died while the send was in
  flight. Sends get a long read timeout (:attr:`DeliveryPolicy.read_timeout`), so a slow
  Telegram is waited out rather than turned into an unknown, and at most
  :attr:`DeliveryPolicy.concurrency` sends are in flight, so a crash can leave only that many
  chats ``uncertain``.
* One sender at a time: a process delivers digests only while it holds the ``digests`` lease in
  the store (renewed every few seconds), so two processes never serve the same chat and their
  sends never add up beyond Telegram's 30 messages a second. ``sending`` rows left by a process
  that no longer holds the lease were in flight when it died: they become ``uncertain``; chats
  never attempted are served at once by the next holder.
* ``claim`` runs in a ``BEGIN IMMEDIATE`` transaction; after Telegram accepts the message, the
  row becomes ``sent`` with the message id and the fact keys in one transaction.
* Other answers: :class:`RetryLater` waits and retries; :class:`ChatMoved` moves the chat's
  subscription, deliveries and sent facts to the new id and resends there; :class:`ChatGone`
  unsubscribes the chat; :class:`Rejected` (the message itself was refused) marks the day
  ``failed``.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import html
import logging
import os
import re
import secrets
import socket
import sqlite3
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol
from zoneinfo import ZoneInfo

from bot import messages
from bot.models import Fact
from bot.queries import TELEGRAM_LIMIT
from bot.render import figure_text, period_text, source_text
from bot.store import FactStore, fact_key
from bot.store.chats import Chats

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_COUNT = 10

Clock = Callable[[], dt.datetime]
Sleep = Callable[[float], Awaitable[None]]
Status = Literal["pending", "sending", "sent", "failed", "uncertain"]
Outcome = Literal["sent", "skipped", "pending", "failed", "gone", "uncertain"]
LEASE = "digests"


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def vn_time(moment: dt.datetime, tz: dt.tzinfo = VN_TZ) -> dt.datetime:
    return moment.astimezone(tz)


def vn_day(moment: dt.datetime, tz: dt.tzinfo = VN_TZ) -> dt.date:
    """The calendar date of an aware moment in ``tz``: the ``day`` of a delivery."""
    return vn_time(moment, tz).date()


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
    """Certainly not delivered (refused connection, 5xx, a 400 not about the message): worth
    retrying."""


class Unknown(SendError):
    """The request left and no answer came: the message may have arrived. Never resent."""


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

    def slot(self, day: dt.date, tz: dt.tzinfo = VN_TZ) -> dt.datetime:
        """When this chat's digest is due on ``day`` (in the configured time zone)."""
        return dt.datetime.combine(day, self.time, tzinfo=tz)


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
    """Attempts per run on sends that certainly failed."""
    backoff: float = 1.0
    """First wait between such attempts, in seconds; doubles each time."""
    max_retry_after: int = 5
    """Flood waits honoured per chat and run before leaving the chat for a later run."""
    max_runs: int = 3
    """Runs (claims) per chat and day before a failing chat is marked failed."""
    concurrency: int = 4
    """Sends in flight at once: the most a crash can leave uncertain."""
    read_timeout: float = 60.0
    """How long a send waits for Telegram's answer before its outcome counts as unknown."""
    lease_ttl: dt.timedelta = dt.timedelta(seconds=15)
    """How long the sender's lease lasts without renewal (renewed every few seconds)."""
    retry_every: dt.timedelta = dt.timedelta(minutes=1)
    """How long a chat left pending waits before the next run tries again."""
    per_second: int = 25
    """Digest sends in any one second, below Telegram's 30 messages a second so that answers
    to users still fit beside a digest run."""


@dataclass
class RunReport:
    results: list[DeliveryResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def ok(self) -> bool:
        return not any(r.outcome in ("failed", "pending") for r in self.results)

    def summary(self) -> str:
        outcomes: tuple[Outcome, ...] = (
            "sent",
            "skipped",
            "pending",
            "failed",
            "gone",
            "uncertain",
        )
        return " ".join(f"{o}={self.count(o)}" for o in outcomes)


class SlidingWindow:
    """At most ``limit`` acquisitions in any ``window`` seconds (a burst never exceeds it,
    unlike a leaky bucket that lets a full bucket out at once and then refills)."""

    def __init__(self, limit: int, window: float = 1.0) -> None:
        self.limit = max(1, limit)
        self.window = window
        self._times: collections.deque[float] = collections.deque()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            loop = asyncio.get_running_loop()
            while True:
                now = loop.time()
                while self._times and now - self._times[0] >= self.window:
                    self._times.popleft()
                if len(self._times) < self.limit:
                    self._times.append(now)
                    return
                await asyncio.sleep(self.window - (now - self._times[0]) + 0.001)


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
        if fact.primary.unit in ("date", "document"):
            continue  # a date or a decree number is context, not a figure for a digest
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
    parts: list[str] = []
    for fact in facts:
        block = fact_html(len(kept) + 1, fact)
        if len("\n\n".join([head, *parts, block])) > TELEGRAM_LIMIT - 400:
            break
        parts.append(block)
        kept.append(fact)
    # The digest is dated today; its figures are not: say how old they are.
    years = sorted({f.period[:4] for f in kept if f.period and f.period[:4].isdigit()})
    age = messages.DIGEST_AGE.format(years=", ".join(years)) if years else ""
    top = f"{head}\n<i>{html.escape(age)}</i>" if age else head
    return "\n\n".join([top, *parts, html.escape(messages.DIGEST_FOOTER)]), kept


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
        return render_digest(facts, self.today())[0]

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
        text, facts = render_digest(picked, day)
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


# -- command line -----------------------------------------------------------------------------


async def send_digests_now(
    settings: Settings,
    sender: Sender | None = None,
    *,
    open_sender: Callable[[], AbstractAsyncContextManager[Sender]] | None = None,
    wait: float = 600.0,
) -> int:
    """``python -m bot digest --now``: today's digest to every active subscriber not yet
    served today, whatever its chosen time. When a running bot holds the sender's lease, the
    bot is asked to do it (one sender at a time) and this waits for it. Exit code 0 when no
    chat is left pending or failed. ``sender`` sends; else ``open_sender`` opens one (the
    command line passes Telegram's, so this module never knows Telegram)."""
    if sender is None and (open_sender is None or settings.telegram_bot_token is None):
        print(messages.DIGEST_NEEDS_TOKEN, file=sys.stderr)
        return 2
    store = await FactStore.open(settings.bot_db)
    try:
        digests = Digests.from_settings(store, settings)
        holder = await digests.lease_holder()
        if holder is not None and holder != digests.holder:
            request = await digests.request_run()
            print(messages.DIGEST_HANDED_OVER)
            deadline = asyncio.get_running_loop().time() + wait
            while not await digests.request_done(request):
                if asyncio.get_running_loop().time() > deadline:
                    print(messages.DIGEST_HANDOVER_TIMEOUT, file=sys.stderr)
                    return 1
                await asyncio.sleep(1.0)
            counts = await digests.day_counts()
            print(_counts_line(digests.today(), counts))
            return 0 if not counts.get("failed") and not counts.get("pending") else 1
        try:
            if sender is not None:
                report = await digests.deliver_due(sender, any_time=True)
            else:
                assert open_sender is not None
                async with open_sender() as opened:
                    report = await digests.deliver_due(opened, any_time=True)
        finally:
            await digests.release_lease()
    finally:
        await store.close()
    for result in report.results:
        if result.outcome != "sent":
            print(f"{result.chat_id}: {result.outcome} {result.detail}", file=sys.stderr)
    print(f"bản tin {digests.today().isoformat()}: {report.summary()}")
    return 0 if report.ok else 1


def _counts_line(day: dt.date, counts: dict[str, int]) -> str:
    parts = " ".join(f"{k}={counts.get(k, 0)}" for k in ("sent", "uncertain", "failed", "pending"))
    return f"bản tin {day.isoformat()}: {parts}"
