"""The benchmarks still run (tiny sizes; the figures themselves are printed, never asserted)."""

from __future__ import annotations

import pytest

from bench.digest import run_once as digest_run
from bench.run import run_benchmarks
from bench.updates import run_once as updates_run
from bot.config import Settings


@pytest.mark.slow
async def test_answer_benchmark_prints_both_stores(capsys: pytest.CaptureFixture[str]) -> None:
    assert await run_benchmarks(Settings(_env_file=None), facts=300, parts=("answer",)) == 0
    printed = capsys.readouterr().out
    assert "bundled:" in printed and "generated:" in printed and "baseline" in printed
    assert "reference" in printed and "start-up" in printed and "cache" in printed


@pytest.mark.slow
async def test_updates_benchmark_gets_every_reply() -> None:
    run = await updates_run(30, 5, rate_limited=False)
    assert run["updates"] == 30 and run["updates_per_s"] > 0 and run["latency_p99_ms"] > 0


@pytest.mark.slow
async def test_digest_benchmark_sends_once_per_chat() -> None:
    run = await digest_run(20, rate_limited=False)
    assert run["sent"] == 20 and run["duplicates"] == 0
