"""The candidate index: which facts hold which words, and the few columns per fact the candidate
search filters and weighs by; and the facts themselves, read from the store when a question
needs them.

At 100,000 facts, building this from every fact's stored search terms takes seconds and holding
every fact as a pydantic object takes most of a gigabyte. So the index is a handful of numpy
arrays, persisted in the store (``FactStore.search_index``) with the count of fact changes it
describes and read back at start-up as they are; it is rebuilt, streaming the store's rows, only
after the facts change. Facts are read by id for the few hundred candidates of a question and
kept in a bounded cache (``FactCache``).
"""

from __future__ import annotations

import json
import sqlite3
import struct
from array import array
from collections import Counter, OrderedDict, defaultdict
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Generic, TypeVar

import numpy as np

from bot import vn
from bot.lexicon import Lexicon
from bot.models import Fact
from bot.period import Period
from bot.searchtext import BOUNDARY, FactTerms, fact_terms
from bot.store import fact_from_row

INDEX_VERSION = 1
"""Part of the persisted index's stamp: change it whenever what the index holds, or how it is
packed, changes, so a store's older index is rebuilt rather than misread."""

T = TypeVar("T")


@dataclass(frozen=True)
class Postings:
    """Key -> the sorted positions of the facts that hold it, for many keys in two arrays
    (one small numpy array per key costs more than its contents)."""

    keys: dict[str, int]
    offsets: np.ndarray
    """Where each key's positions start in ``positions`` (one more entry than keys)."""
    positions: np.ndarray

    def __contains__(self, key: str) -> bool:
        return key in self.keys

    def __getitem__(self, key: str) -> np.ndarray:
        i = self.keys[key]
        return self.positions[int(self.offsets[i]) : int(self.offsets[i + 1])]

    def get(self, key: str) -> np.ndarray | None:
        return self[key] if key in self.keys else None

    @classmethod
    def build(cls, lists: Mapping[str, array[int]]) -> Postings:
        lengths = np.fromiter((len(p) for p in lists.values()), dtype=np.int64, count=len(lists))
        offsets = np.zeros(len(lists) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        positions = np.concatenate(
            [np.zeros(0, dtype=np.int32)]
            + [np.frombuffer(p, dtype=np.intc).astype(np.int32, copy=False) for p in lists.values()]
        )
        return cls({key: i for i, key in enumerate(lists)}, offsets, positions)


@dataclass(frozen=True)
class SearchIndex:
    """What the candidate search reads, per fact by its position (store order: article,
    sentence, id)."""

    ids: np.ndarray
    """Fact ids by position."""
    words: Postings
    """Words of the fact's sentence."""
    around: Postings
    """Words of its context and title that the sentence lacks."""
    pairs: Postings
    """Word pairs of its sentence ("dien_tu")."""
    sentence_freq: np.ndarray
    """Per key of ``words``: how many sentences (an article's distinct quotes) hold it."""
    sentences: int
    units: np.ndarray
    """The code (``unit_codes`` of the build) of the fact's primary figure's unit, 0 if none."""
    subjects: np.ndarray
    """The fact's subject, as a position in ``subject_names``."""
    subject_names: tuple[str, ...]
    actual: np.ndarray
    """1 if the fact is an actual value (not a change, target or forecast)."""
    periods: np.ndarray
    """The fact's period, as a position in ``period_names`` ("" for none)."""
    period_names: tuple[str, ...]
    years: np.ndarray
    """The lowest and highest year any period of the fact names (0, 9999 when it names none
    or holds a date or a document, whose year is in its words)."""
    recency: np.ndarray
    """0 for the oldest period in the store, 1 for the newest."""
    oldest: int
    span: int
    """The recency scale: (year - oldest) / span."""

    @cached_property
    def subject_ids(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.subject_names)}

    def sentence_count(self, word: str) -> int:
        """How many sentences hold ``word``."""
        i = self.words.keys.get(word)
        return 0 if i is None else int(self.sentence_freq[i])

    def recency_of(self, period: str | None) -> float:
        year = Period.of(period).year
        return (year - self.oldest) / self.span if year else 0.0

    @classmethod
    def empty(cls) -> SearchIndex:
        return _Builder({}).finish()

    def pack(self) -> bytes:
        """One blob: a JSON header (names, shapes, the word lists) and the arrays' bytes."""
        arrays = {
            "ids": self.ids,
            "words": self.words.positions,
            "words_at": self.words.offsets,
            "around": self.around.positions,
            "around_at": self.around.offsets,
            "pairs": self.pairs.positions,
            "pairs_at": self.pairs.offsets,
            "sentence_freq": self.sentence_freq,
            "units": self.units,
            "subjects": self.subjects,
            "actual": self.actual,
            "periods": self.periods,
            "years": self.years,
            "recency": self.recency,
        }
        layout: dict[str, tuple[str, tuple[int, ...], int]] = {}
        offset = 0
        for name, values in arrays.items():
            layout[name] = (values.dtype.str, values.shape, offset)
            offset += -(-values.nbytes // 8) * 8  # each array 8-byte aligned
        header = json.dumps(
            {
                "arrays": layout,
                "words": list(self.words.keys),
                "around": list(self.around.keys),
                "pairs": list(self.pairs.keys),
                "subjects": self.subject_names,
                "periods": self.period_names,
                "numbers": [self.sentences, self.oldest, self.span],
            },
            ensure_ascii=False,
        ).encode()
        header += b" " * (-len(header) % 8)
        body = bytearray(offset)
        for name, values in arrays.items():
            start = layout[name][2]
            body[start : start + values.nbytes] = np.ascontiguousarray(values).tobytes()
        return struct.pack("<Q", len(header)) + header + bytes(body)

    @classmethod
    def unpack(cls, data: bytes) -> SearchIndex:
        """The index back from ``pack``; its arrays are read-only views of ``data``."""
        (size,) = struct.unpack_from("<Q", data)
        header = json.loads(data[8 : 8 + size])
        base = 8 + size

        def view(name: str) -> np.ndarray:
            dtype, shape, offset = header["arrays"][name]
            count = int(np.prod(shape, dtype=np.int64))
            found = np.frombuffer(data, dtype=np.dtype(dtype), count=count, offset=base + offset)
            return found.reshape(shape)

        def postings(name: str) -> Postings:
            keys = {key: i for i, key in enumerate(header[name])}
            return Postings(keys, view(f"{name}_at"), view(name))

        sentences, oldest, span = header["numbers"]
        return cls(
            ids=view("ids"),
            words=postings("words"),
            around=postings("around"),
            pairs=postings("pairs"),
            sentence_freq=view("sentence_freq"),
            sentences=sentences,
            units=view("units"),
            subjects=view("subjects"),
            subject_names=tuple(header["subjects"]),
            actual=view("actual"),
            periods=view("periods"),
            period_names=tuple(header["periods"]),
            years=view("years"),
            recency=view("recency"),
            oldest=oldest,
            span=span,
        )


@lru_cache(maxsize=4096)
def _span_of(periods: tuple[str | None, ...]) -> tuple[int, int]:
    ranges = [r for p in periods if (r := Period.of(p).year_range)]
    return (min(r[0] for r in ranges), max(r[1] for r in ranges)) if ranges else (0, 9999)


class _Builder:
    """The index of facts added one stored row at a time (in store order)."""

    def __init__(self, unit_codes: Mapping[str, int]) -> None:
        self.unit_codes = unit_codes
        self.ids = array("q")
        self.words: defaultdict[str, array[int]] = defaultdict(lambda: array("i"))
        self.around: defaultdict[str, array[int]] = defaultdict(lambda: array("i"))
        self.pairs: defaultdict[str, array[int]] = defaultdict(lambda: array("i"))
        self.sentence_freq: Counter[str] = Counter()
        self.sentences = 0
        self.units = array("b")
        self.subjects = array("i")
        self.subject_ids: dict[str, int] = {}
        self.actual = array("b")
        self.periods = array("i")
        self.period_ids: dict[str, int] = {}
        self.years = array("i")
        self.spans = array("i")
        self.article = ""
        self.quotes: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        """The words and pairs of the current article's sentences, by quote: facts of one
        sentence share them and count once in ``sentence_freq``."""

    def add(self, row: sqlite3.Row, lexicon: Lexicon) -> None:
        found = FactTerms.load(str(row["terms"]))
        if found is None:  # a store written before terms were kept with each fact
            found = fact_terms(fact_from_row(row), str(row["title"]), lexicon)
        if row["article"] != self.article:
            self.article, self.quotes = row["article"], {}
        quote = str(row["quote"])
        held = self.quotes.get(quote)
        if held is None:
            plain = [t for t in found.tokens if t != BOUNDARY]
            held = self.quotes[quote] = (
                tuple(dict.fromkeys(plain)),
                tuple(dict.fromkeys(vn.bigrams(plain))),
            )
            self.sentences += 1
            self.sentence_freq.update(held[0])
        position = len(self.ids)
        for word in held[0]:
            self.words[word].append(position)
        for word in dict.fromkeys(found.around):
            self.around[word].append(position)
        for pair in held[1]:
            self.pairs[pair].append(position)
        figures: list[dict[str, Any]] = json.loads(row["figures"])
        primary = next((f for f in figures if f.get("role") == "to"), figures[0])
        period: str | None = row["period"]
        self.ids.append(int(row["id"]))
        self.units.append(self.unit_codes.get(primary["unit"], 0))
        self.subjects.append(self.subject_ids.setdefault(row["subject"], len(self.subject_ids)))
        self.actual.append(row["kind"] == "actual")
        self.periods.append(self.period_ids.setdefault(period or "", len(self.period_ids)))
        self.years.append(Period.of(period).year or 0)
        if any(f["unit"] in ("date", "document") for f in figures):
            self.spans.extend((0, 9999))
        else:
            self.spans.extend(_span_of((period, *(f.get("period") for f in figures))))

    def finish(self) -> SearchIndex:
        years = np.frombuffer(self.years, dtype=np.intc).astype(np.int64)
        known = years[years != 0]
        oldest, newest = (int(known.min()), int(known.max())) if len(known) else (0, 0)
        span = max(1, newest - oldest)
        recency = np.where(years != 0, (years - oldest) / span, 0.0)
        words = Postings.build(self.words)
        return SearchIndex(
            ids=np.frombuffer(self.ids, dtype=np.int64).copy(),
            words=words,
            around=Postings.build(self.around),
            pairs=Postings.build(self.pairs),
            sentence_freq=np.array([self.sentence_freq[w] for w in words.keys], dtype=np.int32),
            sentences=max(1, self.sentences),
            units=np.frombuffer(self.units, dtype=np.int8).copy(),
            subjects=np.frombuffer(self.subjects, dtype=np.intc).astype(np.int32),
            subject_names=tuple(self.subject_ids),
            actual=np.frombuffer(self.actual, dtype=np.int8).copy(),
            periods=np.frombuffer(self.periods, dtype=np.intc).astype(np.int32),
            period_names=tuple(self.period_ids),
            years=np.frombuffer(self.spans, dtype=np.intc).astype(np.int32).reshape(-1, 2),
            recency=recency.astype(np.float32),
            oldest=oldest,
            span=span,
        )


async def build_index(
    rows: AsyncIterator[sqlite3.Row], lexicon: Lexicon, unit_codes: Mapping[str, int]
) -> tuple[int | None, SearchIndex]:
    """The index of the store's rows (``FactStore.index_rows``), and the count of fact changes
    they were read at (None for an empty store, whose count the rows do not carry)."""
    builder = _Builder(unit_codes)
    generation: int | None = None
    async for row in rows:
        generation = int(row["generation"])
        builder.add(row, lexicon)
    return generation, builder.finish()


class FactCache(Generic[T]):
    """Facts, and what retrieval derives from each, by id: read from the store when a
    question first needs them and kept for the ``capacity`` most recently used. Without a
    ``read`` (a store no other connection can read), every fact is ``put`` in and kept.
    ``derive`` works on the facts read together, so that facts of one sentence can share
    what is derived from it."""

    def __init__(
        self,
        read: Callable[[Sequence[int]], dict[int, tuple[Fact, str]]] | None,
        derive: Callable[[Sequence[tuple[Fact, str]]], list[T]],
        capacity: int,
    ) -> None:
        self._read = read
        self._derive = derive
        self.capacity = capacity
        self._kept: OrderedDict[int, tuple[Fact, T]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._kept)

    def put(self, facts: Sequence[tuple[Fact, str]]) -> None:
        self._keep(facts)

    def _keep(self, facts: Sequence[tuple[Fact, str]]) -> None:
        for (fact, _), derived in zip(facts, self._derive(facts), strict=True):
            self._kept[fact.id or 0] = (fact, derived)

    def facts(self, ids: Iterable[int]) -> list[Fact]:
        """The facts of ``ids`` in that order, less those no longer stored. They stay kept
        until the next call, however many they are: a question's scoring reads each again."""
        wanted = list(ids)
        kept = self._kept
        if self._read is not None:
            while len(kept) > self.capacity:
                kept.popitem(last=False)
            missing = [i for i in wanted if i not in kept]
            if missing:
                self._keep(list(self._read(missing).values()))
        found = []
        for fact_id in wanted:
            entry = kept.get(fact_id)
            if entry is not None:
                kept.move_to_end(fact_id)
                found.append(entry[0])
        return found

    def __getitem__(self, fact_id: int) -> T:
        """What retrieval derives from one fact (read first if it is not kept)."""
        entry = self._kept.get(fact_id)
        if entry is None:
            self.facts([fact_id])
            entry = self._kept[fact_id]
        return entry[1]
