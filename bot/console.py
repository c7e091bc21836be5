"""Terminal chat: the bot's answers and commands without Telegram (``python -m bot run`` without
a token). Reads one line at a time, works with piped stdin, ends on EOF or /thoat."""

from __future__ import annotations

import sys
from typing import TextIO

from bot import commands, messages
from bot.config import Settings
from bot.digest import Digests
from bot.models import Answer, Report
from bot.queries import REPORTS, chart_report, report_for
from bot.render import answer_plain, html_to_plain, quote_plain, report_plain
from bot.services import Services

EXAMPLES = 4
_QUIT = {"/thoat", "/quit", "/exit", "/q"}


class ConsoleChat:
    """One terminal conversation: remembers the last examples and the last answer."""

    def __init__(self, services: Services, out: TextIO) -> None:
        self.services = services
        self.out = out
        self.examples: list[str] = []
        self.last: Answer | None = None

    def say(self, text: str) -> None:
        print(text, end="\n\n", file=self.out, flush=True)

    def show_examples(self, questions: list[str]) -> None:
        self.examples = questions[:EXAMPLES]
        if self.examples:
            lines = [messages.EXAMPLES_HEADER]
            lines += [f"  {n}. {q}" for n, q in enumerate(self.examples, 1)]
            self.say("\n".join(lines))

    def show_report(self, report: Report) -> None:
        text = report_plain(report)
        if report.series is not None and report.series.chartable:
            text += "\n" + messages.CONSOLE_CHART_NOTE
        self.say(text)

    async def handle(self, line: str) -> bool:
        """Answer one line; False when the user wants to leave."""
        text = self.services.dialogue.bound(line)
        if not text:
            return True
        if text.isascii() and text.isdigit() and 1 <= int(text) <= len(self.examples):
            text = self.examples[int(text) - 1]
        elif text.startswith("/"):
            head, _, arg = text.partition(" ")
            command = head.split("@", 1)[0].lower()
            return await self.command(command, arg.strip())
        answer = await self.services.dialogue.reply((0, 0), text)
        if answer.chart is not None:
            services = self.services
            self.show_report(await chart_report(services.store, services.lexicon, answer.chart))
            return True
        self.last = answer
        self.say(answer_plain(answer))
        if answer.suggestions and answer.answered:
            self.show_examples(answer.suggestions[:2])
        elif answer.suggestions:
            self.examples = answer.suggestions[:EXAMPLES]
        return True

    async def command(self, command: str, arg: str) -> bool:
        """A command of the command table; those that need Telegram say so."""
        store, lexicon = self.services.store, self.services.lexicon
        if command in _QUIT:
            return False
        name = command.lstrip("/")
        found = commands.BY_NAME.get(name)
        if found is None:
            self.say(messages.UNKNOWN_COMMAND.format(name=name))
        elif found.telegram_only:
            self.say(messages.CONSOLE_TELEGRAM_ONLY.format(name=name))
        elif name == "start":
            self.say(messages.WELCOME)
            self.show_examples(self.services.answerer.suggestions([]))
        elif name == "help":
            self.say(commands.help_text(terminal=True))
        elif name in REPORTS:
            self.show_report(await report_for(name, store, lexicon, arg))
        elif name == "trichdan":
            if self.last and self.last.answered and self.last.facts:
                self.say(quote_plain(self.last.facts[0]))
            else:
                self.say(messages.NO_LAST_ANSWER)
        elif name == "digest":
            preview = await Digests.from_settings(store, self.services.settings).preview(0, None)
            self.say(html_to_plain(preview))
        return True


async def run_console(
    settings: Settings,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    services: Services | None = None,
) -> int:
    """Chat in the terminal until EOF or /thoat; returns the exit status (0)."""
    source = stdin if stdin is not None else sys.stdin
    out = stdout if stdout is not None else sys.stdout
    print(messages.CONSOLE_BANNER, end="\n\n", file=out, flush=True)
    opened = services is None
    active = services if services is not None else await Services.open(settings)
    interactive = source.isatty()
    chat = ConsoleChat(active, out)
    try:
        await chat.command("/start", "")
        while True:
            if interactive:
                print("> ", end="", file=out, flush=True)
            try:
                line = source.readline()  # blocking on purpose: nothing else runs here
            except KeyboardInterrupt:
                break
            if not line or not await chat.handle(line):
                break
        print(messages.CONSOLE_BYE, file=out, flush=True)
    finally:
        if opened:
            await active.close()
    return 0
