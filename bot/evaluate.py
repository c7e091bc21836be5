"""Accuracy and abstention of the answer engine on a labelled question set (JSON lines).

In-scope rows: {"q", "value", "unit", "articles", "form"}; out-of-scope rows: {"q", "value": null}.
An answer is right when its figure has the expected value and it cites one of the articles.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.answer import Answerer


@dataclass(frozen=True)
class LabelledQuestion:
    text: str
    value: float | None
    articles: tuple[str, ...] = ()
    form: str = ""


@dataclass
class EvalReport:
    in_scope: int = 0
    right: int = 0
    wrong: int = 0
    abstained: int = 0
    out_of_scope: int = 0
    answered_out_of_scope: int = 0
    misses: list[str] = field(default_factory=list)
    by_form: Counter[str] = field(default_factory=Counter)
    right_by_form: Counter[str] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        return self.right / self.in_scope if self.in_scope else 0.0

    @property
    def false_answer_rate(self) -> float:
        return self.answered_out_of_scope / self.out_of_scope if self.out_of_scope else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "in_scope": self.in_scope,
            "accuracy": round(self.accuracy, 4),
            "wrong": self.wrong,
            "abstained": self.abstained,
            "out_of_scope": self.out_of_scope,
            "answered_out_of_scope": self.answered_out_of_scope,
            "false_answer_rate": round(self.false_answer_rate, 4),
            "accuracy_by_form": {
                form: round(self.right_by_form[form] / n, 3)
                for form, n in sorted(self.by_form.items())
            },
        }

    def text(self, verbose: bool = False) -> str:
        lines = [
            f"Câu hỏi trong phạm vi: {self.in_scope}; đúng {self.right} ({self.accuracy:.1%}), "
            f"sai {self.wrong}, không trả lời {self.abstained}",
            f"Câu hỏi ngoài phạm vi: {self.out_of_scope}; trả lời nhầm "
            f"{self.answered_out_of_scope} ({self.false_answer_rate:.1%})",
            "Theo dạng câu hỏi: "
            + ", ".join(
                f"{form} {self.right_by_form[form]}/{n}" for form, n in sorted(self.by_form.items())
            ),
        ]
        if verbose:
            lines.extend(self.misses)
        return "\n".join(lines)


def load_questions(path: Path) -> list[LabelledQuestion]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: {exc}") from None
        value = raw.get("value")
        rows.append(
            LabelledQuestion(
                text=raw["q"],
                value=None if value is None else float(value),
                articles=tuple(raw.get("articles", ())),
                form=raw.get("form", ""),
            )
        )
    return rows


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


async def evaluate(answerer: Answerer, questions: list[LabelledQuestion]) -> EvalReport:
    report = EvalReport()
    for question in questions:
        answer = await answerer.ask(question.text)
        if question.value is None:
            report.out_of_scope += 1
            if answer.answered:
                report.answered_out_of_scope += 1
                report.misses.append(f"NGOÀI PHẠM VI mà vẫn trả lời: {question.text!r}")
            continue
        report.in_scope += 1
        report.by_form[question.form] += 1
        if not answer.answered or answer.figure is None:
            report.abstained += 1
            report.misses.append(f"KHÔNG TRẢ LỜI: {question.text!r} (cần {question.value:g})")
            continue
        cited = answer.facts[0].article
        if _same(answer.figure.value, question.value) and cited in question.articles:
            report.right += 1
            report.right_by_form[question.form] += 1
        else:
            report.wrong += 1
            report.misses.append(
                f"SAI: {question.text!r} cần {question.value:g}, "
                f"trả lời {answer.figure.raw} ({cited})"
            )
    return report
