"""Why the engine answers what it answers: the parsed question and the best-scored facts.

python -m bench.explain "câu hỏi" [--corpus] [--with DIR] [--features]
(the bundled store, with the dev corpus, with the articles of DIR; --features prints each
candidate's weighted features)
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from bench.evaluate import SPLITS, corpus_articles
from bot.answer import Answerer
from bot.answer.engine import FEATURES
from bot.config import DATA_DIR
from bot.ingest.load import ingest_paths
from bot.lexicon import Lexicon
from bot.store import FactStore


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("questions", nargs="+")
    parser.add_argument("--corpus", action="store_true")
    parser.add_argument("-n", type=int, default=6)
    parser.add_argument("--features", action="store_true", help="each candidate's features")
    parser.add_argument(
        "--with",
        dest="folders",
        action="append",
        default=[],
        metavar="DIR",
        help="also ingest the articles in DIR (repeatable)",
    )
    args = parser.parse_args()
    lexicon = Lexicon.load()
    with tempfile.TemporaryDirectory() as tmp:
        store = await FactStore.open(Path(tmp) / "x.db")
        paths = [DATA_DIR / "articles"]
        if args.corpus:
            paths += [corpus_articles(s) for s in SPLITS if corpus_articles(s).is_dir()]
        paths += [Path(folder) for folder in args.folders]
        await ingest_paths(store, paths, lexicon)
        answerer = await Answerer.create(store, lexicon)
        for text in args.questions:
            q = answerer.parser.parse(text)
            print(
                f"\n=== {text}\n wants={q.wants} pos={q.position} top={q.top} type={q.entity_type}"
                f" years={q.years} base={q.base_years} ents={[e.name for e in q.entities]}"
                f" kind={q.kind} avg={q.average} regions={q.regions}\n content={q.content}"
                f" unknown={q.unknown}"
            )
            for s in answerer.rank(q)[: args.n]:
                f = s.fact
                print(
                    f"  {s.score:.2f} {s.figure.raw!r} [{f.subject}] {f.period} {f.kind} "
                    f"({f.article[:12]}#{f.sentence_no}) {f.quote[:110]}"
                )
                if args.features:
                    found = answerer.features(q, f)
                    if found:
                        weights = answerer.weights
                        print(
                            "      "
                            + " ".join(
                                f"{name}={value:.2f}({weights.weight(name) * value:+.2f})"
                                for name, value in zip(FEATURES, found[1], strict=True)
                                if value
                            )
                        )
            if q.wants == "entity":
                for fact in answerer._candidates(q):
                    if fact.primary.unit == "rank" and int(fact.primary.value) == (q.position or 1):
                        assert fact.id is not None
                        cov = answerer._coverage(q, answerer._indexed[fact.id])
                        print(
                            f"   E {fact.subject} {fact.period} coverage={cov[0]:.2f}"
                            f" ({fact.article[:10]})"
                        )
            answer = await answerer.ask(text)
            print(
                " ->",
                answer.answered,
                answer.entities or (answer.figure.raw if answer.figure else None),
                answer.confidence,
            )
        await store.close()


if __name__ == "__main__":
    asyncio.run(main())
