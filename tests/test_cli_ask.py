"""The `ask` command's JSON lines contract, which other tools rely on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT


def test_ask_cli_json_contract(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    run = [sys.executable, "-m", "bot"]
    subprocess.run([*run, "ingest", "--db", str(db)], check=True, capture_output=True)
    result = subprocess.run(
        [*run, "ask", "--db", str(db), "--json"],
        input="cổng dịch vụ công quốc gia có bao nhiêu tài khoản\nthời tiết hà nội\n",
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["answered"] for r in rows] == [True, False]
    first = rows[0]
    assert {"question", "answered", "text", "facts", "confidence", "suggestions"} <= set(first)
    assert first["facts"][0]["source"]["article"].startswith("000_")
    assert {"quote", "figures", "source"} <= set(first["facts"][0])
    assert rows[1]["suggestions"]
