"""The delivery policy's terms: time of day in the configured zone, the send errors a
:class:`Sender` raises, subscriptions, deliveries and their outcomes, the policy's limits.

The policy itself is told in the package's docstring (``bot.digest``).
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    pass


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
