"""Logging for every entry point: one format, and nothing secret or personal in any line.

Every line the process writes through ``logging``, tracebacks included, passes through
:class:`RedactingFormatter`: the bot token (and anything shaped like a bot token, as Bot API
URLs carry it) is replaced, and Telegram user ids in logged payloads are replaced by a salted
hash, so a debug log never ties a question to a person. Uncaught exceptions, whose messages can
carry the token (python-telegram-bot's ``InvalidToken`` does), are logged the same way.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
import threading
from collections.abc import Iterable
from types import TracebackType

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
# "id": 123, 'id': 123, "user_id": 123, from_user=User(id=123 ... in logged payloads
_USER_ID = re.compile(r"""((?:["']?(?:user_)?id["']?\s*[:=]\s*))(\d{5,})""")
REDACTED = "<token>"


def _hash_id(match: re.Match[str]) -> str:
    digest = hashlib.sha256(f"egov-bot-log:{match.group(2)}".encode()).hexdigest()[:10]
    return f"{match.group(1)}#{digest}"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with secrets, token-shaped strings and user ids removed."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    text = TOKEN_SHAPE.sub(REDACTED, text)
    return _USER_ID.sub(_hash_id, text)


class RedactingFormatter(logging.Formatter):
    def __init__(self, secrets: Iterable[str] = (), fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self.secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


def configure(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Root logging to stderr through the redacting formatter; quiet HTTP client logs."""
    formatter = RedactingFormatter(secrets)
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    for handler in root.handlers:
        handler.setFormatter(formatter)
    root.setLevel(level.upper())
    # httpx logs every request URL (token included) at INFO; the formatter would redact it,
    # but the lines say nothing an operator needs.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    log = logging.getLogger("bot")

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.critical("unhandled error", exc_info=(kind, value, tb))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.critical(
                "unhandled error in thread %s",
                args.thread.name if args.thread else "?",
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )

    sys.excepthook = hook
    threading.excepthook = thread_hook
