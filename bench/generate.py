"""Articles for benchmarks: variants of the bundled articles and of the development corpus.

A variant keeps its model's sentence shapes, boilerplate (bylines, captions, related headlines)
and units, and changes what a new week of news changes: the provinces, ministries and countries
named (each swapped for another of the same type), the years (shifted together, so "so với năm
2022" still points one year back) and the figures (scaled, written as the model wrote them).
Thousands of variants give the index a word distribution like a real archive's, not a few
dozen templates repeated.

python -m bench.generate OUT_DIR COUNT  writes COUNT variants as text files.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from bench.evaluate import SPLITS, corpus_articles
from bot import vn
from bot.config import DATA_DIR
from bot.ingest.load import article_files
from bot.lexicon import Lexicon

_TYPES = ("province", "ministry", "country")
# A year (2000-2039) standing alone; figures are other runs of digits with "." thousands and
# "," decimals, as Vietnamese news writes them.
_YEAR = r"20[0-3]\d"
_TOKEN = re.compile(
    rf"(?<![\d.,/])(?:(?P<year>{_YEAR})|(?P<number>\d{{1,3}}(?:\.\d{{3}})+|\d+(?:,\d+)?))(?![\d/])"
)
"""Years and figures; numbers in dates and ratios ("31/8", "86/193") stay as written."""


def model_texts() -> list[str]:
    """The texts variants are made from: the bundled articles and every corpus split."""
    folders = [DATA_DIR / "articles", *(corpus_articles(split) for split in SPLITS)]
    return [path.read_text(encoding="utf-8") for path in article_files(folders)]


def _names(lexicon: Lexicon) -> dict[str, list[str]]:
    """Entity names as written in text, by type (the canonical name, which articles use)."""
    names: dict[str, list[str]] = {kind: [] for kind in _TYPES}
    for entity in lexicon.entities:
        # One-syllable country names ("Đức", "Anh") are also parts of people's names.
        if entity.type in names and entity.name != "Việt Nam" and " " in entity.name:
            names[entity.type].append(entity.name)
    return names


def _scale(raw: str, rng: random.Random) -> str:
    decimals = len(raw.split(",")[1]) if "," in raw else 0
    value = vn.parse_number(raw)
    if value is None or (value <= 1 and decimals == 0):
        return raw  # "1", "0": counts of one, list numbers
    return vn.format_number(round(value * rng.uniform(0.6, 1.4), decimals), decimals)


def variant(text: str, number: int, names: dict[str, list[str]]) -> str:
    """One variant of ``text``; the same ``number`` gives the same variant."""
    rng = random.Random(number)
    swaps: dict[str, str] = {}
    for pool in names.values():
        for name in pool:
            if name in text:
                swaps[name] = rng.choice(pool)
    if swaps:
        # Whole words only: "Đức" (a country) is not swapped inside "Vũ Đức Đam".
        alternatives = "|".join(re.escape(n) for n in sorted(swaps, key=len, reverse=True))
        pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        text = pattern.sub(lambda m: swaps[m.group(0)], text)
    shift = rng.randint(-6, 4)

    def replace(match: re.Match[str]) -> str:
        if match.group("year"):
            return str(int(match.group("year")) + shift)
        return _scale(match.group("number"), rng)

    text = _TOKEN.sub(replace, text)
    # The first line is the title: number it so titles differ as real ones do.
    head, _, rest = text.partition("\n")
    return f"{head} (kỳ {number})\n{rest}"


def variants(count: int, lexicon: Lexicon, seed: int = 0) -> Iterator[tuple[str, str]]:
    """``count`` (file name, text) pairs, cycling through the model articles."""
    texts = model_texts()
    names = _names(lexicon)
    for index in range(count):
        model = texts[index % len(texts)]
        yield (
            f"gen_{seed:02d}_{index:06d}.txt",
            variant(model, seed * 1_000_003 + index, names),
        )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m bench.generate OUT_DIR COUNT", file=sys.stderr)
        return 2
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    for name, text in variants(int(args[1]), Lexicon.load()):
        (out / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
