"""The one command table: every command the bot handles, read by the Telegram handlers, the
command menus (BotFather's list, ``setMyCommands``), ``/help`` in Telegram and the terminal chat.

Telegram-free: the handlers map each name to their callback and fail at start-up when a command
of the table has none (or a callback has no command here).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import messages


@dataclass(frozen=True)
class Command:
    name: str
    menu: str
    """The short description in the command menu."""
    usage: str
    """The line in /help (arguments shown)."""
    private: bool = True
    """Offered in private chats' menu."""
    group: bool = True
    """Offered in groups' menu."""
    telegram_only: bool = False
    """Makes sense only in Telegram (subscriptions, operator uploads)."""
    operator: bool = False
    """For the operators of BOT_ADMIN_IDS, in private chats; not in the menus."""


COMMANDS: tuple[Command, ...] = (
    Command("start", "Bắt đầu, câu hỏi mẫu", "/start — lời chào và câu hỏi mẫu", group=False),
    Command("help", "Hướng dẫn sử dụng", "/help — hướng dẫn này"),
    Command(
        "rank",
        "Xếp hạng Chính phủ điện tử (/rank bo, /rank tinh, /rank hue)",
        "/rank — xếp hạng Chính phủ điện tử của Việt Nam (LHQ); /rank bo, /rank tinh — các bộ,"
        " các tỉnh; /rank <tên> — một bộ hoặc tỉnh, ví dụ /rank hue",
    ),
    Command(
        "dvctt",
        "Số liệu dịch vụ công trực tuyến",
        "/dvctt — dịch vụ công trực tuyến, Cổng Dịch vụ công quốc gia; /dvctt <tỉnh> cho một tỉnh",
    ),
    Command("nguon", "Các bài viết làm nguồn số liệu", "/nguon — các bài viết làm nguồn"),
    Command(
        "trichdan",
        "Câu gốc của câu trả lời vừa rồi",
        "/trichdan — câu gốc trong bài báo của câu trả lời vừa rồi (hoặc bấm 📄 Trích dẫn)",
        group=False,
    ),
    Command(
        "subscribe",
        "Nhận bản tin hằng ngày (/subscribe 07:30)",
        "/subscribe [HH:MM] [số tin] — nhận bản tin hằng ngày trong nhóm, kênh hoặc tin nhắn"
        " riêng; /subscribe @kenh 07:30 cho một kênh bạn quản trị",
        telegram_only=True,
    ),
    Command("unsubscribe", "Ngừng nhận bản tin", "/unsubscribe — ngừng nhận", telegram_only=True),
    Command("digest", "Xem trước bản tin", "/digest — xem trước bản tin sắp gửi"),
    Command(
        "them",
        "Thêm bài viết",
        "/them — thêm bài viết (dán văn bản), hoặc gửi tệp .txt/.md/.html",
        telegram_only=True,
        operator=True,
    ),
    Command(
        "xoa",
        "Gỡ bài viết",
        "/xoa <mã hoặc tên bài> — gỡ một bài",
        telegram_only=True,
        operator=True,
    ),
    Command(
        "stats",
        "Thống kê sử dụng",
        "/stats [số ngày] — thống kê sử dụng, bản tin đã gửi",
        telegram_only=True,
        operator=True,
    ),
)

BY_NAME = {c.name: c for c in COMMANDS}


def menu(*, group: bool) -> list[tuple[str, str]]:
    """(name, description) for the command menu of private chats or of groups."""
    return [
        (c.name, c.menu) for c in COMMANDS if not c.operator and (c.group if group else c.private)
    ]


def help_text(*, terminal: bool = False, operator: bool = False, username: str = "tên_bot") -> str:
    """/help: every command, one line each; in the terminal, Telegram-only ones say so."""
    lines = [messages.HELP_HEAD]
    for command in COMMANDS:
        if command.operator and not operator:
            continue
        line = f"• {command.usage}"
        if terminal and command.telegram_only:
            line += messages.HELP_TELEGRAM_ONLY
        lines.append(line)
    lines.append(
        messages.HELP_TERMINAL_TAIL
        if terminal
        else messages.HELP_TELEGRAM_TAIL.format(username=username)
    )
    return "\n".join(lines)
