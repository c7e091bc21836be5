"""The development corpus is well-formed: every question row names an article of its own split,
its evidence is an exact substring of that article, and its answer has a known type and a value
of that type's shape. A mislabelled row would make the evaluation measure the wrong thing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bench.evaluate import SPLITS, corpus_articles, corpus_questions

TYPES = {"rank", "score", "count", "percent", "money", "change", "date", "entity", "document"}
FORMS = {
    "abbrev",
    "colloquial",
    "diacritics",
    "no_diacritics",
    "partial",
    "period",
    "typo",
    "near_miss",
    "out_of_scope",
}


def _rows(split: str) -> list[tuple[int, dict[str, object]]]:
    lines = corpus_questions(split).read_text(encoding="utf-8").splitlines()
    return [(n, json.loads(line)) for n, line in enumerate(lines, start=1) if line.strip()]


@pytest.mark.parametrize("split", SPLITS)
def test_question_rows(split: str) -> None:
    articles = {p.stem: p for p in corpus_articles(split).glob("*.txt")}
    problems: list[str] = []
    for number, row in _rows(split):
        where = f"{split}:{number}"
        if not str(row.get("q", "")).strip():
            problems.append(f"{where}: no question")
        if row.get("form") not in FORMS:
            problems.append(f"{where}: form {row.get('form')!r}")
        answer = row.get("answer")
        if answer is None:
            continue
        assert isinstance(answer, dict)
        article = str(row.get("article", ""))
        if article not in articles:
            problems.append(f"{where}: article {article!r} is not in {split}")
            continue
        text = articles[article].read_text(encoding="utf-8")
        evidence = str(row.get("evidence", ""))
        if not evidence or evidence not in text:
            problems.append(f"{where}: evidence not in {article}: {evidence!r}")
        kind, value = answer.get("type"), answer.get("value")
        if kind not in TYPES:
            problems.append(f"{where}: answer type {kind!r}")
        elif kind == "date":
            try:
                dt.date.fromisoformat(str(value)) if len(str(value)) == 10 else int(str(value)[:4])
            except ValueError:
                problems.append(f"{where}: date {value!r} is not ISO")
        elif kind == "entity":
            if not (isinstance(value, str) or (isinstance(value, list) and value)):
                problems.append(f"{where}: entity {value!r}")
        elif kind == "document":
            if not isinstance(value, str) or not value:
                problems.append(f"{where}: document {value!r}")
        elif not isinstance(value, int | float) or isinstance(value, bool):
            problems.append(f"{where}: {kind} value {value!r} is not a number")
        if kind == "money" and answer.get("currency") not in ("VND", "USD"):
            problems.append(f"{where}: money without currency")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("split", SPLITS)
def test_every_article_is_asked_about(split: str) -> None:
    asked = {str(row.get("article")) for _, row in _rows(split) if row.get("answer")}
    articles = {p.stem for p in corpus_articles(split).glob("*.txt")}
    assert articles <= asked, sorted(articles - asked)


def test_articles_are_readable_text() -> None:
    for split in SPLITS:
        for path in corpus_articles(split).glob("*.txt"):
            text = path.read_text(encoding="utf-8")
            assert len(text) > 800, path
            assert Path(path).stem.isascii(), path
