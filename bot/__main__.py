"""Command line: ingest, facts, ask, eval, run, digest, bench, stats.

python -m bot ingest [PATH ...] [--db FILE]
python -m bot facts [--db FILE] [--json]
python -m bot ask [QUESTION ...] [--db FILE] [--json]
python -m bot eval [--db FILE] [--json]
python -m bot run
python -m bot digest --now [--db FILE]
python -m bot bench [--only answer|ingest|updates|digest] [--json] [--facts N] [--chats N]
python -m bot stats [--db FILE] [--json] [--days N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import logs
from bot.config import Settings
from bot.models import Answer, Fact

if TYPE_CHECKING:
    from bot.services import Services


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings()
    if getattr(args, "db", None):
        settings = settings.model_copy(update={"bot_db": Path(args.db)})
    return settings


def fact_json(fact: Fact) -> dict[str, Any]:
    source = fact.source
    return {
        "quote": fact.quote,
        "figures": [f.model_dump(mode="json") for f in fact.figures],
        "kind": fact.kind,
        "measure": fact.measure,
        "subject": fact.subject,
        "period": fact.period,
        "period_label": fact.period_label,
        "topics": list(fact.topics),
        "source": source.model_dump(mode="json") if source else None,
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    from bot.render import answer_plain

    return {
        "question": answer.question,
        "answered": answer.answered,
        "text": answer_plain(answer),
        "figure": answer.figure.model_dump(mode="json") if answer.figure else None,
        "facts": [fact_json(f) for f in answer.facts],
        "confidence": answer.confidence,
        "suggestions": answer.suggestions,
    }


async def cmd_ingest(args: argparse.Namespace) -> int:
    from bot.ingest.load import ingest_paths
    from bot.lexicon import Lexicon
    from bot.store import FactStore

    settings = _settings(args)
    paths = [Path(p) for p in args.paths] or [settings.articles_dir]
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        print(f"không tìm thấy: {path}", file=sys.stderr)
    async with await FactStore.open(settings.bot_db) as store:
        report = await ingest_paths(store, [p for p in paths if p.exists()], Lexicon.load())
        for result in report.results:
            if result.error:
                print(f"BỎ QUA  {result.error}", file=sys.stderr)
            else:
                print(
                    f"{result.outcome:<9} {result.path.name}: {result.facts} dữ kiện, "
                    f"{result.rankings} xếp hạng"
                )
        stats = await store.stats()
    print(
        f"kho {settings.bot_db}: {stats.articles} bài, {stats.facts} dữ kiện, "
        f"{stats.rankings} xếp hạng"
    )
    return 1 if report.rejected or missing else 0


async def cmd_facts(args: argparse.Namespace) -> int:
    from bot.render import figure_text
    from bot.store import FactStore

    async with await FactStore.open(_settings(args).bot_db) as store:
        facts = await store.facts()
    for fact in facts:
        if args.json:
            print(json.dumps(fact_json(fact), ensure_ascii=False))
        else:
            figures = "; ".join(figure_text(f) for f in fact.figures)
            print(
                f"[{fact.article}#{fact.sentence_no}] {fact.subject} · {fact.period_label} · "
                f"{fact.kind}: {figures} — {fact.measure}"
            )
    return 0


async def _services(args: argparse.Namespace) -> Services:
    from bot.services import Services

    settings = _settings(args)
    # A store named with --db is used as it is; the default one is kept in sync.
    return await Services.open(settings, sync_articles=not getattr(args, "db", None))


async def cmd_ask(args: argparse.Namespace) -> int:
    from bot.render import answer_plain

    services = await _services(args)
    try:
        questions: Iterable[str] = args.question or sys.stdin
        for number, line in enumerate(questions):
            text = line.strip()
            if not text:
                continue
            # Each question on its own: a line is not a follow-up of the one before.
            answer = await services.dialogue.reply((-1 - number, 0), text)
            if args.json:
                print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
            else:
                print(answer_plain(answer), end="\n\n", flush=True)
    finally:
        await services.close()
    return 0


async def cmd_eval(args: argparse.Namespace) -> int:
    # The evaluation is a tool of the repository (bench/), reached only from this command.
    from bench.evaluate import run_all

    settings = _settings(args)
    external = tuple(Path(folder) for folder in args.corpus)
    for folder in external:
        if not (folder / "articles").is_dir() or not (folder / "questions.jsonl").is_file():
            print(f"{folder}: cần thư mục articles/ và tệp questions.jsonl", file=sys.stderr)
            return 2
    default = () if external else ("bundled", "tune", "check")
    sets = tuple(args.only) if args.only else default
    factory = None
    if args.baseline:
        from bench.baseline import SentenceBaseline

        factory = SentenceBaseline.create
    result = await run_all(
        settings.articles_dir, sets=sets, asker_factory=factory, external=external
    )
    if args.json:
        print(json.dumps(result.summary(), ensure_ascii=False))
    else:
        print(result.text(args.verbose))
    return 0


async def cmd_digest(args: argparse.Namespace) -> int:
    from bot.digest import send_digests_now
    from handlers.digest import telegram_sender

    if not args.now:
        print("dùng: python -m bot digest --now", file=sys.stderr)
        return 2
    settings = _settings(args)
    return await send_digests_now(settings, open_sender=lambda: telegram_sender(settings))


async def cmd_bench(args: argparse.Namespace) -> int:
    from bench.run import PARTS, run_benchmarks

    parts = tuple(args.only) if args.only else PARTS
    return await run_benchmarks(
        _settings(args), as_json=args.json, facts=args.facts, parts=parts, digest_chats=args.chats
    )


async def cmd_charts(args: argparse.Namespace) -> int:
    from bot.charts import render
    from bot.queries import chart_reports

    out = Path(args.out)
    await asyncio.to_thread(out.mkdir, parents=True, exist_ok=True)
    services = await _services(args)
    try:
        for name, report in await chart_reports(services.store, services.lexicon):
            png = render(report.series) if report.series is not None else None
            if png is None:
                print(f"{name}: chưa đủ số liệu để vẽ biểu đồ")
                continue
            path = out / f"{name}.png"
            await asyncio.to_thread(path.write_bytes, png)
            print(f"{path}  {report.series.title if report.series else ''}")
    finally:
        await services.close()
    return 0


async def cmd_stats(args: argparse.Namespace) -> int:
    from bot.render import stats_text
    from bot.stats import collect_stats
    from bot.store import FactStore

    async with await FactStore.open(_settings(args).bot_db) as store:
        stats = await collect_stats(store, days=args.days)
    if args.json:
        print(json.dumps(stats.as_json(), ensure_ascii=False))
    else:
        print(stats_text(stats))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--db", help="SQLite store (default: $BOT_DB or data/egov.db)")
        return command

    ingest = add("ingest", "ingest article files or folders (default data/articles)")
    ingest.add_argument("paths", nargs="*")
    facts = add("facts", "print every fact in the store")
    facts.add_argument("--json", action="store_true")
    ask = add("ask", "answer questions from arguments or stdin (one per line)")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true")
    evaluation = add("eval", "accuracy on the bundled set and the corpus's tune and check splits")
    evaluation.add_argument(
        "--only", action="append", choices=["bundled", "tune", "check"], help="repeatable"
    )
    evaluation.add_argument(
        "--baseline", action="store_true", help="plain sentence retrieval instead of the bot"
    )
    evaluation.add_argument(
        "--corpus",
        action="append",
        default=[],
        metavar="DIR",
        help="also (or, without --only, instead) a folder of articles/ and questions.jsonl, "
        "asked on a store of the bundled articles and its own; repeatable",
    )
    evaluation.add_argument("--json", action="store_true")
    evaluation.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    add("run", "run the Telegram bot (or a terminal chat without a token)")
    digest = add("digest", "send today's digest to every subscriber not yet served")
    digest.add_argument("--now", action="store_true")
    bench = add("bench", "answer, ingest and digest benchmarks that print figures")
    bench.add_argument("--json", action="store_true", help="answer benchmark as JSON")
    bench.add_argument("--facts", type=int, default=100_000, help="size of the generated store")
    bench.add_argument("--chats", type=int, default=10_000, help="chats for the digest benchmark")
    bench.add_argument(
        "--only",
        action="append",
        choices=["answer", "ingest", "updates", "digest"],
        help="repeatable",
    )
    charts = add("charts", "save the charts of /rank, /rank bo, /rank tinh, /dvctt as PNG files")
    charts.add_argument("--out", default="charts", help="folder for the PNG files")
    stats = add("stats", "usage: questions per day, share answered, unanswered, 👎, subscribers")
    stats.add_argument("--json", action="store_true")
    stats.add_argument("--days", type=int, default=7, help="days back, today included")

    args = parser.parse_args(argv)
    settings = Settings()
    token = settings.telegram_bot_token
    logs.configure(settings.log_level, [token.get_secret_value()] if token else [])
    if args.command == "run":
        from bot.app import run

        return run(_settings(args))
    handler = {
        "ingest": cmd_ingest,
        "facts": cmd_facts,
        "ask": cmd_ask,
        "eval": cmd_eval,
        "digest": cmd_digest,
        "bench": cmd_bench,
        "stats": cmd_stats,
        "charts": cmd_charts,
    }[args.command]
    try:
        return asyncio.run(handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
