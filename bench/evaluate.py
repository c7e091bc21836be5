"""Accuracy, precision and abstention of the answer engine on labelled questions.

Two question formats are read:
- the development corpus (``tests/corpus/<split>/questions.jsonl``):
  ``{"q", "article", "answer": {"type", "value", ...}, "evidence", "form"}``, out of scope
  ``{"q", "answer": null, "form"}``;
- the bundled-article set (``tests/eval/questions.jsonl``):
  ``{"q", "value", "unit", "articles", "form"}``, out of scope ``{"q", "value": null}``.

An answer is right when it gives the expected figure (or entity, date, document) and cites an
article that states it: the expected article, or another one whose cited sentence holds the same
figure (counted apart as "other source").
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from bot import vn
from bot.models import Answer, Figure

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
BUNDLED_QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "eval" / "questions.jsonl"
SPLITS = ("tune", "check")

_UNIT_TYPES = {
    "rank": "rank",
    "%": "percent",
    "count": "count",
    "VND": "money",
    "USD": "money",
    "index": "score",
    "step": "change",
    "times": "change",
}


class Asker(Protocol):
    async def ask(self, text: str) -> Answer: ...


class OneShot:
    """Each question on its own, as the product answers a first message (no follow-up)."""

    def __init__(self, dialogue: Any) -> None:
        self.dialogue = dialogue
        self.count = 0

    async def ask(self, text: str) -> Answer:
        self.count += 1
        answer: Answer = await self.dialogue.reply((-self.count, 0), text)
        return answer


@dataclass(frozen=True)
class Expected:
    type: str
    value: Any
    currency: str | None = None


@dataclass(frozen=True)
class LabelledQuestion:
    text: str
    expected: Expected | None
    articles: tuple[str, ...] = ()
    form: str = ""

    @property
    def in_scope(self) -> bool:
        return self.expected is not None


def load_questions(path: Path) -> list[LabelledQuestion]:
    rows: list[LabelledQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: {exc}") from None
        rows.append(_labelled(raw))
    return rows


def _labelled(raw: dict[str, Any]) -> LabelledQuestion:
    form = str(raw.get("form", ""))
    if "answer" in raw:
        answer = raw["answer"]
        expected = None
        if answer is not None:
            expected = Expected(str(answer["type"]), answer["value"], answer.get("currency"))
        articles = (raw["article"],) if raw.get("article") else ()
        return LabelledQuestion(str(raw["q"]), expected, articles, form)
    value = raw.get("value")
    expected = None
    if value is not None:
        expected = Expected(_UNIT_TYPES.get(str(raw.get("unit")), "count"), float(value))
    return LabelledQuestion(str(raw["q"]), expected, tuple(raw.get("articles", ())), form)


def _same_number(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _date_text(figure: Figure) -> str:
    """ISO text of a date figure (value yyyymmdd; 00 for an unknown month or day)."""
    digits = f"{int(figure.value):08d}"
    year, month, day = digits[:4], digits[4:6], digits[6:]
    return year + (f"-{month}" if month != "00" else "") + (f"-{day}" if day != "00" else "")


def _fold_name(name: str) -> str:
    from bot.lexicon import default

    entity = default().entity(name)
    folded = vn.fold(entity.name if entity else name)
    folded = re.sub(r"^(?:tinh|thanh pho|tp\.?)\s+", "", folded)
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


def _document_number(number: str) -> str:
    """A document's number as compared: "505/2022/QĐ-TTg" and "505/QĐ-TTg" are one decision
    (the year is written in the number or not)."""
    return _fold_name(re.sub(r"/(?:19|20)\d{2}(?=/)", "", number))


_NUMBER_IN_TEXT = re.compile(
    r"(\d+(?:[.,]\d+)*)(?:\s*(nghin ty|ngan ty|nghin|ngan|trieu|ty|ti)(?![a-z]))?"
)
_SCALES = {"nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "ty": 1e9, "ti": 1e9}


def sentence_states(sentence: str, expected: Expected) -> bool:
    """Lenient reading of a reply that is only a sentence: does it contain the answer?"""
    folded = vn.fold(sentence)
    if expected.type in ("entity", "document"):
        wanted = expected.value if isinstance(expected.value, list) else [expected.value]
        return all(_fold_name(str(w)) in _fold_name(folded) for w in wanted)
    if expected.type == "date":
        parts = [int(p) for p in str(expected.value).split("-")]
        year = str(parts[0])
        if len(parts) == 1:
            return year in folded
        month = f"{parts[1]}/{year}" if len(parts) == 2 else f"{parts[2]}/{parts[1]}"
        return bool(re.search(rf"(?<!\d)0?{re.escape(month)}", folded.replace("/0", "/")))
    for m in _NUMBER_IN_TEXT.finditer(folded):
        value = vn.parse_number(m.group(1))
        if value is None:
            continue
        scale = m.group(2) or ""
        for word in scale.split():
            value *= _SCALES.get(word, 1.0)
        if _same_number(value, float(expected.value)):
            return True
    return False


def gives_expected(answer: Answer, expected: Expected) -> bool:
    """Whether the answer states the expected figure, entity, date or document."""
    if answer.figure is None and not answer.entities and answer.facts:
        return sentence_states(answer.facts[0].quote, expected)
    if expected.type == "entity":
        wanted = expected.value if isinstance(expected.value, list) else [expected.value]
        got = [_fold_name(e) for e in answer.entities]
        return [_fold_name(w) for w in wanted] == got[: len(wanted)] and bool(got)
    figure = answer.figure
    if figure is None:
        return False
    if expected.type == "document":
        return _document_number(str(expected.value)) in _document_number(figure.raw)
    if expected.type == "date":
        if figure.unit != "date":
            return False
        return _date_text(figure) == str(expected.value)
    try:
        value = float(expected.value)
    except (TypeError, ValueError):
        return False
    return _same_number(figure.value, value)


@dataclass
class EvalReport:
    name: str
    in_scope: int = 0
    right: int = 0
    right_other_source: int = 0
    wrong: int = 0
    abstained: int = 0
    out_of_scope: int = 0
    answered_out_of_scope: int = 0
    misses: list[str] = field(default_factory=list)
    by_form: Counter[str] = field(default_factory=Counter)
    right_by_form: Counter[str] = field(default_factory=Counter)
    by_type: Counter[str] = field(default_factory=Counter)
    right_by_type: Counter[str] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        return self.right / self.in_scope if self.in_scope else 0.0

    @property
    def precision(self) -> float:
        """Of the answers given to in-scope questions, the share that is right."""
        given = self.right + self.wrong
        return self.right / given if given else 0.0

    @property
    def declined(self) -> float:
        if not self.out_of_scope:
            return 1.0
        return 1 - self.answered_out_of_scope / self.out_of_scope

    def summary(self) -> dict[str, Any]:
        return {
            "set": self.name,
            "in_scope": self.in_scope,
            "right": self.right,
            "accuracy": round(self.accuracy, 4),
            "precision": round(self.precision, 4),
            "wrong": self.wrong,
            "abstained": self.abstained,
            "right_other_source": self.right_other_source,
            "out_of_scope": self.out_of_scope,
            "answered_out_of_scope": self.answered_out_of_scope,
            "declined": round(self.declined, 4),
            "accuracy_by_form": {
                k: round(self.right_by_form[k] / n, 3) for k, n in sorted(self.by_form.items())
            },
            "accuracy_by_type": {
                k: round(self.right_by_type[k] / n, 3) for k, n in sorted(self.by_type.items())
            },
        }

    def text(self, verbose: bool = False) -> str:
        lines = [
            f"[{self.name}] trong phạm vi {self.in_scope}: đúng {self.right} "
            f"({self.accuracy:.1%}), sai {self.wrong}, không trả lời {self.abstained}; "
            f"độ chính xác khi trả lời {self.precision:.1%}"
            + (
                f"; {self.right_other_source} đúng từ nguồn khác" if self.right_other_source else ""
            ),
            f"[{self.name}] ngoài phạm vi {self.out_of_scope}: từ chối "
            f"{self.out_of_scope - self.answered_out_of_scope} ({self.declined:.1%}), "
            f"trả lời nhầm {self.answered_out_of_scope}",
            f"[{self.name}] theo dạng: "
            + ", ".join(
                f"{k} {self.right_by_form[k]}/{n}" for k, n in sorted(self.by_form.items())
            ),
            f"[{self.name}] theo loại: "
            + ", ".join(
                f"{k} {self.right_by_type[k]}/{n}" for k, n in sorted(self.by_type.items())
            ),
        ]
        if verbose:
            lines.extend(f"  {m}" for m in self.misses)
        return "\n".join(lines)


def _shown(answer: Answer) -> str:
    if answer.entities:
        return ", ".join(answer.entities)
    return answer.figure.raw if answer.figure else "-"


async def evaluate(asker: Asker, questions: list[LabelledQuestion], name: str) -> EvalReport:
    report = EvalReport(name)
    for question in questions:
        answer = await asker.ask(question.text)
        if question.expected is None:
            report.out_of_scope += 1
            if answer.answered:
                report.answered_out_of_scope += 1
                report.misses.append(
                    f"NGOÀI PHẠM VI mà trả lời {_shown(answer)}: {question.text!r}"
                )
            continue
        expected = question.expected
        report.in_scope += 1
        report.by_form[question.form] += 1
        report.by_type[expected.type] += 1
        if not answer.answered:
            report.abstained += 1
            report.misses.append(
                f"KHÔNG TRẢ LỜI: {question.text!r} (cần {expected.value}) [{question.articles[:1]}]"
            )
            continue
        cited = answer.facts[0].article if answer.facts else ""
        # The cited sentence holds the figure given, so another article stating the same
        # figure is a source that states it; such answers are counted apart.
        if gives_expected(answer, expected) and answer.facts:
            report.right += 1
            report.right_by_form[question.form] += 1
            report.right_by_type[expected.type] += 1
            if cited not in question.articles:
                report.right_other_source += 1
            continue
        report.wrong += 1
        report.misses.append(
            f"SAI: {question.text!r} cần {expected.value}, trả lời {_shown(answer)} "
            f"({cited}, tin cậy {answer.confidence:.2f})"
        )
    return report


def corpus_articles(split: str) -> Path:
    return CORPUS / split / "articles"


def corpus_questions(split: str) -> Path:
    return CORPUS / split / "questions.jsonl"


@dataclass
class EvalRun:
    reports: list[EvalReport]

    def text(self, verbose: bool = False) -> str:
        return "\n".join(r.text(verbose) for r in self.reports)

    def summary(self) -> list[dict[str, Any]]:
        return [r.summary() for r in self.reports]

    def report(self, name: str) -> EvalReport:
        return next(r for r in self.reports if r.name == name)


async def run_all(
    bundled_articles: Path,
    *,
    sets: tuple[str, ...] = ("bundled", *SPLITS),
    asker_factory: Any = None,
    external: tuple[Path, ...] = (),
) -> EvalRun:
    """The bundled set on a store of the bundled articles (the product as shipped), and each
    corpus split on a store of the bundled articles plus the whole development corpus.

    Each ``external`` folder (``articles/`` and ``questions.jsonl``, as a corpus split) is
    measured on a store of the bundled articles plus its own: articles an operator adds."""
    import tempfile

    from bot.answer import Answerer
    from bot.answer.dialogue import Dialogue
    from bot.ingest.load import ingest_paths
    from bot.lexicon import Lexicon
    from bot.store import FactStore

    lexicon = Lexicon.load()
    reports: list[EvalReport] = []
    with tempfile.TemporaryDirectory() as tmp:
        stores: dict[Path | bool, Asker] = {}

        async def asker(with_corpus: Path | bool) -> Asker:
            if with_corpus not in stores:
                store = await FactStore.open(Path(tmp) / f"eval{len(stores)}.db")
                paths = [bundled_articles]
                if isinstance(with_corpus, Path):
                    paths.append(with_corpus / "articles")
                elif with_corpus:
                    paths += [corpus_articles(s) for s in SPLITS if corpus_articles(s).is_dir()]
                await ingest_paths(store, paths, lexicon)
                if asker_factory is not None:
                    stores[with_corpus] = await asker_factory(store, lexicon)
                else:
                    stores[with_corpus] = OneShot(Dialogue(await Answerer.create(store, lexicon)))
                opened.append(store)
            return stores[with_corpus]

        opened: list[FactStore] = []
        try:
            for name in sets:
                if name == "bundled":
                    questions = load_questions(BUNDLED_QUESTIONS)
                    reports.append(await evaluate(await asker(False), questions, name))
                elif corpus_questions(name).is_file():
                    questions = load_questions(corpus_questions(name))
                    reports.append(await evaluate(await asker(True), questions, name))
            for folder in external:
                questions = load_questions(folder / "questions.jsonl")
                reports.append(await evaluate(await asker(folder), questions, folder.name))
        finally:
            for store in opened:
                await store.close()
    return EvalRun(reports)
