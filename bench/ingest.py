"""Ingestion throughput and memory: N variants of the bundled and corpus articles
(bench.generate), with and without memory tracing.

python -m bench.ingest [COPIES]
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bench.generate import variants
from bot.ingest.load import ingest_bytes
from bot.lexicon import Lexicon
from bot.store import FactStore


def _max_rss_mib() -> float | None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


async def _run(copies: int, lexicon: Lexicon) -> dict[str, Any]:
    texts = [(Path(name), text) for name, text in variants(copies, lexicon)]
    facts = rankings = 0
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as folder:
        async with await FactStore.open(Path(folder) / "bench.db") as store:
            started = time.perf_counter()
            for name, text in texts:
                result = await ingest_bytes(store, text.encode("utf-8"), name, lexicon)
                if result.error:
                    raise RuntimeError(result.error)
                facts += result.facts
                rankings += result.rankings
            seconds = time.perf_counter() - started
            stats = await store.stats()
    return {
        "articles": copies,
        "stored_articles": stats.articles,
        "facts": facts,
        "rankings": rankings,
        "seconds": round(seconds, 3),
        "articles_per_second": round(copies / seconds, 1) if seconds > 0 else None,
    }


def bench_ingest(copies: int = 200) -> dict[str, Any]:
    """Ingest ``copies`` article variants into a temporary store, once as is and once with
    tracemalloc on (its peak is the memory figure; tracing slows Python down).

    Returns (and prints) articles per second of each run, the tracemalloc peak and the
    process's maximum resident set size. Call it outside a running event loop.
    """
    if copies < 1:
        raise ValueError("copies must be at least 1")
    lexicon = Lexicon.load()
    result = asyncio.run(_run(copies, lexicon))
    tracemalloc.start()
    try:
        traced = asyncio.run(_run(copies, lexicon))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    result["articles_per_second_traced"] = traced["articles_per_second"]
    result["tracemalloc_peak_mib"] = round(peak / (1024 * 1024), 2)
    rss = _max_rss_mib()
    result["ru_maxrss_mib"] = round(rss, 1) if rss is not None else None
    print(json.dumps(result, ensure_ascii=False))
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    bench_ingest(int(args[0]) if args else 200)
    return 0


if __name__ == "__main__":
    sys.exit(main())
