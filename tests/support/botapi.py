"""A local stand-in for the Telegram Bot API HTTP server, for tests.

The real python-telegram-bot stack (``Application``, ``ExtBot``, ``HTTPXRequest``,
``AIORateLimiter``) talks to :class:`FakeBotAPI` over HTTP on 127.0.0.1, so nothing in a test
ever reaches Telegram. The stand-in keeps the parts of Telegram's behaviour a bot relies on:

* long polling (``getUpdates`` with ``offset``/``limit``/``timeout``/``allowed_updates``) that
  answers as soon as an update is injected, and the 409 conflict when a second poller appears;
* realistic ``Message``/``Chat``/``User``/``ChatMember`` JSON, increasing ``message_id``s;
* Telegram's error answers (``{"ok": false, "error_code": ..., "description": ...}``) for the
  usual bot bugs: unknown chats, blocked users, kicked bots, migrated groups, unparsable
  HTML/MarkdownV2, over-long texts, bad ``callback_data``, stale callback/inline query ids,
  "message is not modified";
* fault injection (429 flood waits, 403, migrate errors, dropped connections) and optional
  flood limits, plus a timestamp for every request so rates can be measured.

Usage::

    async with FakeBotAPI() as api:
        app = api.application_builder().build()
        app.add_handler(...)
        async with run_polling(app):
            api.send_text("/start", user_id=42)
            call = await api.wait_for("sendMessage", lambda p: p["chat_id"] == 42)
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import math
import mimetypes
import re
import socket
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Final, TypeAlias

import pytest_asyncio
from aiohttp import BodyPartReader, web
from telegram.ext import Application, ApplicationBuilder

JSONDict: TypeAlias = dict[str, Any]
ChatId: TypeAlias = int | str
AnyApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
AnyApplicationBuilder: TypeAlias = ApplicationBuilder[Any, Any, Any, Any, Any, Any]

__all__ = [
    "CHANNEL_BOT_ID",
    "DEFAULT_CHANNEL_ID",
    "DEFAULT_GROUP_ID",
    "DEFAULT_SUPERGROUP_ID",
    "DEFAULT_USER_ID",
    "GROUP_ANONYMOUS_BOT_ID",
    "ApiCall",
    "FakeBotAPI",
    "FakeBotAPIError",
    "SentMessage",
    "StoredFile",
    "UploadedFile",
    "fake_bot_api",
    "run_polling",
]

GROUP_ANONYMOUS_BOT_ID: Final = 1087968824
CHANNEL_BOT_ID: Final = 136817688
DEFAULT_USER_ID: Final = 1001
DEFAULT_GROUP_ID: Final = -400123456
DEFAULT_SUPERGROUP_ID: Final = -1001234567890
DEFAULT_CHANNEL_ID: Final = -1009876543210

MEMBER_STATUSES: Final = frozenset(
    {"creator", "administrator", "member", "restricted", "left", "kicked"}
)
#: Update types Telegram does not deliver unless asked for explicitly in ``allowed_updates``.
NOT_DELIVERED_BY_DEFAULT: Final = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)
#: Methods counted by :meth:`FakeBotAPI.enforce_flood_limits`.
FLOOD_METHODS: Final = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    }
)
# Form/multipart values arrive as strings; PTB JSON-encodes everything that is not a string.
# These parameters are strings even when they look like JSON ("123", "true").
_STRING_PARAMS: Final = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "url",
        "description",
        "short_description",
        "name",
        "title",
        "next_offset",
        "switch_pm_text",
        "switch_pm_parameter",
        "language_code",
        "file_id",
        "photo",
        "document",
        "action",
        "secret_token",
        "ip_address",
        "custom_title",
        "message_effect_id",
        "business_connection_id",
        "emoji",
    }
)
_ADMIN_RIGHTS: Final = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
    "can_manage_topics",
)
_RESTRICTED_RIGHTS: Final = (
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_send_messages",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_manage_topics",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_edit_tag",
    "can_react_to_messages",
)
_INLINE_BUTTON_ACTIONS: Final = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)
_STALE_QUERY: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
_COMMAND_RE: Final = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w@])")
_MENTION_RE: Final = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{4,32}(?!\w)")
_URL_RE: Final = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")
_TOKEN_SHAPE_RE: Final = re.compile(r"\d+:[A-Za-z0-9_-]+")


class FakeBotAPIError(AssertionError):
    """Raised for bugs in tests or in the stand-in itself (never for Bot API errors)."""


class _ApiError(Exception):
    """A Bot API error answer: HTTP status ``code`` and Telegram's ``description``."""

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass(slots=True)
class UploadedFile:
    """A file part of a multipart request (e.g. the ``photo`` of ``sendPhoto``)."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass(slots=True)
class ApiCall:
    """One request the bot made. Unpacks like the tuple ``(method, params)``.

    ``status`` is the HTTP status answered: 200 for success, the error code for Bot API errors,
    0 when the connection was dropped. ``at`` is ``time.monotonic()`` on arrival.
    Uploaded files appear in ``params`` (and ``files``) as :class:`UploadedFile`.
    """

    method: str
    params: JSONDict
    files: dict[str, UploadedFile]
    at: float
    status: int = 0
    result: Any = None

    def __iter__(self) -> Iterator[Any]:
        yield self.method
        yield self.params

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def chat_id(self) -> ChatId | None:
        value = self.params.get("chat_id")
        return None if value is None else _norm_chat_id(value)


@dataclass(slots=True)
class SentMessage:
    """A message the bot sent (sendMessage/sendPhoto/sendDocument), kept current on edits.

    ``text`` is the raw text/caption exactly as the bot sent it (HTML/Markdown included);
    ``plain`` is the text Telegram shows after parsing the markup.
    """

    method: str
    chat_id: int
    message_id: int
    text: str | None
    parse_mode: str | None
    reply_markup: JSONDict | None
    params: JSONDict
    message: JSONDict
    at: float
    photo: bytes | None = None
    document: bytes | None = None
    filename: str | None = None
    deleted: bool = False
    history: list[JSONDict] = field(default_factory=list)

    @property
    def plain(self) -> str | None:
        value = self.message.get("text", self.message.get("caption"))
        return None if value is None else str(value)

    @property
    def buttons(self) -> list[JSONDict]:
        """Inline keyboard buttons, flattened row by row."""
        markup = self.reply_markup or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    @property
    def callback_data(self) -> list[str]:
        return [str(b["callback_data"]) for b in self.buttons if "callback_data" in b]


@dataclass(slots=True)
class StoredFile:
    """A file the stand-in can serve via ``getFile`` and ``/file/bot<token>/<path>``."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None
    mime_type: str | None


@dataclass(slots=True)
class _Fault:
    method: str | None  # lower-case; None matches every method
    chat_id: ChatId | None
    error_code: int
    description: str
    parameters: JSONDict | None
    times: int | None  # None: forever
    drop: bool = False


@dataclass(slots=True)
class _AfterFault:
    """Applied after the call was carried out (the message exists): what the client sees."""

    method: str | None
    chat_id: ChatId | None
    kind: str  # "reset": close the connection unanswered; "slow": answer after ``seconds``
    seconds: float
    times: int | None


@dataclass(slots=True)
class _FloodLimits:
    overall_per_second: int | None
    group_per_minute: int | None
    chat_per_second: int | None
    overall: deque[float] = field(default_factory=deque)
    per_chat: dict[ChatId, deque[float]] = field(default_factory=dict)


def _norm_chat_id(value: Any) -> ChatId:
    if isinstance(value, bool):
        raise _ApiError(400, "Bad Request: chat not found")
    if isinstance(value, int):
        return value
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        return text.lower()


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_form_value(key: str, value: str) -> Any:
    if key in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _auto_entities(text: str) -> list[JSONDict]:
    """Entities Telegram adds to a user's text: bot commands, @mentions and URLs."""
    found: list[tuple[int, int, str]] = []
    for regex, kind in ((_COMMAND_RE, "bot_command"), (_MENTION_RE, "mention"), (_URL_RE, "url")):
        found.extend((m.start(), m.end(), kind) for m in regex.finditer(text))
    found.sort()
    entities: list[JSONDict] = []
    last_end = 0
    for start, end, kind in found:
        if start < last_end:
            continue
        entities.append(
            {
                "type": kind,
                "offset": _utf16_len(text[:start]),
                "length": _utf16_len(text[start:end]),
            }
        )
        last_end = end
    return entities


class _HtmlEntityParser(HTMLParser):
    """Telegram's HTML parse mode: the plain text, its entities, or Telegram's error."""

    _SIMPLE: Final = {
        "b": "bold",
        "strong": "bold",
        "i": "italic",
        "em": "italic",
        "u": "underline",
        "ins": "underline",
        "s": "strikethrough",
        "strike": "strikethrough",
        "del": "strikethrough",
        "tg-spoiler": "spoiler",
        "code": "code",
        "pre": "pre",
        "blockquote": "blockquote",
        "tg-emoji": "custom_emoji",
        "a": "text_link",
        "span": "spoiler",
    }

    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=True)
        self._raw = raw
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self._parts: list[str] = []
        self._pos = 0
        self._stack: list[tuple[str, int, dict[str, str | None]]] = []
        self.entities: list[JSONDict] = []

    def parse(self) -> tuple[str, list[JSONDict]]:
        self.feed(self._raw)
        self.close()
        if self._stack:
            tag = self._stack[-1][0]
            self._fail(f'Can\'t find end tag corresponding to start tag "{tag}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self._parts), self.entities

    def _fail(self, message: str) -> None:
        raise _ApiError(400, f"Bad Request: can't parse entities: {message}")

    def _byte_offset(self) -> int:
        line, col = self.getpos()
        index = self._line_starts[line - 1] + col
        return len(self._raw[:index].encode())

    def _text(self, text: str) -> None:
        self._parts.append(text)
        self._pos += _utf16_len(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag not in self._SIMPLE:
            self._fail(f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}')
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            self._fail(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self._byte_offset()}'
            )
        self._stack.append((tag, self._pos, attributes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._fail(f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}')

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            self._fail(f"Unexpected end tag at byte offset {self._byte_offset()}")
        open_tag, start, attributes = self._stack.pop()
        if open_tag != tag:
            self._fail(
                f"Unmatched end tag at byte offset {self._byte_offset()}, "
                f'expected "</{open_tag}>", found "</{tag}>"'
            )
        length = self._pos - start
        if length <= 0:
            return
        entity: JSONDict = {"type": self._SIMPLE[tag], "offset": start, "length": length}
        if tag == "a":
            href = attributes.get("href")
            if not href:
                return
            entity["url"] = href
        elif tag == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        elif tag == "tg-emoji":
            entity["custom_emoji_id"] = attributes.get("emoji-id") or ""
        elif tag == "code" and self._stack and self._stack[-1][0] == "pre":
            language = attributes.get("class") or ""
            if language.startswith("language-"):
                self._stack[-1][2]["language"] = language.removeprefix("language-")
                return
        elif tag == "pre" and attributes.get("language"):
            entity["language"] = attributes["language"]
        self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self._text(data)


def _parse_html(text: str) -> tuple[str, list[JSONDict]]:
    return _HtmlEntityParser(text).parse()


def _parse_markdown_v2(text: str) -> str:
    """Validate MarkdownV2 like Telegram does (reserved characters, unclosed entities) and
    return the plain text. Entities are not computed."""

    def fail(message: str) -> None:
        raise _ApiError(400, f"Bad Request: can't parse entities: {message}")

    def find_unescaped(needle: str, start: int) -> int:
        i = start
        while i < len(text):
            if text[i] == "\\":
                i += 2
                continue
            if text.startswith(needle, i):
                return i
            i += 1
        return -1

    def byte_offset(i: int) -> int:
        return len(text[:i].encode())

    out: list[str] = []
    counts = {"*": 0, "_": 0, "~": 0, "||": 0}
    brackets = 0
    line_start = True
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 < len(text):
                out.append(text[i + 1])
            i += 2
            line_start = False
            continue
        if char == "`":
            delimiter = "```" if text.startswith("```", i) else "`"
            end = find_unescaped(delimiter, i + len(delimiter))
            if end < 0:
                kind = "Pre" if delimiter == "```" else "Code"
                fail(f"Can't find end of {kind} entity at byte offset {byte_offset(i)}")
            body = text[i + len(delimiter) : end]
            if delimiter == "```" and "\n" in body:
                first, rest = body.split("\n", 1)
                if first and " " not in first:
                    body = rest
            out.append(re.sub(r"\\(.)", r"\1", body))
            i = end + len(delimiter)
            line_start = False
            continue
        if char == "[":
            brackets += 1
        elif char == "]":
            if brackets == 0:
                fail("Character ']' is reserved and must be escaped with the preceding '\\'")
            brackets -= 1
            if text.startswith("(", i + 1):
                end = find_unescaped(")", i + 2)
                if end < 0:
                    fail(f"Can't find end of a URL at byte offset {byte_offset(i + 1)}")
                i = end + 1
                line_start = False
                continue
        elif char == "|" and text.startswith("||", i):
            counts["||"] += 1
            i += 2
            continue
        elif char in "*_~":
            counts[char] += 1
        elif char == ">" and line_start:
            pass
        elif char in "#+-={}.!()|>":
            fail(f"Character '{char}' is reserved and must be escaped with the preceding '\\'")
        else:
            out.append(char)
        line_start = char == "\n"
        i += 1
    names = {"*": "Bold", "_": "Italic", "~": "Strikethrough", "||": "Spoiler"}
    for marker, count in counts.items():
        if count % 2:
            fail(f"Can't find end of {names[marker]} entity at byte offset {len(text.encode())}")
    if brackets:
        fail(f"Can't find end of TextUrl entity at byte offset {len(text.encode())}")
    return "".join(out)


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return None


class FakeBotAPI:
    """Telegram Bot API stand-in served by aiohttp on 127.0.0.1 (see module docstring).

    Injection helpers (``send_text``, ``press_button``, ...) are plain functions: call them from
    the test's event loop; each returns the update dict it queued.
    """

    def __init__(
        self,
        token: str = "123456:TEST-token_for-egov-bot",
        *,
        username: str = "egov_test_bot",
        first_name: str = "EGov Test Bot",
        privacy_mode: bool = False,
        port: int = 0,
    ) -> None:
        self.token = token
        head = token.split(":", 1)[0]
        self.bot_id = int(head) if head.isdigit() else 123456
        self.username = username
        self.privacy_mode = privacy_mode
        self.bot_user: JSONDict = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": not privacy_mode,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self._requested_port = port
        self.port = 0

        #: Every request, in completion order.
        self.requests: list[ApiCall] = []
        #: Every message the bot sent successfully.
        self.sent: list[SentMessage] = []
        #: Every update ever queued (delivered or not).
        self.updates: list[JSONDict] = []
        #: Messages withheld because of privacy mode.
        self.undelivered: list[JSONDict] = []
        #: Unexpected exceptions inside the stand-in; raised again on exit.
        self.internal_errors: list[BaseException] = []

        self.users: dict[int, JSONDict] = {}
        self.chats: dict[ChatId, JSONDict] = {}
        self.messages: dict[tuple[int, int], JSONDict] = {}
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}
        self.webhook_url = ""

        self._pending: deque[JSONDict] = deque()
        self._allowed_updates: frozenset[str] | None = None
        self._next_update_id = 100001
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(7_000_000_000_001)
        self._file_ids = itertools.count(1)
        self._members: dict[tuple[int, int], JSONDict] = {}
        self._open_private: set[int] = set()
        self._seen_in_chat: set[tuple[int, int]] = set()
        self._sent_index: dict[tuple[int, int], SentMessage] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._migrated: dict[int, int] = {}
        self._callback_queries: dict[str, bool] = {}
        self._inline_queries: dict[str, bool] = {}
        self._faults: list[_Fault] = []
        self._after_faults: list[_AfterFault] = []
        self.latency: dict[str, float] = {}
        self._flood: _FloodLimits | None = None
        self._poll_generation = 0
        self._delivered_upto = 0
        self._closing = False
        self._updates_event = asyncio.Event()
        self._changed_event = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._handlers: dict[str, tuple[str, Callable[[JSONDict], Any]]] = {}
        for name, handler in self._method_table().items():
            self._handlers[name.lower()] = (name, handler)

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder.base_url`` (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder.base_file_url`` (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def __aenter__(self) -> FakeBotAPI:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_not_found)
        runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", self._requested_port))
            sock.listen(1024)
            sock.setblocking(False)
            self.port = int(sock.getsockname()[1])
            await web.SockSite(runner, sock).start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        self._runner = runner
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        await self.aclose()
        if self.internal_errors and exc_type is None:
            raise FakeBotAPIError(
                f"FakeBotAPI hit internal errors: {self.internal_errors!r}"
            ) from self.internal_errors[0]

    async def aclose(self) -> None:
        """Release long polls and stop the server (idempotent)."""
        self._closing = True
        self._wake_pollers()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    def application_builder(self) -> AnyApplicationBuilder:
        """``Application.builder()`` with token, base_url and base_file_url pointing here."""
        return (
            Application.builder()
            .token(self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    # ------------------------------------------------------------------ HTTP layer

    async def _handle_not_found(self, request: web.Request) -> web.Response:
        return self._error_response(_ApiError(404, "Not Found"))

    def _token_error(self, token: str) -> web.Response:
        if _TOKEN_SHAPE_RE.fullmatch(token):
            return self._error_response(_ApiError(401, "Unauthorized"))
        return self._error_response(_ApiError(404, "Not Found"))

    @staticmethod
    def _json_response(payload: JSONDict, status: int = 200) -> web.Response:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        return web.Response(body=body, status=status, content_type="application/json")

    def _error_response(self, error: _ApiError) -> web.Response:
        payload: JSONDict = {
            "ok": False,
            "error_code": error.code,
            "description": error.description,
        }
        if error.parameters:
            payload["parameters"] = error.parameters
        return self._json_response(payload, status=error.code)

    async def _read_params(self, request: web.Request) -> tuple[JSONDict, dict[str, UploadedFile]]:
        params: JSONDict = {k: _decode_form_value(k, v) for k, v in request.query.items()}
        files: dict[str, UploadedFile] = {}
        if not request.body_exists:
            return params, files
        content_type = request.content_type
        if content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                params.update(body)
        elif content_type.startswith("multipart/"):
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if not isinstance(part, BodyPartReader) or part.name is None:
                    continue
                if part.filename is not None:
                    upload = UploadedFile(
                        field=part.name,
                        filename=part.filename,
                        content_type=part.headers.get("Content-Type"),
                        data=bytes(await part.read()),
                    )
                    files[part.name] = upload
                    params[part.name] = upload
                else:
                    params[part.name] = _decode_form_value(part.name, await part.text())
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, str):
                    params[key] = _decode_form_value(key, value)
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                attached = files.get(value.removeprefix("attach://"))
                if attached is not None:
                    params[key] = attached
        return params, files

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        at = time.monotonic()
        token = request.match_info["token"]
        if token != self.token:
            return self._token_error(token)
        raw_method = request.match_info["method"]
        name, handler = self._handlers.get(raw_method.lower(), (raw_method, None))
        try:
            params, files = await self._read_params(request)
        except ValueError as exc:  # malformed JSON/form body
            return self._error_response(_ApiError(400, f"Bad Request: can't parse body: {exc}"))
        call = ApiCall(method=name, params=params, files=files, at=at)
        try:
            fault = self._take_fault(name, params)
            if fault is not None and fault.drop:
                self._record(call)
                if request.transport is not None:
                    request.transport.abort()
                return web.Response(status=500)
            if fault is not None:
                raise _ApiError(fault.error_code, fault.description, fault.parameters)
            if handler is None:
                raise _ApiError(404, "Not Found: method not found")
            self._check_flood(name, params)
            if name == "getUpdates":
                result: Any = await self._get_updates(params)
            else:
                result = handler(params)
        except _ApiError as error:
            call.status = error.code
            self._record(call)
            return self._error_response(error)
        except Exception as exc:  # a bug in the stand-in or a malformed request
            self.internal_errors.append(exc)
            call.status = 500
            self._record(call)
            return self._error_response(_ApiError(500, f"Internal Server Error: {exc!r}"))
        call.status = 200
        call.result = result
        self._record(call)
        delay = self.latency.get(name.lower(), 0.0)
        after = self._take_after_fault(name, params)
        if after is not None and after.kind == "slow":
            delay += after.seconds
        if delay:
            await asyncio.sleep(delay)
        if after is not None and after.kind == "reset":
            # Carried out, then the connection is cut before the answer: the client cannot
            # know whether the call took effect.
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=500)
        return self._json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if token != self.token:
            return self._token_error(token)
        stored = self._files_by_path.get(request.match_info["path"])
        if stored is None:
            return self._error_response(_ApiError(404, "Not Found"))
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    def _record(self, call: ApiCall) -> None:
        self.requests.append(call)
        self._notify()

    def _notify(self) -> None:
        event, self._changed_event = self._changed_event, asyncio.Event()
        event.set()

    def _wake_pollers(self) -> None:
        event, self._updates_event = self._updates_event, asyncio.Event()
        event.set()

    # ------------------------------------------------------------------ faults and flood limits

    def fail_next(
        self,
        method: str | None,
        error_code: int = 429,
        description: str | None = None,
        *,
        retry_after: float | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
        chat_id: ChatId | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (``None``: any but getUpdates), only
        those for ``chat_id`` if given, with a Bot API error. 429 carries ``retry_after``
        (default 1; fractions work with PTB); ``migrate_to_chat_id`` makes PTB raise
        ``ChatMigrated``."""
        parameters: JSONDict = {}
        if error_code == 429:
            parameters["retry_after"] = 1 if retry_after is None else retry_after
        elif retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        if description is None:
            description = self._default_description(error_code, parameters)
        self._faults.append(
            _Fault(
                method=method.lower() if method else None,
                chat_id=None if chat_id is None else _norm_chat_id(chat_id),
                error_code=error_code,
                description=description,
                parameters=parameters or None,
                times=times,
            )
        )

    def set_latency(self, method: str, seconds: float) -> None:
        """Answer every ``method`` call ``seconds`` after carrying it out (a round trip)."""
        self.latency[method.lower()] = seconds

    def reset_after_accept(
        self, method: str | None, times: int | None = 1, *, chat_id: ChatId | None = None
    ) -> None:
        """Carry out the next ``times`` calls (``None``: all), then close the connection
        before answering (PTB: NetworkError, the outcome unknown to the bot)."""
        self._after_faults.append(
            _AfterFault(
                method=method.lower() if method else None,
                chat_id=None if chat_id is None else _norm_chat_id(chat_id),
                kind="reset",
                seconds=0.0,
                times=times,
            )
        )

    def slow_reply(
        self,
        method: str | None,
        seconds: float,
        times: int | None = 1,
        *,
        chat_id: ChatId | None = None,
    ) -> None:
        """Carry out the next ``times`` calls, then answer only ``seconds`` later."""
        self._after_faults.append(
            _AfterFault(
                method=method.lower() if method else None,
                chat_id=None if chat_id is None else _norm_chat_id(chat_id),
                kind="slow",
                seconds=seconds,
                times=times,
            )
        )

    def _take_after_fault(self, method: str, params: JSONDict) -> _AfterFault | None:
        chat = params.get("chat_id")
        for fault in self._after_faults:
            if fault.method is not None and fault.method != method.lower():
                continue
            if fault.chat_id is not None and (chat is None or _norm_chat_id(chat) != fault.chat_id):
                continue
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._after_faults.remove(fault)
            return fault
        return None

    def drop_next(
        self, method: str | None, times: int = 1, *, chat_id: ChatId | None = None
    ) -> None:
        """Close the connection of the next ``times`` calls unanswered (PTB: NetworkError)."""
        self._faults.append(
            _Fault(
                method=method.lower() if method else None,
                chat_id=None if chat_id is None else _norm_chat_id(chat_id),
                error_code=0,
                description="",
                parameters=None,
                times=times,
                drop=True,
            )
        )

    def fail_chat(
        self,
        chat_id: ChatId,
        error_code: int = 403,
        description: str | None = None,
        *,
        methods: Sequence[str] | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        """Answer every call for ``chat_id`` (of ``methods``, default: any) with an error until
        :meth:`clear_faults`/:meth:`unfail_chat`. Default: 403 "bot was blocked by the user"."""
        parameters: JSONDict | None = None
        if migrate_to_chat_id is not None:
            parameters = {"migrate_to_chat_id": migrate_to_chat_id}
        if description is None:
            description = self._default_description(error_code, parameters or {})
        targets: list[str | None] = list(methods) if methods else [None]
        for method in targets:
            self._faults.append(
                _Fault(
                    method=method.lower() if method else None,
                    chat_id=_norm_chat_id(chat_id),
                    error_code=error_code,
                    description=description,
                    parameters=parameters,
                    times=None,
                )
            )

    def unfail_chat(self, chat_id: ChatId) -> None:
        target = _norm_chat_id(chat_id)
        self._faults = [f for f in self._faults if not (f.times is None and f.chat_id == target)]

    def clear_faults(self) -> None:
        self._faults.clear()
        self._after_faults.clear()
        self.latency.clear()

    @staticmethod
    def _default_description(error_code: int, parameters: Mapping[str, Any]) -> str:
        if error_code == 429:
            return f"Too Many Requests: retry after {parameters.get('retry_after', 1)}"
        if error_code == 403:
            return "Forbidden: bot was blocked by the user"
        if "migrate_to_chat_id" in parameters:
            return "Bad Request: group chat was upgraded to a supergroup chat"
        if error_code == 400:
            return "Bad Request: chat not found"
        if error_code == 409:
            return "Conflict: terminated by other getUpdates request"
        if error_code == 401:
            return "Unauthorized"
        if error_code == 404:
            return "Not Found"
        return f"Internal Server Error ({error_code})"

    def _take_fault(self, method: str, params: JSONDict) -> _Fault | None:
        if not self._faults:
            return None
        lowered = method.lower()
        chat: ChatId | None = None
        if "chat_id" in params:
            with contextlib.suppress(_ApiError):
                chat = _norm_chat_id(params["chat_id"])
        for index, fault in enumerate(self._faults):
            if fault.method is None and lowered == "getupdates":
                continue  # wildcards never hit the poller; name getUpdates explicitly
            if fault.method is not None and fault.method != lowered:
                continue
            if fault.chat_id is not None and fault.chat_id != chat:
                continue
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    del self._faults[index]
            return fault
        return None

    def enforce_flood_limits(
        self,
        *,
        overall_per_second: int | None = 30,
        group_per_minute: int | None = 20,
        chat_per_second: int | None = None,
    ) -> None:
        """Answer 429 (with ``retry_after``) like Telegram when the bot sends faster than
        ``overall_per_second`` overall, ``group_per_minute`` into one group/channel, or
        ``chat_per_second`` into one private chat. Counts :data:`FLOOD_METHODS` only."""
        self._flood = _FloodLimits(overall_per_second, group_per_minute, chat_per_second)

    def disable_flood_limits(self) -> None:
        self._flood = None

    def _check_flood(self, method: str, params: JSONDict) -> None:
        limits = self._flood
        if limits is None or method not in FLOOD_METHODS or "chat_id" not in params:
            return
        now = time.monotonic()
        chat = _norm_chat_id(params["chat_id"])
        is_group = isinstance(chat, str) or chat < 0
        checks: list[tuple[deque[float], int, float]] = []
        if limits.overall_per_second:
            checks.append((limits.overall, limits.overall_per_second, 1.0))
        per_chat = limits.per_chat.setdefault(chat, deque())
        if is_group and limits.group_per_minute:
            checks.append((per_chat, limits.group_per_minute, 60.0))
        elif not is_group and limits.chat_per_second:
            checks.append((per_chat, limits.chat_per_second, 1.0))
        for stamps, limit, window in checks:
            while stamps and stamps[0] <= now - window:
                stamps.popleft()
            if len(stamps) >= limit:
                retry = max(1, math.ceil(stamps[0] + window - now))
                raise _ApiError(
                    429, f"Too Many Requests: retry after {retry}", {"retry_after": retry}
                )
        limits.overall.append(now)
        per_chat.append(now)

    # ------------------------------------------------------------------ observation

    def calls(self, method: str | None = None, *, ok: bool | None = None) -> list[ApiCall]:
        """Recorded calls of ``method`` (``None``: all), optionally only (un)successful ones."""
        return [
            c
            for c in self.requests
            if (method is None or c.method == method) and (ok is None or c.ok == ok)
        ]

    def call_times(
        self, method: str | None = None, *, chat_id: ChatId | None = None
    ) -> list[float]:
        """Monotonic arrival times of matching calls, sorted."""
        target = None if chat_id is None else _norm_chat_id(chat_id)
        return sorted(
            c.at
            for c in self.requests
            if (method is None or c.method == method) and (target is None or c.chat_id == target)
        )

    def max_rate(
        self, window: float = 1.0, *, method: str | None = None, chat_id: ChatId | None = None
    ) -> int:
        """The largest number of matching calls that arrived within any ``window`` seconds."""
        times = self.call_times(method, chat_id=chat_id)
        best = 0
        start = 0
        for end, stamp in enumerate(times):
            while stamp - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best

    async def wait_for(
        self,
        method: str | None = "sendMessage",
        predicate: Callable[[JSONDict], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        ok: bool | None = None,
    ) -> ApiCall:
        """The first recorded call (past or future) of ``method`` whose params satisfy
        ``predicate``; ``ok=True`` skips failed ones. Consumes nothing."""
        return (await self.wait_for_count(method, 1, timeout, predicate=predicate, ok=ok))[0]

    async def wait_for_count(
        self,
        method: str | None,
        n: int,
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        predicate: Callable[[JSONDict], bool] | None = None,
        ok: bool | None = None,
    ) -> list[ApiCall]:
        """The first ``n`` matching calls, waiting until there are that many."""

        def matches(call: ApiCall) -> bool:
            return (
                (method is None or call.method == method)
                and (ok is None or call.ok == ok)
                and (predicate is None or predicate(call.params))
            )

        found: list[ApiCall] = []
        index = 0

        def scan() -> bool:
            nonlocal index
            while index < len(self.requests):
                call = self.requests[index]
                index += 1
                if matches(call):
                    found.append(call)
                    if len(found) >= n:
                        return True
            return False

        await self._wait_until(scan, timeout, lambda: f"{n} call(s) of {method} (got {len(found)})")
        return found

    async def wait_for_sent(
        self,
        predicate: Callable[[SentMessage], bool] | None = None,
        *,
        chat_id: ChatId | None = None,
        text_contains: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> SentMessage:
        """The first message the bot sent (past or future) that matches."""
        target = None if chat_id is None else _norm_chat_id(chat_id)
        index = 0
        result: list[SentMessage] = []

        def scan() -> bool:
            nonlocal index
            while index < len(self.sent):
                message = self.sent[index]
                index += 1
                if target is not None and message.chat_id != target:
                    continue
                if text_contains is not None and text_contains not in (message.text or ""):
                    continue
                if predicate is not None and not predicate(message):
                    continue
                result.append(message)
                return True
            return False

        await self._wait_until(scan, timeout, lambda: "a matching sent message")
        return result[0]

    async def assert_no_call(
        self,
        method: str | None = "sendMessage",
        predicate: Callable[[JSONDict], bool] | None = None,
        within: float = 0.3,
    ) -> None:
        """Fail if a matching call is recorded now or within ``within`` seconds."""
        with contextlib.suppress(TimeoutError):
            call = await self.wait_for(method, predicate, timeout=within)
            raise FakeBotAPIError(f"unexpected call {call.method} {call.params!r}")

    async def wait_delivered(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until every queued update has been handed out by getUpdates at least once."""
        target = self._next_update_id - 1

        def delivered() -> bool:
            return self._delivered_upto >= target or not self._pending

        await self._wait_until(delivered, timeout, lambda: f"delivery of update {target}")

    async def _wait_until(
        self,
        check: Callable[[], bool],
        timeout: float,  # noqa: ASYNC109
        what: Callable[[], str],
    ) -> None:
        try:
            async with asyncio.timeout(timeout):
                while not check():
                    await self._changed_event.wait()
        except TimeoutError:
            recent = ", ".join(f"{c.method}[{c.status}]" for c in self.requests[-15:])
            raise TimeoutError(
                f"FakeBotAPI: timed out after {timeout}s waiting for {what()}; "
                f"last requests: {recent or 'none'}"
            ) from None

    @property
    def pending_updates(self) -> list[JSONDict]:
        return list(self._pending)

    # ------------------------------------------------------------------ users, chats, members

    def add_user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
        is_bot: bool = False,
    ) -> JSONDict:
        """Register (or replace) a user; unknown ids are created on first use."""
        user: JSONDict = {
            "id": user_id,
            "is_bot": is_bot,
            "first_name": first_name or f"User{user_id}",
            "username": username or f"user{user_id}",
        }
        if last_name:
            user["last_name"] = last_name
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        return user

    def user(self, user_id: int) -> JSONDict:
        if user_id == GROUP_ANONYMOUS_BOT_ID:
            return {
                "id": user_id,
                "is_bot": True,
                "first_name": "Group",
                "username": "GroupAnonymousBot",
            }
        if user_id == CHANNEL_BOT_ID:
            return {
                "id": user_id,
                "is_bot": True,
                "first_name": "Channel",
                "username": "Channel_Bot",
            }
        if user_id == self.bot_id:
            return self._bot_user_short()
        return self.users.get(user_id) or self.add_user(user_id)

    def _bot_user_short(self) -> JSONDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_user["first_name"],
            "username": self.username,
        }

    def add_chat(
        self,
        chat_id: int,
        chat_type: str | None = None,
        *,
        title: str | None = None,
        username: str | None = None,
    ) -> JSONDict:
        """Register (or update) a chat so the bot may talk to it. Private chats count as
        started by the user (``/start``)."""
        kind = chat_type or self._infer_type(chat_id)
        chat: JSONDict = {"id": chat_id, "type": kind}
        if kind == "private":
            user = self.user(chat_id)
            chat.update({k: user[k] for k in ("first_name", "last_name", "username") if k in user})
            self._open_private.add(chat_id)
        else:
            default_title = {"channel": "EGov Channel"}.get(kind, "Test group")
            previous = self.chats.get(chat_id, {})
            chat["title"] = title or previous.get("title") or default_title
            if username or previous.get("username"):
                chat["username"] = username or previous["username"]
        self.chats[chat_id] = chat
        if "username" in chat and kind != "private":
            self.chats[f"@{chat['username']}".lower()] = chat
        return chat

    def _chat(self, chat_id: int, chat_type: str | None, title: str | None = None) -> JSONDict:
        existing = self.chats.get(chat_id)
        if existing is not None and (chat_type is None or existing["type"] == chat_type):
            if title and existing.get("title") != title:
                return self.add_chat(chat_id, existing["type"], title=title)
            if existing["type"] == "private":
                self._open_private.add(chat_id)
            return existing
        return self.add_chat(chat_id, chat_type, title=title)

    @staticmethod
    def _infer_type(chat_id: int) -> str:
        if chat_id > 0:
            return "private"
        return "supergroup" if str(chat_id).startswith("-100") else "group"

    def set_chat_member(
        self,
        chat_id: int,
        user_id: int,
        status: str,
        *,
        is_anonymous: bool = False,
        custom_title: str | None = None,
        **extra: Any,
    ) -> None:
        """What getChatMember/getChatAdministrators report; ``user_id=api.bot_id`` sets the
        bot's own status (``left``/``kicked`` make sends to the chat fail with 403)."""
        if status not in MEMBER_STATUSES:
            raise FakeBotAPIError(f"unknown chat member status {status!r}")
        info: JSONDict = {"status": status, **extra}
        if status in ("creator", "administrator"):
            info["is_anonymous"] = is_anonymous
        if custom_title is not None:
            info["custom_title"] = custom_title
        self._members[(chat_id, user_id)] = info

    def member_status(self, chat_id: int, user_id: int) -> str:
        info = self._members.get((chat_id, user_id))
        if info is not None:
            return str(info["status"])
        chat = self.chats.get(chat_id)
        if user_id == self.bot_id:
            return "administrator" if chat and chat["type"] == "channel" else "member"
        if chat is not None and chat["type"] == "private":
            return "member" if chat_id == user_id else "left"
        return "member" if (chat_id, user_id) in self._seen_in_chat else "left"

    def _member_json(self, chat_id: int, user_id: int, status: str | None = None) -> JSONDict:
        status = status or self.member_status(chat_id, user_id)
        info = dict(self._members.get((chat_id, user_id), {}))
        if info.get("status") != status:
            info = {}
        info.pop("status", None)
        member: JSONDict = {"status": status, "user": self.user(user_id)}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(dict.fromkeys(_ADMIN_RIGHTS, True))
            member["can_be_edited"] = False
            member["is_anonymous"] = False
            chat = self.chats.get(chat_id)
            if chat is not None and chat["type"] == "channel":
                member["can_post_messages"] = True
                member["can_edit_messages"] = True
        elif status == "restricted":
            member.update(dict.fromkeys(_RESTRICTED_RIGHTS, False))
            member.update(is_member=True, until_date=0)
        elif status == "kicked":
            member["until_date"] = 0
        member.update(info)
        return member

    # ------------------------------------------------------------------ files

    def add_file(
        self, content: bytes, file_name: str = "file.bin", mime_type: str | None = None
    ) -> JSONDict:
        """Store a file; returns a Telegram ``Document`` dict (``getFile`` can serve it)."""
        stored = self._store_file(content, file_name, mime_type, folder="documents")
        document: JSONDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(content),
        }
        if file_name:
            document["file_name"] = file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return document

    def _store_file(
        self, content: bytes, file_name: str | None, mime_type: str | None, *, folder: str
    ) -> StoredFile:
        number = next(self._file_ids)
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        stored = StoredFile(
            file_id=f"BQACAgUAAxkBAAI{number:06d}{'x' * 8}",
            file_unique_id=f"AgAD{number:06d}",
            file_path=f"{folder}/file_{number}{suffix}",
            data=bytes(content),
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    # ------------------------------------------------------------------ injecting updates

    def push_update(self, update: JSONDict) -> JSONDict:
        """Queue a raw update (``update_id`` is assigned when missing) and register the users,
        chats, messages and query ids in it."""
        if "update_id" not in update:
            update = {"update_id": self._next_update_id, **update}
        self._next_update_id = max(self._next_update_id, int(update["update_id"])) + 1
        self._register(update)
        self.updates.append(update)
        self._pending.append(update)
        self._wake_pollers()
        return update

    def _register(self, update: JSONDict) -> None:
        for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
            message = update.get(key)
            if isinstance(message, dict):
                self._register_message(message)
        if isinstance(cq := update.get("callback_query"), dict):
            self._callback_queries.setdefault(str(cq["id"]), False)
        if isinstance(iq := update.get("inline_query"), dict):
            self._inline_queries.setdefault(str(iq["id"]), False)
        for key in ("my_chat_member", "chat_member"):
            change = update.get(key)
            if isinstance(change, dict) and isinstance(chat := change.get("chat"), dict):
                self.chats.setdefault(chat["id"], chat)

    def _register_message(self, message: JSONDict) -> None:
        chat = message.get("chat")
        if not isinstance(chat, dict) or "message_id" not in message:
            return
        chat_id = int(chat["id"])
        self.chats.setdefault(chat_id, chat)
        if chat.get("type") == "private":
            self._open_private.add(chat_id)
        sender = message.get("from")
        if isinstance(sender, dict):
            self.users.setdefault(int(sender["id"]), sender)
            self._seen_in_chat.add((chat_id, int(sender["id"])))
        self.messages[(chat_id, int(message["message_id"]))] = message

    def _new_message(self, chat: JSONDict, sender: JSONDict | None) -> JSONDict:
        message: JSONDict = {"message_id": next(self._message_ids)}
        if sender is not None:
            message["from"] = sender
        message["chat"] = chat
        message["date"] = int(time.time())
        return message

    def _resolve_private_or_group(
        self, chat_id: int | None, user_id: int | None, chat_type: str | None, title: str | None
    ) -> tuple[JSONDict, JSONDict]:
        if chat_id is None:
            if chat_type in (None, "private"):
                chat_id = user_id if user_id is not None else DEFAULT_USER_ID
            else:
                chat_id = DEFAULT_GROUP_ID if chat_type == "group" else DEFAULT_SUPERGROUP_ID
        chat = self._chat(chat_id, chat_type, title)
        if user_id is None:
            user_id = chat_id if chat["type"] == "private" else DEFAULT_USER_ID
        if chat["type"] == "private" and user_id != chat_id:
            raise FakeBotAPIError(
                f"private chat {chat_id} belongs to user {chat_id}, not {user_id}"
            )
        return chat, self.user(user_id)

    def send_text(
        self,
        text: str,
        chat_id: int | None = None,
        user_id: int | None = None,
        chat_type: str | None = None,
        reply_to_bot: bool = False,
        sender_chat: int | JSONDict | None = None,
        *,
        reply_to: SentMessage | JSONDict | None = None,
        title: str | None = None,
        entities: list[JSONDict] | None = None,
    ) -> JSONDict:
        """A user writes ``text``. Without ``chat_id`` it is the private chat of ``user_id``
        (default :data:`DEFAULT_USER_ID`); ``chat_type`` "group"/"supergroup" without
        ``chat_id`` uses :data:`DEFAULT_GROUP_ID`/:data:`DEFAULT_SUPERGROUP_ID`.
        ``/commands`` get ``bot_command`` entities, ``@names`` ``mention`` ones.
        ``reply_to_bot`` replies to the bot's last message in the chat. ``sender_chat`` equal to
        the chat id makes it an anonymous admin (from GroupAnonymousBot); another id is a
        channel posting into the group (from Channel_Bot)."""
        chat, sender = self._resolve_private_or_group(chat_id, user_id, chat_type, title)
        message = self._new_message(chat, sender)
        self._apply_sender_chat(message, chat, sender_chat)
        message["text"] = text
        found = _auto_entities(text) if entities is None else entities
        if found:
            message["entities"] = found
        self._apply_reply(message, chat, reply_to_bot, reply_to)
        return self._queue_message(message)

    def send_document(
        self,
        chat_id: int | None,
        user_id: int | None,
        file_name: str,
        content: bytes,
        caption: str | None = None,
        *,
        mime_type: str | None = None,
        chat_type: str | None = None,
    ) -> JSONDict:
        """A user sends a document (downloadable by the bot via getFile)."""
        chat, sender = self._resolve_private_or_group(chat_id, user_id, chat_type, None)
        message = self._new_message(chat, sender)
        message["document"] = self.add_file(content, file_name, mime_type)
        if caption is not None:
            message["caption"] = caption
            if found := _auto_entities(caption):
                message["caption_entities"] = found
        return self._queue_message(message)

    def _apply_sender_chat(
        self, message: JSONDict, chat: JSONDict, sender_chat: int | JSONDict | None
    ) -> None:
        if sender_chat is None:
            return
        if isinstance(sender_chat, dict):
            sender_chat_json = sender_chat
        elif sender_chat == chat["id"]:
            sender_chat_json = chat
        else:
            sender_chat_json = self._chat(sender_chat, "channel")
        message["sender_chat"] = sender_chat_json
        anonymous = sender_chat_json["id"] == chat["id"]
        message["from"] = self.user(GROUP_ANONYMOUS_BOT_ID if anonymous else CHANNEL_BOT_ID)
        # keep keys in Telegram's order: message_id, from, sender_chat, chat, date
        for key in ("chat", "date"):
            message[key] = message.pop(key)

    def _apply_reply(
        self,
        message: JSONDict,
        chat: JSONDict,
        reply_to_bot: bool,
        reply_to: SentMessage | JSONDict | None,
    ) -> None:
        target: JSONDict | None = None
        if isinstance(reply_to, SentMessage):
            target = reply_to.message
        elif isinstance(reply_to, dict):
            target = reply_to
        elif reply_to_bot:
            mine = [s for s in self.sent if s.chat_id == chat["id"] and not s.deleted]
            if mine:
                target = mine[-1].message
            else:  # the bot wrote something here before the test started
                target = self._new_message(chat, self._bot_user_short())
                target["text"] = "…"
                self._register_message(target)
        if target is not None:
            message["reply_to_message"] = copy.deepcopy(target)

    def _queue_message(self, message: JSONDict, key: str = "message") -> JSONDict:
        if not self._privacy_allows(message):
            self._register_message(message)
            self.undelivered.append(message)
            return {key: message}
        return self.push_update({key: message})

    def _privacy_allows(self, message: JSONDict) -> bool:
        chat = message["chat"]
        if not self.privacy_mode or chat["type"] not in ("group", "supergroup"):
            return True
        if self.member_status(chat["id"], self.bot_id) in ("administrator", "creator"):
            return True
        replied = message.get("reply_to_message")
        if isinstance(replied, dict) and replied.get("from", {}).get("id") == self.bot_id:
            return True
        text = str(message.get("text", message.get("caption", "")))
        for entity in message.get("entities", []):
            piece = text[entity["offset"] : entity["offset"] + entity["length"]]
            if entity["type"] == "bot_command" and entity["offset"] == 0:
                target = piece.partition("@")[2]
                if not target or target.lower() == self.username.lower():
                    return True
            if entity["type"] == "mention" and piece[1:].lower() == self.username.lower():
                return True
        return False

    def press_button(
        self,
        message: SentMessage | JSONDict | int,
        data: str,
        user_id: int | None = None,
        *,
        check: bool = True,
    ) -> JSONDict:
        """A user presses the inline button with ``data`` on a message the bot sent
        (a :class:`SentMessage`, its Message dict, or its message_id). ``check`` verifies the
        message currently has a button with that callback_data."""
        if isinstance(message, int):
            matches = [s for s in self.sent if s.message_id == message]
            if not matches:
                raise FakeBotAPIError(f"the bot sent no message with id {message}")
            message = matches[-1]
        if isinstance(message, SentMessage):
            chat_id, message_id = message.chat_id, message.message_id
        else:
            chat_id, message_id = int(message["chat"]["id"]), int(message["message_id"])
        current = self.messages.get((chat_id, message_id))
        if current is None:
            raise FakeBotAPIError(f"message {message_id} in chat {chat_id} does not exist")
        if check:
            keyboard = current.get("reply_markup", {}).get("inline_keyboard", [])
            available = [b.get("callback_data") for row in keyboard for b in row]
            if data not in available:
                raise FakeBotAPIError(f"no button with callback_data {data!r}; have {available}")
        chat = current["chat"]
        if user_id is None:
            user_id = chat_id if chat["type"] == "private" else DEFAULT_USER_ID
        query_id = str(next(self._query_ids))
        return self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.user(user_id),
                    "message": copy.deepcopy(current),
                    "chat_instance": str(-(abs(chat_id) * 7919 % 10**18)),
                    "data": data,
                }
            }
        )

    def inline_query(
        self,
        query: str,
        user_id: int = DEFAULT_USER_ID,
        *,
        offset: str = "",
        chat_type: str = "sender",
    ) -> JSONDict:
        """A user types ``@bot query`` in some chat."""
        return self.push_update(
            {
                "inline_query": {
                    "id": str(next(self._query_ids)),
                    "from": self.user(user_id),
                    "query": query,
                    "offset": offset,
                    "chat_type": chat_type,
                }
            }
        )

    def channel_post(
        self,
        text: str,
        chat_id: int = DEFAULT_CHANNEL_ID,
        title: str | None = None,
        username: str | None = None,
        *,
        author_signature: str | None = None,
    ) -> JSONDict:
        """A post in a channel where the bot is an administrator."""
        existing = self.chats.get(chat_id)
        if existing is None or (title and existing.get("title") != title) or username:
            chat = self.add_chat(chat_id, "channel", title=title, username=username)
        else:
            chat = existing
        message: JSONDict = {"message_id": next(self._message_ids), "sender_chat": chat}
        message["chat"] = chat
        message["date"] = int(time.time())
        if author_signature:
            message["author_signature"] = author_signature
        message["text"] = text
        if found := _auto_entities(text):
            message["entities"] = found
        return self.push_update({"channel_post": message})

    def my_chat_member(
        self,
        chat_id: int,
        new_status: str,
        old_status: str | None = None,
        user_id: int | None = None,
        *,
        chat_type: str | None = None,
        title: str | None = None,
    ) -> JSONDict:
        """The bot's own membership changes (added to / removed from a group, blocked in a
        private chat: ``new_status="kicked"``). Later sends honour the new status."""
        if new_status not in MEMBER_STATUSES:
            raise FakeBotAPIError(f"unknown chat member status {new_status!r}")
        known = chat_id in self.chats
        chat = self._chat(chat_id, chat_type, title)
        if old_status is None:
            old_status = self.member_status(chat_id, self.bot_id) if known else "left"
            if not known and chat["type"] == "private":
                old_status = "member" if new_status == "kicked" else "kicked"
        if user_id is None:
            user_id = chat_id if chat["type"] == "private" else DEFAULT_USER_ID
        old = self._member_json(chat_id, self.bot_id, old_status)
        self.set_chat_member(chat_id, self.bot_id, new_status)
        new = self._member_json(chat_id, self.bot_id, new_status)
        return self.push_update(
            {
                "my_chat_member": {
                    "chat": chat,
                    "from": self.user(user_id),
                    "date": int(time.time()),
                    "old_chat_member": old,
                    "new_chat_member": new,
                }
            }
        )

    def migrate_chat(
        self, chat_id: int, new_chat_id: int | None = None, user_id: int = DEFAULT_USER_ID
    ) -> JSONDict:
        """Upgrade a basic group to a supergroup: queues the two service messages; later calls
        to the old id fail with ``migrate_to_chat_id`` (PTB: ``ChatMigrated``)."""
        old = self._chat(chat_id, "group")
        if new_chat_id is None:
            new_chat_id = int(f"-100{abs(chat_id)}")
        new = self.add_chat(new_chat_id, "supergroup", title=old.get("title"))
        self._migrated[chat_id] = new_chat_id
        status = self.member_status(chat_id, self.bot_id)
        self.set_chat_member(new_chat_id, self.bot_id, status)
        to_message = self._new_message(old, self.user(user_id))
        to_message["migrate_to_chat_id"] = new_chat_id
        self.push_update({"message": to_message})
        from_message = self._new_message(new, self.user(GROUP_ANONYMOUS_BOT_ID))
        from_message["sender_chat"] = new
        from_message["migrate_from_chat_id"] = chat_id
        self.push_update({"message": from_message})
        return new

    # ------------------------------------------------------------------ Bot API methods

    def _method_table(self) -> dict[str, Callable[[JSONDict], Any]]:
        true: Callable[[JSONDict], Any] = lambda _params: True  # noqa: E731
        return {
            "getMe": lambda _p: dict(self.bot_user),
            "getUpdates": lambda _p: [],  # async, special-cased in _handle_api
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "sendChatAction": self._send_chat_action,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setMyDescription": lambda p: self._set_text_setting(p, "description"),
            "getMyDescription": lambda p: self._get_text_setting(p, "description"),
            "setMyShortDescription": lambda p: self._set_text_setting(p, "short_description"),
            "getMyShortDescription": lambda p: self._get_text_setting(p, "short_description"),
            "setMyName": lambda p: self._set_text_setting(p, "name"),
            "getMyName": lambda p: self._get_text_setting(p, "name"),
            "setChatMenuButton": true,
            "getChatMenuButton": lambda _p: {"type": "commands"},
            "setMyDefaultAdministratorRights": true,
            "pinChatMessage": self._pin_message,
            "unpinChatMessage": true,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "getChatMemberCount": self._get_chat_member_count,
            "getFile": self._get_file,
            "leaveChat": self._leave_chat,
            "close": true,
            "logOut": true,
        }

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self.webhook_url:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = min(100, max(1, int(params.get("limit") or 100)))
        timeout = max(0.0, float(params.get("timeout") or 0))
        if "allowed_updates" in params:
            allowed = params["allowed_updates"]
            self._allowed_updates = frozenset(allowed) if allowed else None
        if offset > 0:
            while self._pending and self._pending[0]["update_id"] < offset:
                self._pending.popleft()
        elif offset < 0:
            while len(self._pending) > -offset:
                self._pending.popleft()
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake_pollers()  # an older poll still waiting gets 409, like on Telegram
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = self._collect(limit)
            if result or self._closing:
                break
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            event = self._updates_event
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(remaining):
                    await event.wait()
            if generation != self._poll_generation:
                raise _ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
        if result:
            self._delivered_upto = max(self._delivered_upto, int(result[-1]["update_id"]))
        return result

    def _collect(self, limit: int) -> list[JSONDict]:
        result: list[JSONDict] = []
        allowed = self._allowed_updates
        for update in self._pending:
            kind = next((k for k in update if k != "update_id"), "")
            if allowed is None:
                if kind in NOT_DELIVERED_BY_DEFAULT:
                    continue
            elif kind not in allowed:
                continue
            result.append(update)
            if len(result) >= limit:
                break
        return result

    def _delete_webhook(self, params: JSONDict) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def _set_webhook(self, params: JSONDict) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise _ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        self.webhook_url = url
        if params.get("drop_pending_updates"):
            self._pending.clear()
        if "allowed_updates" in params:
            allowed = params["allowed_updates"]
            self._allowed_updates = frozenset(allowed) if allowed else None
        return True

    def _get_webhook_info(self, _params: JSONDict) -> JSONDict:
        info: JSONDict = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url:
            info["max_connections"] = 40
            if self._allowed_updates is not None:
                info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    # -- chats

    def _lookup_chat(self, value: Any) -> JSONDict:
        if value is None or value == "":
            raise _ApiError(400, "Bad Request: chat_id is empty")
        key = _norm_chat_id(value)
        chat = self.chats.get(key)
        if chat is None:
            if isinstance(key, int) and key > 0 and key in self.users:
                raise _ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            raise _ApiError(400, "Bad Request: chat not found")
        return chat

    def _writable_chat(self, value: Any) -> JSONDict:
        chat = self._lookup_chat(value)
        chat_id = int(chat["id"])
        if chat_id in self._migrated:
            raise _ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat_id]},
            )
        status = self.member_status(chat_id, self.bot_id)
        kind = chat["type"]
        if kind == "private":
            if status == "kicked":
                raise _ApiError(403, "Forbidden: bot was blocked by the user")
            if chat_id not in self._open_private:
                raise _ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif kind in ("group", "supergroup"):
            if status == "kicked":
                raise _ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")
            if status == "left":
                raise _ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")
        elif kind == "channel":
            if status in ("left", "kicked"):
                raise _ApiError(403, "Forbidden: bot is not a member of the channel chat")
            if status not in ("administrator", "creator"):
                raise _ApiError(400, "Bad Request: need administrator rights in the channel chat")
        return chat

    def _get_chat(self, params: JSONDict) -> JSONDict:
        chat = dict(self._lookup_chat(params.get("chat_id")))
        chat.update(
            {
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": {
                    "unlimited_gifts": False,
                    "limited_gifts": False,
                    "unique_gifts": False,
                    "premium_subscription": False,
                    "gifts_from_channels": False,
                },
            }
        )
        return chat

    def _get_chat_member(self, params: JSONDict) -> JSONDict:
        chat = self._lookup_chat(params.get("chat_id"))
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise _ApiError(400, "Bad Request: invalid user_id specified")
        return self._member_json(int(chat["id"]), user_id)

    def _get_chat_administrators(self, params: JSONDict) -> list[JSONDict]:
        chat = self._lookup_chat(params.get("chat_id"))
        chat_id = int(chat["id"])
        if chat["type"] == "private":
            raise _ApiError(400, "Bad Request: there are no administrators in the private chat")
        admins = [
            self._member_json(chat_id, user_id)
            for (member_chat, user_id), info in self._members.items()
            if member_chat == chat_id and info["status"] in ("creator", "administrator")
        ]
        admins.sort(key=lambda m: m["status"] != "creator")
        return admins

    def _get_chat_member_count(self, params: JSONDict) -> int:
        chat = self._lookup_chat(params.get("chat_id"))
        chat_id = int(chat["id"])
        if chat["type"] == "private":
            return 2
        seen = {user for chat_key, user in self._seen_in_chat if chat_key == chat_id}
        seen.update(user for chat_key, user in self._members if chat_key == chat_id)
        seen.add(self.bot_id)
        return len(seen)

    def _leave_chat(self, params: JSONDict) -> bool:
        chat = self._lookup_chat(params.get("chat_id"))
        if chat["type"] == "private":
            raise _ApiError(
                400, "Bad Request: chat member status can't be changed in private chats"
            )
        self.set_chat_member(int(chat["id"]), self.bot_id, "left")
        return True

    # -- messages

    def _format(
        self, text: str, parse_mode: Any, entities: Any, limit: int, what: str
    ) -> tuple[str, list[JSONDict]]:
        plain = text
        found: list[JSONDict] = []
        mode = str(parse_mode or "")
        if isinstance(entities, list) and entities:
            found = [dict(e) for e in entities]
        elif mode.lower() == "html":
            plain, found = _parse_html(text)
        elif mode.lower() == "markdownv2":
            plain = _parse_markdown_v2(text)
        elif mode and mode.lower() != "markdown":
            raise _ApiError(400, f"Bad Request: unsupported parse_mode {mode!r}")
        if not plain.strip():
            raise _ApiError(400, f"Bad Request: {what} is empty")
        if _utf16_len(plain) > limit:
            too_long = (
                "message is too long" if what == "message text" else "message caption is too long"
            )
            raise _ApiError(400, f"Bad Request: {too_long}")
        return plain, found

    def _check_markup(self, markup: Any) -> JSONDict | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup
        for row in rows:
            for button in row:
                if not button.get("text"):
                    raise _ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
                if not _INLINE_BUTTON_ACTIONS.intersection(button):
                    raise _ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
                if "callback_data" in button:
                    size = len(str(button["callback_data"]).encode())
                    if not 1 <= size <= 64:
                        raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if "url" in button and not re.match(r"(https?|tg)://", str(button["url"])):
                    raise _ApiError(400, "Bad Request: inline keyboard button URL is invalid")
        return markup

    def _reply_target(self, chat: JSONDict, params: JSONDict) -> JSONDict | None:
        reply = params.get("reply_parameters")
        if reply is None and "reply_to_message_id" in params:
            reply = {"message_id": params["reply_to_message_id"]}
        if not isinstance(reply, dict) or "message_id" not in reply:
            return None
        target_chat = chat
        if "chat_id" in reply:
            target_chat = self._lookup_chat(reply["chat_id"])
        target = self.messages.get((int(target_chat["id"]), int(reply["message_id"])))
        if target is None:
            if reply.get("allow_sending_without_reply") or params.get(
                "allow_sending_without_reply"
            ):
                return None
            raise _ApiError(400, "Bad Request: message to be replied not found")
        return target

    def _bot_message(self, chat: JSONDict, params: JSONDict, markup: JSONDict | None) -> JSONDict:
        if chat["type"] == "channel":
            message: JSONDict = {"message_id": next(self._message_ids), "sender_chat": chat}
            message["chat"] = chat
            message["date"] = int(time.time())
        else:
            message = self._new_message(chat, self._bot_user_short())
        target = self._reply_target(chat, params)
        if target is not None:
            message["reply_to_message"] = copy.deepcopy(target)
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    def _remember_sent(
        self,
        method: str,
        chat: JSONDict,
        message: JSONDict,
        params: JSONDict,
        text: str | None,
        markup: JSONDict | None,
        upload: UploadedFile | None = None,
    ) -> JSONDict:
        self.messages[(int(chat["id"]), int(message["message_id"]))] = message
        sent = SentMessage(
            method=method,
            chat_id=int(chat["id"]),
            message_id=int(message["message_id"]),
            text=text,
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
            params=params,
            message=message,
            at=time.monotonic(),
            photo=upload.data if upload is not None and method == "sendPhoto" else None,
            document=upload.data if upload is not None and method == "sendDocument" else None,
            filename=upload.filename if upload is not None else None,
        )
        self.sent.append(sent)
        self._sent_index[(sent.chat_id, sent.message_id)] = sent
        return copy.deepcopy(message)

    def _send_message(self, params: JSONDict) -> JSONDict:
        chat = self._writable_chat(params.get("chat_id"))
        raw = params.get("text")
        if not isinstance(raw, str) or not raw:
            raise _ApiError(400, "Bad Request: message text is empty")
        plain, entities = self._format(
            raw, params.get("parse_mode"), params.get("entities"), 4096, "message text"
        )
        markup = self._check_markup(params.get("reply_markup"))
        message = self._bot_message(chat, params, markup)
        message["text"] = plain
        if entities:
            message["entities"] = entities
        if "reply_markup" in message:  # Telegram puts reply_markup last
            message["reply_markup"] = message.pop("reply_markup")
        return self._remember_sent("sendMessage", chat, message, params, raw, markup)

    def _caption(self, params: JSONDict, message: JSONDict) -> str | None:
        raw = params.get("caption")
        if raw is None or raw == "":
            return None
        caption, entities = self._format(
            str(raw), params.get("parse_mode"), params.get("caption_entities"), 1024, "caption"
        )
        message["caption"] = caption
        if entities:
            message["caption_entities"] = entities
        return str(raw)

    def _media_source(self, params: JSONDict, field_name: str) -> tuple[UploadedFile | None, str]:
        value = params.get(field_name)
        if isinstance(value, UploadedFile):
            return value, "upload"
        if isinstance(value, str) and value:
            if value in self.files:
                return None, value
            if value.startswith(("http://", "https://")):
                return None, "url"
            raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        raise _ApiError(400, f"Bad Request: there is no {field_name} in the request")

    def _send_photo(self, params: JSONDict) -> JSONDict:
        chat = self._writable_chat(params.get("chat_id"))
        upload, source = self._media_source(params, "photo")
        markup = self._check_markup(params.get("reply_markup"))
        message = self._bot_message(chat, params, markup)
        if upload is not None:
            if not upload.data:
                raise _ApiError(400, "Bad Request: file must be non-empty")
            stored = self._store_file(
                upload.data, upload.filename, upload.content_type, folder="photos"
            )
        elif source == "url":
            stored = self._store_file(b"", "photo.jpg", "image/jpeg", folder="photos")
        else:
            stored = self.files[source]
        width, height = _png_size(stored.data) or (1280, 720)
        message["photo"] = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data),
                "width": width,
                "height": height,
            }
        ]
        raw = self._caption(params, message)
        if "reply_markup" in message:
            message["reply_markup"] = message.pop("reply_markup")
        return self._remember_sent("sendPhoto", chat, message, params, raw, markup, upload)

    def _send_document(self, params: JSONDict) -> JSONDict:
        chat = self._writable_chat(params.get("chat_id"))
        upload, source = self._media_source(params, "document")
        markup = self._check_markup(params.get("reply_markup"))
        message = self._bot_message(chat, params, markup)
        if upload is not None:
            if not upload.data:
                raise _ApiError(400, "Bad Request: file must be non-empty")
            document = self.add_file(upload.data, upload.filename or "file", upload.content_type)
        elif source == "url":
            document = self.add_file(b"", "file", None)
        else:
            stored = self.files[source]
            document = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data),
            }
            if stored.file_name:
                document["file_name"] = stored.file_name
        message["document"] = document
        raw = self._caption(params, message)
        if "reply_markup" in message:
            message["reply_markup"] = message.pop("reply_markup")
        return self._remember_sent("sendDocument", chat, message, params, raw, markup, upload)

    def _send_chat_action(self, params: JSONDict) -> bool:
        self._writable_chat(params.get("chat_id"))
        if not params.get("action"):
            raise _ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _editable(self, params: JSONDict) -> tuple[JSONDict, JSONDict, SentMessage | None] | None:
        """(chat, message, sent) of the message to edit, or None for inline messages."""
        if params.get("inline_message_id"):
            return None
        chat = self._writable_chat(params.get("chat_id"))
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _ApiError(400, "Bad Request: message identifier is not specified")
        message = self.messages.get((int(chat["id"]), message_id))
        if message is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        if message.get("from", {}).get("id") != self.bot_id and chat["type"] != "channel":
            raise _ApiError(400, "Bad Request: message can't be edited")
        return chat, message, self._sent_index.get((int(chat["id"]), message_id))

    @staticmethod
    def _not_modified() -> _ApiError:
        return _ApiError(
            400,
            "Bad Request: message is not modified: specified new message content and reply "
            "markup are exactly the same as a current content and reply markup of the message",
        )

    def _apply_edit(
        self,
        message: JSONDict,
        sent: SentMessage | None,
        changes: JSONDict,
        params: JSONDict,
        raw_text: str | None,
        markup: JSONDict | None,
    ) -> JSONDict:
        new_markup = markup if markup is not None and "inline_keyboard" in markup else None
        before = {k: message.get(k) for k in (*changes, "reply_markup")}
        after = {**changes, "reply_markup": new_markup}
        if before == after:
            raise self._not_modified()
        if sent is not None:
            sent.history.append(copy.deepcopy(message))
            if raw_text is not None:
                sent.text = raw_text
                sent.parse_mode = params.get("parse_mode")
            sent.reply_markup = new_markup
        for key, value in changes.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        message.pop("reply_markup", None)
        if new_markup is not None:
            message["reply_markup"] = new_markup
        message["edit_date"] = int(time.time())
        return copy.deepcopy(message)

    def _edit_message_text(self, params: JSONDict) -> JSONDict | bool:
        raw = params.get("text")
        if not isinstance(raw, str) or not raw:
            raise _ApiError(400, "Bad Request: text must be non-empty")
        plain, entities = self._format(
            raw, params.get("parse_mode"), params.get("entities"), 4096, "message text"
        )
        markup = self._check_markup(params.get("reply_markup"))
        target = self._editable(params)
        if target is None:
            return True
        _chat, message, sent = target
        if "text" not in message:
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        changes = {"text": plain, "entities": entities or None}
        return self._apply_edit(message, sent, changes, params, raw, markup)

    def _edit_message_caption(self, params: JSONDict) -> JSONDict | bool:
        markup = self._check_markup(params.get("reply_markup"))
        target = self._editable(params)
        if target is None:
            return True
        _chat, message, sent = target
        scratch: JSONDict = {}
        raw = self._caption(params, scratch)
        changes = {
            "caption": scratch.get("caption"),
            "caption_entities": scratch.get("caption_entities"),
        }
        return self._apply_edit(message, sent, changes, params, raw, markup)

    def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict | bool:
        markup = self._check_markup(params.get("reply_markup"))
        target = self._editable(params)
        if target is None:
            return True
        _chat, message, sent = target
        return self._apply_edit(message, sent, {}, params, None, markup)

    def _delete_message(self, params: JSONDict) -> bool:
        chat = self._lookup_chat(params.get("chat_id"))
        chat_id = int(chat["id"])
        message_id = params.get("message_id")
        if not isinstance(message_id, int) or (chat_id, message_id) not in self.messages:
            raise _ApiError(400, "Bad Request: message to delete not found")
        message = self.messages[(chat_id, message_id)]
        own = message.get("from", {}).get("id") == self.bot_id
        bot_status = self.member_status(chat_id, self.bot_id)
        if (
            not own
            and chat["type"] in ("group", "supergroup")
            and bot_status not in ("administrator", "creator")
        ):
            raise _ApiError(400, "Bad Request: message can't be deleted")
        del self.messages[(chat_id, message_id)]
        sent = self._sent_index.get((chat_id, message_id))
        if sent is not None:
            sent.deleted = True
        return True

    def _pin_message(self, params: JSONDict) -> bool:
        chat = self._writable_chat(params.get("chat_id"))
        if (int(chat["id"]), params.get("message_id")) not in self.messages:
            raise _ApiError(400, "Bad Request: message to pin not found")
        return True

    # -- queries

    def _answer_callback_query(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if self._callback_queries.get(query_id, True):
            raise _ApiError(400, _STALE_QUERY)
        text = params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._callback_queries[query_id] = True
        return True

    def _answer_inline_query(self, params: JSONDict) -> bool:
        query_id = str(params.get("inline_query_id") or "")
        if self._inline_queries.get(query_id, True):
            raise _ApiError(400, _STALE_QUERY)
        results = params.get("results")
        if not isinstance(results, list):
            raise _ApiError(400, "Bad Request: can't parse inline query results JSON object")
        if len(results) > 50:
            raise _ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [str(r.get("id", "")) for r in results]
        if any(not 1 <= len(i.encode()) <= 64 for i in ids):
            raise _ApiError(400, "Bad Request: RESULT_ID_INVALID")
        if len(set(ids)) != len(ids):
            raise _ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        for result in results:
            content = result.get("input_message_content")
            if result.get("type") == "article" and not (
                isinstance(content, dict) and str(content.get("message_text", "")).strip()
            ):
                raise _ApiError(400, "Bad Request: MESSAGE_EMPTY")
            if isinstance(content, dict) and "message_text" in content:
                self._format(
                    str(content["message_text"]),
                    content.get("parse_mode"),
                    content.get("entities"),
                    4096,
                    "message text",
                )
            self._check_markup(result.get("reply_markup"))
        self._inline_queries[query_id] = True
        return True

    # -- bot settings

    @staticmethod
    def _settings_key(params: JSONDict) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _set_my_commands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _ApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            name = str(command.get("command", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _ApiError(400, "Bad Request: command description must be non-empty")
        self.commands[self._settings_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        return list(self.commands.get(self._settings_key(params), []))

    def _delete_my_commands(self, params: JSONDict) -> bool:
        self.commands.pop(self._settings_key(params), None)
        return True

    def _set_text_setting(self, params: JSONDict, key: str) -> bool:
        language = str(params.get("language_code") or "")
        limits = {"description": 512, "short_description": 120, "name": 64}
        value = str(params.get(key) or "")
        if len(value) > limits[key]:
            raise _ApiError(400, f"Bad Request: {key} is too long")
        self.descriptions[(key, language)] = value
        return True

    def _get_text_setting(self, params: JSONDict, key: str) -> JSONDict:
        language = str(params.get("language_code") or "")
        value = self.descriptions.get((key, language), self.descriptions.get((key, ""), ""))
        if key == "name" and not value:
            value = str(self.bot_user["first_name"])
        return {key: value}

    # -- files

    def _get_file(self, params: JSONDict) -> JSONDict:
        stored = self.files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise _ApiError(400, "Bad Request: invalid file_id")
        if len(stored.data) > 20 * 1024 * 1024:
            raise _ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }


@contextlib.asynccontextmanager
async def run_polling(
    app: AnyApplication,
    *,
    poll_timeout: int = 10,
    allowed_updates: Sequence[str] | None = None,
    drop_pending_updates: bool = False,
) -> AsyncIterator[AnyApplication]:
    """Run ``app`` like ``run_polling`` does, inside the test's event loop, and shut it down in
    PTB's required order: ``updater.stop()`` -> ``app.stop()`` -> ``app.shutdown()``.

    ``poll_timeout`` does not slow tests: injected updates end a long poll at once and
    ``updater.stop()`` cancels the poll in flight."""
    async with app:
        await app.start()
        try:
            if app.updater is not None:
                await app.updater.start_polling(
                    poll_interval=0,
                    timeout=poll_timeout,
                    allowed_updates=allowed_updates,
                    drop_pending_updates=drop_pending_updates,
                )
            yield app
        finally:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()


@pytest_asyncio.fixture
async def fake_bot_api() -> AsyncIterator[FakeBotAPI]:
    """Pytest fixture: a running :class:`FakeBotAPI` (import it into a test module or
    conftest to use it)."""
    async with FakeBotAPI() as api:
        yield api
