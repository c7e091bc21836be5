"""Ingestion throughput and memory: N renamed, slightly varied copies of the bundled articles.

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

from bot.config import Settings
from bot.ingest.load import article_files, ingest_bytes
from bot.lexicon import Lexicon
from bot.store import FactStore

# Word swaps chosen by the bits of a copy's number, so copies differ in words, not only in name.
_SWAPS = (
    ("hội nghị", "hội thảo"),
    ("cho biết", "nhấn mạnh"),
    ("đẩy mạnh", "tăng cường"),
    ("Theo ", "Căn cứ "),
    ("triển khai", "thực hiện"),
    ("quan tâm", "chú ý"),
)


def _variant(text: str, number: int) -> str:
    for bit, (old, new) in enumerate(_SWAPS):
        if number >> bit & 1:
            text = text.replace(old, new)
    # A heading line (no sentence punctuation) is dropped as furniture but keeps hashes distinct.
    return f"{text}\n\nBản sao {number}\n"


def _max_rss_mib() -> float | None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


async def _run(copies: int, sources: list[Path], lexicon: Lexicon) -> dict[str, Any]:
    texts = [(path, path.read_text(encoding="utf-8")) for path in sources]
    facts = rankings = 0
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as folder:
        async with await FactStore.open(Path(folder) / "bench.db") as store:
            started = time.perf_counter()
            for index in range(copies):
                path, text = texts[index % len(texts)]
                number = index // len(texts)
                data = _variant(text, number).encode("utf-8")
                target = Path(folder) / f"{number:05d}_{path.name}"
                result = await ingest_bytes(store, data, target, lexicon)
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
    """Ingest ``copies`` varied copies of the bundled articles into a temporary store.

    Returns (and prints) articles per second, the tracemalloc peak and the process's maximum
    resident set size. Call it outside a running event loop.
    """
    if copies < 1:
        raise ValueError("copies must be at least 1")
    sources = article_files([Settings().articles_dir])
    if not sources:
        raise RuntimeError("no bundled articles to copy")
    lexicon = Lexicon.load()
    tracemalloc.start()
    try:
        result = asyncio.run(_run(copies, sources, lexicon))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
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
