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

from bot.digest.content import (
    choose_facts,
    order_facts,
)
from bot.digest.delivery import (
    Digests,
)
from bot.digest.now import (
    send_digests_now,
)
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
    Outcome,
    Rejected,
    RetryLater,
    RunReport,
    Sender,
    SendError,
    Sleep,
    SlidingWindow,
    Status,
    Subscription,
    Transient,
    Unknown,
    parse_time,
    system_clock,
    time_text,
    vn_day,
    vn_time,
)

__all__ = [
    "LEASE",
    "MAX_COUNT",
    "VN_TZ",
    "ChatGone",
    "ChatMoved",
    "Clock",
    "Delivery",
    "DeliveryPolicy",
    "DeliveryResult",
    "Digests",
    "Outcome",
    "Rejected",
    "RetryLater",
    "RunReport",
    "SendError",
    "Sender",
    "Sleep",
    "SlidingWindow",
    "Status",
    "Subscription",
    "Transient",
    "Unknown",
    "choose_facts",
    "order_facts",
    "parse_time",
    "send_digests_now",
    "system_clock",
    "time_text",
    "vn_day",
    "vn_time",
]
