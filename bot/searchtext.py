"""The text FTS5 indexes and queries: matching form, one token per number, syllable pairs.

Indexing and querying both go through ``terms`` so the two sides always agree.
"""

from __future__ import annotations

import re

from bot import vn
from bot.lexicon import Lexicon

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers_as_tokens(matched: str) -> str:
    def token(m: re.Match[str]) -> str:
        value = vn.parse_number(m.group(0))
        return m.group(0) if value is None else vn.number_token(value)

    return _NUMBER.sub(token, matched)


def terms(text: str, lexicon: Lexicon) -> list[str]:
    """Words of ``text`` in matching form, numbers as single tokens."""
    return vn.words(_numbers_as_tokens(lexicon.match(text)))


BOUNDARY = "|"
_CLAUSE = re.compile(r"[;()\[\]\"“”]|[,:](?!\d)|\s[-–]\s")


def clause_terms(text: str, lexicon: Lexicon) -> list[str]:
    """Like ``terms``, with a BOUNDARY token where a clause ends (comma, semicolon, bracket)."""
    tokens: list[str] = []
    for chunk in _CLAUSE.split(lexicon.match(text)):
        words = vn.words(_numbers_as_tokens(chunk))
        if words:
            if tokens:
                tokens.append(BOUNDARY)
            tokens.extend(words)
    return tokens


def index_text(text: str, lexicon: Lexicon) -> str:
    """Words plus syllable pairs, ready for an FTS5 column."""
    words = terms(text, lexicon)
    return " ".join([*words, *vn.bigrams(words)])


def fts_query(words: list[str]) -> str:
    """An OR query of words and syllable pairs; every token quoted, so user text is inert."""
    return fts_query_tokens([*words, *vn.bigrams(words)])


def fts_query_tokens(tokens: list[str]) -> str:
    # "n86p5%": the figure's token, the sign dropped (FTS5's tokenizer drops it from the index)
    cleaned = (t.removesuffix("%") for t in tokens)
    unique = list(dict.fromkeys(t for t in cleaned if re.fullmatch(r"[0-9a-z_]+", t)))
    return " OR ".join(f'"{t}"' for t in unique)
