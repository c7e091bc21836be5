"""`python -m bot ingest` and `facts --json` as a user runs them, with bad files among good ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ARTICLES_DIR, PROJECT_ROOT, bundled_counts

pytestmark = pytest.mark.slow

GOOD = sorted(ARTICLES_DIR.glob("*.txt"))


def run_bot(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "LOG_LEVEL": "WARNING"}
    env.pop("BOT_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *map(str, args)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def ingested(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One ingest run over good files and every kind of bad one."""
    folder = tmp_path_factory.mktemp("inputs")
    body = GOOD[2].read_text(encoding="utf-8")
    bad = {
        "cp1258.txt": body.encode("cp1258", errors="replace"),
        "latin1.txt": "Café déjà vu, résumé naïve: a Western European text.".encode("latin-1"),
        "binary.txt": bytes(range(256)) * 8,
        "empty.txt": b"",
        "page.txt": b"<!DOCTYPE html><html><head><title>x</title></head><body>"
        + body.encode()
        + b"</body></html>",
        "english.txt": b"The e-government survey ranks countries by online services, "
        b"telecommunication infrastructure and human capital. Viet Nam rose two places.",
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    db = folder / "store.db"
    files = [*GOOD, *(folder / name for name in bad), folder / "missing.txt"]
    return db, run_bot("ingest", *files, "--db", db)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("cp1258.txt", "UTF-8"),
        ("latin1.txt", "UTF-8"),
        ("binary.txt", "nhị phân"),
        ("empty.txt", "rỗng"),
        ("page.txt", "HTML"),  # HTML saved as .txt; a .html file is converted instead
        ("english.txt", "tiếng Việt"),
        ("missing.txt", "không tìm thấy"),
    ],
)
def test_bad_file_named_with_reason(
    ingested: tuple[Path, subprocess.CompletedProcess[str]], name: str, reason: str
) -> None:
    _, result = ingested
    lines = [line for line in result.stderr.splitlines() if name in line]
    assert lines, result.stderr
    assert any(reason in line for line in lines), lines


def test_good_files_still_ingested_and_exit_nonzero(
    ingested: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, result = ingested
    assert result.returncode != 0
    for path in GOOD:
        assert f"added     {path.name}" in result.stdout
    assert f"4 bài, {bundled_counts()[0]} dữ kiện" in result.stdout


def test_all_good_exits_zero_and_facts_json(tmp_path: Path) -> None:
    db = tmp_path / "good.db"
    result = run_bot("ingest", ARTICLES_DIR, "--db", db)
    assert result.returncode == 0, result.stderr
    again = run_bot("ingest", "--db", db, *GOOD[:1])
    assert again.returncode == 0
    assert again.stdout.startswith("unchanged")
    listed = run_bot("facts", "--db", db, "--json")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == bundled_counts()[0]
    for row in rows:
        assert {"quote", "figures", "kind", "subject", "period", "topics", "source"} <= row.keys()
        assert row["figures"] and all({"raw", "value", "unit"} <= f.keys() for f in row["figures"])
        assert row["kind"] in {"actual", "change", "target", "forecast"}
        assert set(row["source"]) >= {"title", "outlet", "published", "url", "article"}
    portal = [r for r in rows if r["figures"][0]["raw"] == "2.900"]
    assert portal and portal[0]["source"]["published"] == "2021-09-09"
    assert portal[0]["figures"][0]["value"] == 2900
