"""Start-up of one store, measured in a process of its own so nothing else is counted.

python -m bench.startup STORE  prints JSON: the answerer's start-up (reading facts and their
stored search terms, building the candidate index), the bot's whole start-up (``Services.open``:
store, migrations, vocabulary, answerer) and the resident memory after each.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

from bot.answer import Answerer
from bot.config import Settings
from bot.lexicon import Lexicon
from bot.services import Services
from bot.store import FactStore


def resident_mib() -> float | None:
    """The process's resident set size now (Linux), in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


async def _measure(path: Path, what: str) -> dict[str, Any]:
    started = time.perf_counter()
    if what == "answerer":
        async with await FactStore.open(path) as store:
            answerer = await Answerer.create(store, Lexicon.load())
            seconds = time.perf_counter() - started
            gc.collect()
            facts = len(answerer._index.ids)
            rss = resident_mib()
    else:
        services = await Services.open(Settings(_env_file=None, bot_db=path))
        seconds = time.perf_counter() - started
        gc.collect()
        facts = len(services.answerer._index.ids)
        rss = resident_mib()
        await services.close()
    return {"what": what, "facts": facts, "seconds": round(seconds, 2), "rss_mib": rss}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    usage = "usage: python -m bench.startup STORE [answerer|bot]"
    if not args or args[0].startswith("-"):
        print(usage, file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    if not Path(args[0]).is_file():
        # Opening a missing store would create an empty one and measure nothing.
        print(f"{args[0]}: no such store\n{usage}", file=sys.stderr)
        return 2
    what = args[1] if len(args) > 1 else "answerer"
    print(json.dumps(asyncio.run(_measure(Path(args[0]), what))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
