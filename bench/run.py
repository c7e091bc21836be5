"""Answer latency and throughput, on the bundled store and on a generated 100,000-fact store,
side by side with the baseline a user would write first: ``rapidfuzz.process.extractOne`` over
every fact sentence. Everything is measured in one run, so compare ratios rather than absolutes.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rapidfuzz import process

from bench.evaluate import LabelledQuestion, OneShot, evaluate, gives_expected, load_questions
from bot import vn
from bot.answer import Answerer
from bot.answer.dialogue import Dialogue
from bot.config import PROJECT_ROOT, Settings
from bot.ingest.load import ingest_paths
from bot.lexicon import Lexicon
from bot.models import Answer, Article, Fact, Figure
from bot.store import FactStore

QUESTIONS = PROJECT_ROOT / "tests" / "eval" / "questions.jsonl"


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


async def _generated_store(path: Path, base: list[Fact], size: int, lexicon: Lexicon) -> None:
    """A store of ``size`` facts: the bundled facts re-dated, re-valued and re-attributed."""
    rng = random.Random(7)
    provinces = [e.name for e in lexicon.entities if e.type == "province"]
    per_article = 100
    async with await FactStore.open(path) as store:
        for number in range(0, size, per_article):
            article = Article(
                id=f"gen_{number // per_article:05d}",
                title=f"Bài tổng hợp số {number // per_article}",
                outlet="bench",
                sha256=f"{number:064x}",
            )
            facts = []
            for offset in range(per_article):
                model = base[rng.randrange(len(base))]
                year = str(rng.randint(2008, 2030))
                subject = rng.choice(provinces)
                value = round(model.primary.value * rng.uniform(0.5, 1.5), 2)
                figure = Figure(
                    raw=vn.format_number(value), value=value, unit=model.primary.unit, period=year
                )
                facts.append(
                    Fact(
                        article=article.id,
                        sentence_no=offset,
                        quote=f"{subject}: {model.quote.replace(model.primary.raw, figure.raw)}",
                        figures=(figure,),
                        kind=model.kind,
                        measure=model.measure,
                        subject=subject,
                        period=year,
                        period_label=f"năm {year}",
                        topics=model.topics,
                    )
                )
            await store.save_article(article, facts, [], lexicon)


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
                "engine": await _time_async(answerer.ask, texts, rounds=3),
                "baseline": await _time_async(_baseline(base), texts, rounds=3),
                "engine_accuracy": round(report.accuracy, 3),
                "baseline_accuracy": round(_baseline_accuracy(base, labelled), 3),
            }
        big = Path(tmp) / "generated.db"
        t0 = time.perf_counter()
        await _generated_store(big, base, facts, lexicon)
        build = time.perf_counter() - t0
        async with await FactStore.open(big) as store:
            t0 = time.perf_counter()
            answerer = await Answerer.create(store, lexicon)
            load = time.perf_counter() - t0
            every = await store.facts()
            sample = texts[:60]
            results["generated"] = {
                "facts": len(every),
                "questions": len(sample),
                "build_s": round(build, 1),
                "engine_load_s": round(load, 1),
                "engine": await _time_async(answerer.ask, sample, rounds=1),
                "baseline": await _time_async(_baseline(every), sample[:20], rounds=1),
            }
    if as_json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        for name, row in results.items():
            engine, baseline = row["engine"], row["baseline"]
            print(f"{name}: {row['facts']:,} dữ kiện, {row['questions']} câu hỏi")
            print(
                f"  engine   p50 {engine['p50_ms']:>9.3f} ms  p99 {engine['p99_ms']:>9.3f} ms"
                f"  {engine['qps']:>8.1f} câu/s"
            )
            print(
                f"  baseline p50 {baseline['p50_ms']:>9.3f} ms  p99 {baseline['p99_ms']:>9.3f} ms"
                f"  {baseline['qps']:>8.1f} câu/s  (extractOne over every sentence)"
            )
            if "engine_accuracy" in row:
                print(
                    f"  accuracy engine {row['engine_accuracy']:.1%}"
                    f" vs baseline {row['baseline_accuracy']:.1%}"
                )
            if "build_s" in row:
                print(f"  build {row['build_s']} s, engine load {row['engine_load_s']} s")


if __name__ == "__main__":
    asyncio.run(run_benchmarks(Settings(), facts=10_000))
