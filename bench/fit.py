"""Fit the answer engine's feature weights and threshold on the tuning data.

The tuning data is the development corpus's tune split plus the bundled-article set; the check
split is never read here. For every question the candidates' feature vectors are computed once;
coordinate ascent then searches each weight over a grid to maximise

    right answers - 1.5 x wrong answers - 1.5 x out-of-scope questions answered

(a wrong figure with a source is worse than "I don't know"). It prints the fitted weights, to
be copied into ``bot/answer/engine.py``, and, with ``--recall``, for each missed question
whether a right candidate existed at all (extraction) or was outranked (scoring).

python -m bench.fit [--rounds N] [--recall] [--fresh] [--drop F,G]
python -m bench.fit --cv K [--drop F,G]   # K-fold cross-validation by article
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.evaluate import (
    BUNDLED_QUESTIONS,
    SPLITS,
    LabelledQuestion,
    corpus_articles,
    corpus_questions,
    gives_expected,
    load_questions,
)
from bot.answer.engine import _HARD, FEATURES, WEIGHTS, Answerer
from bot.config import DATA_DIR
from bot.ingest.load import ingest_paths
from bot.lexicon import Lexicon
from bot.models import Answer
from bot.store import FactStore

WRONG = 1.5
L2 = 0.02
"""Ridge penalty of the listwise fit: keeps any one feature from drowning the others."""
# Features whose direction is known: a match can only help, a mismatch only hurt; the newest
# value is preferred when no period is asked. Fitting may set their size, not flip them.
SIGNS = {
    "context": 1,
    "near": 1,
    "pairs": 1,
    "kind_match": 1,
    "entity_match": 1,
    "average_match": 1,
    "year_exact": 1,
    "year_span": 1,
    "target_match": 1,
    "recency": 1,
    "base_year": 1,
    "region_match": 1,
    "region_mismatch": -1,
    "noun_match": 1,
    "change_match": 1,
    "own": 1,
    "noun_mismatch": -1,
    "index_match": 1,
    "index_mismatch": -1,
    "missing": -1,
    "measure_around": -1,
    "kind_mismatch": -1,
    "entity_mismatch": -1,
    "foreign_subject": -1,
    "average_mismatch": -1,
    "year_mismatch": -1,
    "target_mismatch": -1,
    "direction_mismatch": -1,
    "subindex_other": -1,
    "negated": -1,
    "asked_number": -1,
    "unknown": -1,
}
GRID = (
    -3.0,
    -2.0,
    -1.5,
    -1.0,
    -0.75,
    -0.5,
    -0.35,
    -0.25,
    -0.15,
    -0.1,
    -0.05,
    0.0,
    0.05,
    0.1,
    0.15,
    0.25,
    0.35,
    0.5,
    0.75,
    1.0,
    1.5,
)


@dataclass
class Case:
    question: LabelledQuestion
    vectors: np.ndarray
    right: np.ndarray
    figures: list[float] = field(default_factory=list)
    fixed: int | None = None
    """Questions the general path does not decide (entity answers): +1 right, -1 wrong."""


def objective(
    cases: list[Case], weights: np.ndarray, threshold: float
) -> tuple[float, int, int, int]:
    score = 0.0
    right = wrong = oos = 0
    for case in cases:
        if case.fixed is not None:
            score += case.fixed if case.fixed > 0 else WRONG * case.fixed
            right += case.fixed > 0
            wrong += case.fixed < 0
            continue
        if not len(case.vectors):
            continue
        values = case.vectors @ weights
        best = int(values.argmax())
        if values[best] < threshold:
            continue
        if not case.question.in_scope:
            score -= WRONG
            oos += 1
        elif case.right[best]:
            score += 1
            right += 1
        else:
            score -= WRONG
            wrong += 1
    return score, right, wrong, oos


def fit_listwise(cases: list[Case], start: np.ndarray, steps: int = 3000) -> np.ndarray:
    """Weights that maximise the softmax probability of the right candidates (a smooth
    stand-in for "the best candidate is right"), with the signs in SIGNS kept."""
    usable = [c for c in cases if c.right.any()]
    weights = start.copy()
    fixed_scale = FEATURES.index("coverage")
    m = np.zeros_like(weights)
    v = np.zeros_like(weights)
    for step in range(1, steps + 1):
        gradient = np.zeros_like(weights)
        for case in usable:
            scores = case.vectors @ weights
            scores -= scores.max()
            p = np.exp(scores)
            p /= p.sum()
            right = p * case.right
            right /= right.sum()
            gradient += case.vectors.T @ (p - right)
        gradient = gradient / len(usable) + L2 * weights
        gradient[fixed_scale] = 0.0
        m = 0.9 * m + 0.1 * gradient
        v = 0.999 * v + 0.001 * gradient**2
        weights -= 0.02 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        for i, name in enumerate(FEATURES):
            sign = SIGNS.get(name, 0)
            if sign * weights[i] < 0:
                weights[i] = 0.0
    return np.round(weights, 3)


CONFIDENCE_INPUTS = ("bias", "score", "margin", *FEATURES)


def fit_confidence(cases: list[Case], weights: np.ndarray) -> tuple[list[tuple[str, float]], float]:
    """Logistic regression of "the best candidate is right" on its inputs, then the
    probability threshold that maximises right - 1.5 x (wrong + out-of-scope answered)."""
    rows: list[list[float]] = []
    labels: list[float] = []
    for case in cases:
        if case.fixed is not None or not len(case.vectors):
            continue
        values = case.vectors @ weights
        order = np.argsort(-values)
        best = int(order[0])
        rival = next(
            (int(i) for i in order[1:] if case.figures[int(i)] != case.figures[best]), None
        )
        margin = values[best] - values[rival] if rival is not None else 1.0
        rows.append([1.0, float(values[best]), float(margin), *case.vectors[best]])
        labels.append(1.0 if case.question.in_scope and case.right[best] else 0.0)
    x = np.array(rows)
    y = np.array(labels)
    scale = np.maximum(np.abs(x).max(axis=0), 1e-9)
    xs = x / scale
    coef = np.zeros(x.shape[1])
    for _ in range(20000):
        p = 1 / (1 + np.exp(-(xs @ coef)))
        gradient = xs.T @ (p - y) / len(y) + 0.01 * np.r_[0.0, coef[1:]]
        coef -= 0.5 * gradient
    coef = coef / scale
    p = 1 / (1 + np.exp(-(x @ coef)))
    fixed = sum(c.fixed > 0 for c in cases if c.fixed is not None) - WRONG * sum(
        c.fixed < 0 for c in cases if c.fixed is not None
    )
    best_value, best_threshold = -1e9, 0.5
    for threshold in np.arange(0.05, 0.96, 0.01):
        answered = p >= threshold
        value = fixed + float(np.sum(y[answered])) - WRONG * float(np.sum(1 - y[answered]))
        if value > best_value:
            best_value, best_threshold = value, float(threshold)
    answered = p >= best_threshold
    print(
        f"confidence: threshold {best_threshold:.2f}, answered {int(answered.sum())} of {len(y)},"
        f" right {int(y[answered].sum())}, wrong or out of scope {int((1 - y[answered]).sum())}"
    )
    return list(zip(CONFIDENCE_INPUTS, (float(c) for c in coef), strict=True)), best_threshold


async def build_cases(answerer: Answerer, questions: list[LabelledQuestion]) -> list[Case]:
    cases: list[Case] = []
    for labelled in questions:
        q = answerer.parser.parse(labelled.text)
        if q.wants == "entity" and labelled.in_scope:
            answer = await answerer.ask(labelled.text)
            if answer.entities:
                ok = labelled.expected is not None and gives_expected(answer, labelled.expected)
                cases.append(Case(labelled, np.zeros((0, 0)), np.zeros(0), fixed=1 if ok else -1))
                continue
        vectors: list[list[float]] = []
        right: list[bool] = []
        figures: list[float] = []
        for fact in answerer._candidates(q):
            found = answerer.features(q, fact)
            if found is None:
                continue
            figure, vector = found
            if any(vector[i] for i in _HARD):
                continue  # ruled out by the question's own constraints, as in Answerer.rank
            vectors.append(vector)
            figures.append(figure.value)
            ok = False
            if labelled.expected is not None:
                answer = Answer(question=labelled.text, answered=True, facts=[fact], figure=figure)
                ok = gives_expected(answer, labelled.expected)
            right.append(ok)
        cases.append(
            Case(
                labelled,
                np.array(vectors).reshape(len(vectors), len(FEATURES)),
                np.array(right),
                figures,
            )
        )
    return cases


def top1(ranking: list[Case], weights: np.ndarray) -> int:
    """In-scope questions whose best-scored candidate is right (ranking quality)."""
    return sum(int(c.right[int((c.vectors @ weights).argmax())]) for c in ranking)


def ranking_cases(cases: list[Case]) -> list[Case]:
    return [c for c in cases if c.fixed is None and c.question.in_scope and len(c.vectors)]


def fresh_weights() -> np.ndarray:
    """Every feature at half the weight of coverage, in its known direction."""
    return np.array([1.0 if n == "coverage" else 0.5 * (SIGNS.get(n, 0) or 1) for n in FEATURES])


def without(weights: np.ndarray, drop: set[str]) -> np.ndarray:
    """The weights with the features in ``drop`` marked NaN: left out by ``fit_ranking``."""
    return np.where([name in drop for name in FEATURES], np.nan, weights)


def fit_ranking(
    ranking: list[Case], start: np.ndarray, rounds: int, *, quiet: bool = False
) -> np.ndarray:
    """Listwise fit, then coordinate ascent over GRID on the top-1 count. Features whose
    start weight is NaN are left out (held at 0): how ``--drop`` compares feature sets."""
    dropped = np.isnan(start)
    weights = np.where(dropped, 0.0, start)
    best_rank = top1(ranking, weights)
    listwise = fit_listwise(ranking, weights)
    listwise[dropped] = 0.0
    if top1(ranking, listwise) > best_rank:
        weights, best_rank = listwise, top1(ranking, listwise)
    if not quiet:
        print(f"listwise: best candidate right for {best_rank} of {len(ranking)}")
    for _ in range(rounds):
        improved = False
        for i, name in enumerate(FEATURES):
            if name == "coverage" or dropped[i]:
                continue  # coverage is the scale: every other weight is relative to it
            sign = SIGNS.get(name, 0)
            for value in GRID:
                if value * sign < 0:
                    continue
                trial = weights.copy()
                trial[i] = value
                result = top1(ranking, trial)
                if result > best_rank:
                    best_rank, weights, improved = result, trial, True
        if not quiet:
            print(f"round: best candidate right for {best_rank} of {len(ranking)}")
        if not improved:
            break
    return weights


def fold_of(case: Case, folds: int) -> int:
    """Questions are folded by their article (out-of-scope ones by their text), so a held-out
    fold holds articles the fit never saw, as the check split does."""
    key = case.question.articles[0] if case.question.articles else case.question.text
    return zlib.crc32(key.encode("utf-8")) % folds


def cross_validate(cases: list[Case], folds: int, rounds: int, drop: set[str]) -> None:
    """Fit from neutral weights on all folds but one, count the held-out fold's best
    candidates that are right; the sum over folds compares feature sets without the check
    split."""
    ranking = ranking_cases(cases)
    start = without(fresh_weights(), drop)
    held_right = held_total = 0
    for fold in range(folds):
        train = [c for c in ranking if fold_of(c, folds) != fold]
        held = [c for c in ranking if fold_of(c, folds) == fold]
        weights = fit_ranking(train, start, rounds, quiet=True)
        right = top1(held, weights)
        print(
            f"fold {fold}: fitted on {len(train)}, best candidate right for {right} of "
            f"{len(held)} held out (train {top1(train, weights)})"
        )
        held_right += right
        held_total += len(held)
    print(
        f"cross-validated: best candidate right for {held_right} of {held_total} held-out "
        f"questions ({100 * held_right / max(held_total, 1):.1f}%)"
        + (f", without {', '.join(sorted(drop))}" if drop else "")
    )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--recall", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="start from neutral weights")
    parser.add_argument(
        "--cv", type=int, default=0, metavar="K", help="K-fold cross-validation by article"
    )
    parser.add_argument(
        "--drop", default="", help="comma-separated features to leave out (held at 0)"
    )
    parser.add_argument(
        "--confidence-only",
        action="store_true",
        help="keep the weights, refit the confidence model and threshold",
    )
    args = parser.parse_args()
    drop = {name for name in args.drop.split(",") if name}
    unknown = drop - set(FEATURES)
    if unknown:
        parser.error(f"unknown features: {', '.join(sorted(unknown))}")
    cases = await load_cases()
    if args.cv:
        cross_validate(cases, args.cv, args.rounds, drop)
        return
    weights = without(fresh_weights() if args.fresh else np.array(WEIGHTS.vector()), drop)
    threshold = WEIGHTS.threshold
    ranking = ranking_cases(cases)
    print(
        f"start: best candidate right for {top1(ranking, np.nan_to_num(weights))} of "
        f"{len(ranking)}; objective {objective(cases, np.nan_to_num(weights), threshold)}"
    )
    if not args.confidence_only:
        weights = fit_ranking(ranking, weights, args.rounds)
    coefficients, threshold = fit_confidence(cases, weights)
    print("confidence=(")
    for name, value in coefficients:
        print(f'    ("{name}", {value:.3f}),')
    print(")")
    print("values=(")
    for name, value in zip(FEATURES, weights, strict=True):
        print(f'    ("{name}", {value}),')
    print(f")\nthreshold={threshold:.2f}")
    if args.recall:
        for case in cases:
            if case.fixed is not None or not case.question.in_scope:
                continue
            if not any(case.right):
                print(f"NO CANDIDATE: {case.question.text!r} ({case.question.expected})")


async def load_cases() -> list[Case]:
    """Candidates' feature vectors for the bundled set and the tune split (never check)."""
    lexicon = Lexicon.load()
    with tempfile.TemporaryDirectory() as tmp:
        bundled = await FactStore.open(Path(tmp) / "b.db")
        full = await FactStore.open(Path(tmp) / "f.db")
        try:
            await ingest_paths(bundled, [DATA_DIR / "articles"], lexicon)
            await ingest_paths(
                full, [DATA_DIR / "articles", *(corpus_articles(s) for s in SPLITS)], lexicon
            )
            cases = await build_cases(
                await Answerer.create(bundled, lexicon), load_questions(BUNDLED_QUESTIONS)
            )
            cases += await build_cases(
                await Answerer.create(full, lexicon), load_questions(corpus_questions("tune"))
            )
        finally:
            await bundled.close()
            await full.close()
    return cases


if __name__ == "__main__":
    asyncio.run(main())
