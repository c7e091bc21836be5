"""Answer latency and throughput, on the bundled store and on a generated 100,000-fact store,
side by side with the baseline a user would write first: ``rapidfuzz.process.extractOne`` over
every fact sentence. Everything is measured in one run, so compare ratios rather than absolutes.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rapidfuzz import process

from bench.evaluate import (
    SPLITS,
    LabelledQuestion,
    OneShot,
    corpus_questions,
    evaluate,
    gives_expected,
    load_questions,
)
from bench.generate import variants
from bot.answer import Answerer
from bot.answer.dialogue import Dialogue
from bot.answer.engine import CACHE_SIZE
from bot.config import DATA_DIR, PROJECT_ROOT, Settings
from bot.ingest.load import ingest_bytes, ingest_paths
from bot.lexicon import Lexicon
from bot.models import Answer, Fact
from bot.store import FactStore

QUESTIONS = PROJECT_ROOT / "tests" / "eval" / "questions.jsonl"
REFERENCE_SAMPLE = 30
"""Questions asked of the slow reference path and of extractOne on the generated store."""


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


async def _time_async(
    call: Callable[[str], Awaitable[Any]], questions: list[str], rounds: int
) -> dict[str, float]:
    samples: list[float] = []
    start = time.perf_counter()
    for _ in range(rounds):
        for question in questions:
            t0 = time.perf_counter()
            await call(question)
            samples.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - start
    return {
        "p50_ms": round(statistics.median(samples) * 1000, 3),
        "p99_ms": round(_percentile(samples, 0.99) * 1000, 3),
        "qps": round(len(samples) / elapsed, 1),
    }


def _baseline(facts: list[Fact]) -> Callable[[str], Awaitable[Fact]]:
    sentences = [f.quote for f in facts]

    async def ask(question: str) -> Fact:
        match = process.extractOne(question, sentences)
        assert match is not None
        return facts[match[2]]

    return ask


def _baseline_accuracy(facts: list[Fact], questions: list[LabelledQuestion]) -> float:
    """Share of in-scope questions whose closest fact sentence gives the expected figure."""
    sentences = [f.quote for f in facts]
    right = total = 0
    for question in questions:
        if question.expected is None:
            continue
        total += 1
        match = process.extractOne(question.text, sentences)
        if match is None:
            continue
        fact = facts[match[2]]
        shown = Answer(question=question.text, answered=True, facts=[fact], figure=fact.primary)
        if gives_expected(shown, question.expected):
            right += 1
    return right / total if total else 0.0


async def _generated_store(path: Path, size: int, lexicon: Lexicon) -> dict[str, Any]:
    """A store of at least ``size`` facts: the bundled articles and variants of them and of the
    development corpus (bench.generate), ingested through the product's pipeline."""
    async with await FactStore.open(path) as store:
        await ingest_paths(store, [DATA_DIR / "articles"], lexicon)
        facts = articles = 0
        started = time.perf_counter()
        for name, text in variants(10**7, lexicon):
            result = await ingest_bytes(store, text.encode("utf-8"), Path(name), lexicon)
            facts += result.facts
            articles += 1
            if facts >= size:
                break
        seconds = time.perf_counter() - started
    return {
        "articles": articles,
        "seconds": round(seconds, 1),
        "articles_per_s": round(articles / seconds, 1),
    }


def _startup(path: Path, what: str) -> dict[str, Any]:
    """Start-up measured by ``bench.startup`` in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.startup", str(path), what],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


async def _uncached(answerer: Answerer, questions: list[str], rounds: int) -> dict[str, float]:
    """Timings with the answer cache off: every question worked out."""
    size, answerer.cache_size = answerer.cache_size, 0
    try:
        return await _time_async(answerer.ask, questions, rounds)
    finally:
        answerer.cache_size = size


async def _cached(answerer: Answerer, questions: list[str]) -> dict[str, float]:
    """Timings of questions asked before: each is asked once to fill the cache, then timed."""
    for question in questions:
        await answerer.ask(question)
    return await _time_async(answerer.ask, questions, rounds=1)


def _answer_key(answer: Answer) -> tuple[object, ...]:
    return (
        answer.answered,
        answer.figure.value if answer.figure else None,
        answer.facts[0].id if answer.facts else None,
    )


PARTS = ("answer", "ingest", "updates", "digest")


async def run_benchmarks(
    settings: Settings,
    *,
    as_json: bool = False,
    facts: int = 100_000,
    parts: tuple[str, ...] = PARTS,
    digest_chats: int = 10_000,
) -> int:
    """Print the figures of the benchmarks named in ``parts``."""
    if "answer" in parts:
        await _answer_benchmark(settings, as_json=as_json, facts=facts)
    if "ingest" in parts:
        from bench.ingest import bench_ingest

        print("ingest:", flush=True)
        await asyncio.to_thread(bench_ingest, 200)
    if "updates" in parts:
        try:
            from bench.updates import bench_updates
        except ImportError as exc:
            print(f"updates: bỏ qua ({exc}); cài '.[dev]' để chạy", flush=True)
        else:
            print(
                "updates (real Application, local Bot API stand-in; a burst measures throughput"
                " and its latency includes the queue, a steady pace measures reply latency):",
                flush=True,
            )
            await bench_updates()
    if "digest" in parts:
        try:
            from bench.digest import bench_digest
        except ImportError as exc:  # the stand-in Bot API comes with the dev extra
            print(f"digest: bỏ qua ({exc}); cài '.[dev]' để chạy", flush=True)
        else:
            print("digest (local Bot API stand-in):", flush=True)
            await bench_digest(digest_chats)
    return 0


async def _answer_benchmark(settings: Settings, *, as_json: bool, facts: int) -> None:
    lexicon = Lexicon.load()
    labelled = load_questions(QUESTIONS)
    texts = [q.text for q in labelled]
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "bundled.db"
        async with await FactStore.open(small) as store:
            await ingest_paths(store, [settings.articles_dir], lexicon)
            answerer = await Answerer.create(store, lexicon)
            base = await store.facts()
            report = await evaluate(OneShot(Dialogue(answerer)), labelled, "bundled")
            results["bundled"] = {
                "facts": len(base),
                "questions": len(texts),
                "engine": await _uncached(answerer, texts, rounds=3),
                "baseline": await _time_async(_baseline(base), texts, rounds=3),
                "engine_accuracy": round(report.accuracy, 3),
                "baseline_accuracy": round(_baseline_accuracy(base, labelled), 3),
            }
        big = Path(tmp) / "generated.db"
        built = await _generated_store(big, facts, lexicon)
        async with await FactStore.open(big) as store:
            answerer = await Answerer.create(store, lexicon)
            every = await store.facts()
            # Every question of every evaluation set: the bundled one and the corpus splits.
            asked = texts + [
                q.text for split in SPLITS for q in load_questions(corpus_questions(split))
            ]
            sample = asked[:: max(1, len(asked) // REFERENCE_SAMPLE)][:REFERENCE_SAMPLE]
            answerer.cache_size = 0
            fast = {t: _answer_key(await answerer.ask(t)) for t in sample}
            answerer.exhaustive = True
            reference = await _time_async(answerer.ask, sample, rounds=1)
            same = sum([_answer_key(await answerer.ask(t)) == fast[t] for t in sample])
            answerer.exhaustive = False
            answerer.cache_size = CACHE_SIZE
            results["generated"] = {
                "facts": len(every),
                "questions": len(asked),
                "ingest": built,
                "engine": await _uncached(answerer, asked, rounds=1),
                "cached": await _cached(answerer, asked),
                "reference": reference,
                "reference_questions": len(sample),
                "same_as_reference": same,
                "baseline": await _time_async(_baseline(every), sample, rounds=1),
            }
            del every, answerer
        results["generated"]["startup"] = _startup(big, "answerer")
        results["generated"]["bot_startup"] = _startup(big, "bot")
    if as_json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        for name, row in results.items():
            engine, baseline = row["engine"], row["baseline"]
            print(f"{name}: {row['facts']:,} dữ kiện, {row['questions']} câu hỏi")
            print(
                f"  engine   p50 {engine['p50_ms']:>8.3f} ms  p99 {engine['p99_ms']:>9.3f} ms"
                f"  {engine['qps']:>8.1f} câu/s"
            )
            print(
                f"  baseline p50 {baseline['p50_ms']:>8.3f} ms  p99 {baseline['p99_ms']:>9.3f} ms"
                f"  {baseline['qps']:>8.1f} câu/s  (extractOne over every sentence)"
            )
            if "engine_accuracy" in row:
                print(
                    f"  accuracy engine {row['engine_accuracy']:.1%}"
                    f" vs baseline {row['baseline_accuracy']:.1%}"
                )
            if "cached" in row:
                cached = row["cached"]
                print(
                    f"  cached   p50 {cached['p50_ms']:>8.3f} ms  p99 {cached['p99_ms']:>9.3f} ms"
                    f"  {cached['qps']:>8.1f} câu/s  (the same questions again, from the cache)"
                )
            if "reference" in row:
                ref = row["reference"]
                print(
                    f"  reference p50 {ref['p50_ms']:>8.3f} ms  p99 {ref['p99_ms']:>9.3f} ms"
                    f"  {ref['qps']:>8.1f} câu/s  (every fact sharing a word scored;"
                    f" same answer {row['same_as_reference']}/{row['reference_questions']})"
                )
                ingest, start, bot = row["ingest"], row["startup"], row["bot_startup"]
                print(
                    f"  ingest {ingest['articles']:,} bài trong {ingest['seconds']} s"
                    f" ({ingest['articles_per_s']} bài/s)"
                )
                print(
                    f"  start-up: answerer {start['seconds']} s, {start['rss_mib']} MiB resident;"
                    f" whole bot {bot['seconds']} s, {bot['rss_mib']} MiB (separate processes)"
                )


if __name__ == "__main__":
    asyncio.run(run_benchmarks(Settings(), facts=10_000))
