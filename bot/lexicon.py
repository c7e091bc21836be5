"""Curated domain vocabulary (data/lexicon.toml) and the matching form built from it.

The matching form of any text (an article sentence or a user's question) is: folded text,
abbreviations expanded, synonyms rewritten to one phrase. Both sides go through ``Lexicon.match``.
"""

from __future__ import annotations

import itertools
import json
import re
import tomllib
import zlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bot import vn

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon.toml"


@dataclass(frozen=True)
class Entity:
    name: str
    type: str
    aliases: tuple[str, ...]
    """Aliases in matching form."""
    written: frozenset[str] = frozenset()
    """Name and aliases as written (lowercase, with diacritics), to tell "Ấn Độ" from the
    "án đô" of "đề án đô thị" where text has its diacritics."""


@dataclass(frozen=True)
class Mention:
    entity: Entity
    start: int
    end: int


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    # A space in a name also matches a dash between its words: "bà rịa - vũng tàu".
    body = "|".join(re.escape(p).replace(r"\ ", _GAP) for p in ordered) or r"(?!)"
    return re.compile(rf"(?<![0-9a-z])(?:{body})(?![0-9a-z])")


_GAP = r"(?:\s*-\s*|\s+)"


def _loose(name: str) -> str:
    return re.sub(r"\s*-\s*|\s+", " ", name)


def _key(found: str, table: dict[str, Entity]) -> Entity:
    """The entity of a matched name, written with dashes or spaces between its words."""
    entity = table.get(found) or table.get(_loose(found))
    if entity is None:  # a name listed with a dash, written with another spacing
        entity = next(e for name, e in table.items() if _loose(name) == _loose(found))
    return entity


class Lexicon:
    def __init__(self, raw: dict[str, object]) -> None:
        self._match_cache: dict[str, str] = {}
        self.fingerprint = zlib.crc32(json.dumps(raw, sort_keys=True, default=str).encode())
        """Changes whenever the vocabulary does (stored articles are then read again)."""
        abbreviations = raw.get("abbreviations", {})
        synonyms = raw.get("synonyms", {})
        assert isinstance(abbreviations, dict) and isinstance(synonyms, dict)
        self._abbrev = {vn.fold(k): vn.fold(v) for k, v in abbreviations.items()}
        # An entity's alias made of its name's initials ("HN" for Hà Nội, "QN" for Quảng Ninh)
        # is expanded like an abbreviation, so that "HN xếp thứ mấy" shares the words of
        # sentences that write the name; an initialism already meaning something else ("DN",
        # doanh nghiệp) keeps its meaning.
        for item in raw.get("entities", []):  # type: ignore[attr-defined]
            name = vn.fold(item["name"])
            initials = "".join(word[0] for word in re.findall(r"[a-z]+", name))
            for alias in map(vn.fold, item.get("aliases", [])):
                if alias == initials and len(alias) >= 2:
                    self._abbrev.setdefault(alias, name)
        self._abbrev_re = _alternation(list(self._abbrev))
        as_written = raw.get("abbreviations_as_written", {})
        assert isinstance(as_written, dict)
        self._as_written = {vn.normalise_tones(k).lower(): v for k, v in as_written.items()}
        self._as_written_re = re.compile(
            rf"(?<!\w)(?:{'|'.join(map(re.escape, self._as_written)) or '(?!)'})(?!\w)",
            re.IGNORECASE,
        )
        self._synonym: dict[str, str] = {}
        for group in synonyms.get("groups", []):
            canonical = self._expand(vn.fold(group[0]))
            for phrase in group[1:]:
                self._synonym[self._expand(vn.fold(phrase))] = canonical
        # Keys written with "&" or "-" ("TT&TT", "e-commerce") apply before those characters
        # are rewritten; the others after.
        self._joined = {
            k: v for k, v in [*self._abbrev.items(), *self._synonym.items()] if "&" in k or "-" in k
        }
        self._joined_re = _alternation(list(self._joined))
        # Names of entities are never rewritten by a synonym ("soc", a security centre, is not
        # the "Sóc" of "Sóc Trăng"): the synonym pattern matches them first and keeps them.
        self._protected = {
            self._expand(self._split(vn.fold(name)))
            for item in raw.get("entities", [])  # type: ignore[attr-defined]
            for name in [item["name"], *item.get("aliases", [])]
        }
        self._synonym_re = _alternation([*self._synonym, *self._protected])
        intents = raw.get("intents", {})
        assert isinstance(intents, dict)
        self._intents_written: dict[str, dict[str, tuple[str, ...]]] = {}
        """Per intent, each phrase's matching form and how it is written (one matching form
        may stand for several phrases)."""
        for name, phrases in intents.items():
            as_written = self._intents_written.setdefault(name, {})
            for phrase in phrases:
                key = self.match(phrase)
                as_written[key] = (*as_written.get(key, ()), vn.normalise_tones(phrase).lower())
        self.intents: dict[str, tuple[str, ...]] = {
            name: tuple(as_written) for name, as_written in self._intents_written.items()
        }
        # Words that hold an intent's phrase inside another word ("đánh giá bao nhiêu quốc
        # gia" asks a count; "giá bao nhiêu" in it is not a price).
        compounds = [
            re.escape(self.match(w))
            for w in raw.get("intent_compounds", {}).get("words", [])  # type: ignore[attr-defined]
        ]
        self._intent_compounds = (
            re.compile(rf"(?<![0-9a-z])(?:{'|'.join(compounds)})(?![0-9a-z])")
            if compounds
            else None
        )
        self.surnames = frozenset(
            raw.get("surnames", {}).get("words", [])  # type: ignore[attr-defined]
        )
        """Family names, as written: a province named right after one is a person's name."""
        stop = raw.get("stopwords", {})
        assert isinstance(stop, dict)
        self.stopwords = frozenset(vn.fold(w) for w in stop.get("words", []))
        self.stopwords_written = frozenset(
            vn.normalise_tones(w).lower() for w in stop.get("words", [])
        )
        """The stopwords as written: "hỏi" is one, "hội" (folded alike) is not."""
        topics = raw.get("topics", {})
        assert isinstance(topics, dict)
        self.topics: dict[str, tuple[str, ...]] = {
            name: tuple(self.match(p) for p in phrases) for name, phrases in topics.items()
        }
        indices = raw.get("indices", {})
        assert isinstance(indices, dict)
        subindices = raw.get("subindices", {})
        assert isinstance(subindices, dict)
        self.subindices = frozenset(subindices)
        parent = raw.get("subindices_of", {})
        assert isinstance(parent, dict)
        self.subindex_parent: str | None = parent.get("index")
        """The index the sub-indices are parts of (the UN survey's EGDI)."""
        self.indices: dict[str, tuple[str, ...]] = {
            name: tuple(phrases) for name, phrases in {**subindices, **indices}.items()
        }
        parts = raw.get("parts", {})
        assert isinstance(parts, dict)
        self.parts: dict[str, tuple[str, ...]] = {
            name: tuple(self.match(p) for p in phrases) for name, phrases in parts.items()
        }
        """The parts an index is reported by (the DTI's pillars), as matched phrases."""
        positions = raw.get("positions", {})
        assert isinstance(positions, dict)
        self.positions: dict[str, tuple[str, ...]] = {
            name: tuple(self.match(p) for p in phrases) for name, phrases in positions.items()
        }
        smalltalk = raw.get("smalltalk", {})
        assert isinstance(smalltalk, dict)
        self.smalltalk: dict[str, tuple[str, ...]] = {
            kind: tuple(phrases) for kind, phrases in smalltalk.items()
        }
        entity_words = raw.get("entity_words", {})
        assert isinstance(entity_words, dict)
        self.entity_words: dict[str, tuple[str, ...]] = {
            kind: tuple(self.match(p) for p in phrases) for kind, phrases in entity_words.items()
        }
        entities: list[Entity] = []
        for item in raw.get("entities", []):  # type: ignore[attr-defined]
            names = [item["name"]] if item.get("name_is_alias", True) else []
            aliases = {self.match(a) for a in [*names, *item.get("aliases", [])]}
            written = frozenset(
                vn.normalise_tones(a).lower() for a in [item["name"], *item.get("aliases", [])]
            )
            entities.append(Entity(item["name"], item["type"], tuple(sorted(aliases)), written))
        self.entities = tuple(entities)
        self._by_alias: dict[str, Entity] = {}
        for entity in entities:
            for alias in entity.aliases:
                self._by_alias.setdefault(alias, entity)
        self._entity_re = _alternation(list(self._by_alias))
        # Questions may name an entity by a name that is also a common word in articles
        # ("Lào", "Pháp"): there the name counts too.
        self._asked_alias = dict(self._by_alias)
        for entity in entities:
            self._asked_alias.setdefault(self.match(entity.name), entity)
        self._asked_re = _alternation(list(self._asked_alias))
        self.by_name = {e.name: e for e in entities}

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Lexicon:
        with path.open("rb") as fh:
            return cls(tomllib.load(fh))

    def _expand(self, folded: str) -> str:
        return self._abbrev_re.sub(lambda m: self._abbrev[m.group(0)], folded)

    def match(self, text: str) -> str:
        """The matching form: folded, abbreviations expanded, synonyms unified."""
        cached = self._match_cache.get(text)
        if cached is None:
            cached = self._match(text)
            if len(self._match_cache) < 200_000:
                self._match_cache[text] = cached
        return cached

    @staticmethod
    def _split(folded: str) -> str:
        return re.sub(r"\s+", " ", folded.replace("&", " va ").replace("-", " - "))

    def _match(self, text: str) -> str:
        if self._as_written:
            text = self._as_written_re.sub(
                lambda m: self._as_written[m.group(0).lower()], vn.normalise_tones(text)
            )
        folded = vn.fold(text)
        if self._joined:
            folded = self._joined_re.sub(lambda m: self._joined[m.group(0)], folded)
        folded = self._expand(self._split(folded))
        folded = self._synonym_re.sub(lambda m: self._synonym.get(m.group(0), m.group(0)), folded)
        return re.sub(r"\s+", " ", folded.replace(" - ", " ")).strip()

    def mentions(self, matched: str) -> list[Mention]:
        """Entities named in text already in matching form, in order of appearance."""
        return [
            Mention(_key(m.group(0), self._by_alias), m.start(), m.end())
            for m in self._entity_re.finditer(matched)
        ]

    @cached_property
    def _phrases_re(self) -> re.Pattern[str]:
        """Terms of several words the vocabulary knows ("đề án", "đô thị thông minh", "thủ tục
        hành chính"), in matching form: what abbreviations expand to, synonyms are rewritten
        to, topics and indices are named by."""
        phrases = {
            *self._abbrev.values(),
            *self._synonym.values(),
            *(p for phrases in self.topics.values() for p in phrases),
            *(self.match(p) for phrases in self.indices.values() for p in phrases),
        }
        return _alternation([p for p in phrases if " " in p])

    def in_a_term(self, matched: str, start: int, end: int) -> bool:
        """Whether the span straddles the edge of a known term: "an do" in "de an do thi"
        (đề án đô thị) is not Ấn Độ."""
        return any(
            m.start() < end
            and start < m.end()
            and not (m.start() <= start and end <= m.end())
            and not (start <= m.start() and m.end() <= end)
            for m in self._phrases_re.finditer(matched)
        )

    def asked(self, matched: str) -> list[Mention]:
        """Entities a question names, in order (names that are common words included)."""
        return [
            Mention(_key(m.group(0), self._asked_alias), m.start(), m.end())
            for m in self._asked_re.finditer(matched)
        ]

    def entity(self, name: str) -> Entity | None:
        return self.by_name.get(name) or self._by_alias.get(self.match(name))

    def has_intent(self, matched: str, intent: str, text: str | None = None) -> bool:
        """Whether a phrase of the intent is in ``matched``; with the question's ``text``, not
        one whose letters are written there only as other words ("tiện ích" is not "tiền")."""
        written = self._intents_written.get(intent, {})
        if self._intent_compounds is not None:
            matched = self._intent_compounds.sub(" ", matched)
        return any(
            re.search(rf"(?<![0-9a-z]){re.escape(p)}(?![0-9a-z])", matched)
            and (text is None or not vn.written_otherwise(text, written.get(p, ())))
            for p in self.intents.get(intent, ())
        )

    def topics_of(self, matched: str) -> tuple[str, ...]:
        return tuple(
            name for name, pattern in self._topic_patterns.items() if pattern.search(matched)
        )

    @cached_property
    def _topic_patterns(self) -> dict[str, re.Pattern[str]]:
        """Per topic, one pattern for any of its phrases (where a word starts)."""
        return {
            name: re.compile(rf"(?<![0-9a-z])(?:{'|'.join(re.escape(p) for p in phrases)})")
            for name, phrases in self.topics.items()
            if phrases
        }

    @cached_property
    def alias_words(self) -> frozenset[str]:
        return frozenset(w for alias in self._by_alias for w in alias.split())

    @cached_property
    def alias_next_words(self) -> dict[str, tuple[str, ...]]:
        """For each word of a name, the words that follow it in names ("quang" -> "ninh",
        "tri", "nam", "ngai", "binh"): a misspelt word is read against those first."""
        following: dict[str, set[str]] = {}
        for alias in self._by_alias:
            words = alias.split()
            for first, second in itertools.pairwise(words):
                following.setdefault(first, set()).add(second)
        return {first: tuple(sorted(seconds)) for first, seconds in following.items()}


_DEFAULT: Lexicon | None = None


def default() -> Lexicon:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Lexicon.load()
    return _DEFAULT
