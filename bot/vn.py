"""Vietnamese text handling shared by ingestion and questions.

One normaliser serves both sides: text is kept in NFC for display and folded
(lowercase, no diacritics, đ -> d) for matching and indexing.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[0-9a-z]+(?:[.,][0-9]+)*%?|[a-z0-9]+")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

# Old-style tone placement ("hoà", "thuỷ") -> the placement NFC text usually uses ("hòa", "thủy").
_TONE_MOVES = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_RE = re.compile(
    "(?:" + "|".join(map(re.escape, _TONE_MOVES)) + r")(?![a-zà-ỹ])", re.IGNORECASE
)


def clean(text: str) -> str:
    """NFC, no zero-width characters, unified spaces: the display form of any text."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def normalise_tones(text: str) -> str:
    """Move old-style tone marks ("hoà") to the modern position ("hòa") at word ends."""

    def move(match: re.Match[str]) -> str:
        found = match.group(0)
        moved = _TONE_MOVES[found.lower()]
        return moved.upper() if found.isupper() else moved

    return _TONE_RE.sub(move, clean(text))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, strip diacritics (đ -> d), collapse spaces: the matching form."""
    text = unicodedata.normalize("NFD", clean(text).lower())
    text = _COMBINING.sub("", text).replace("đ", "d")
    return _SPACES.sub(" ", text).strip()


def fold_chars(text: str) -> str:
    """Fold character by character so positions stay aligned with the NFC text."""
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return "d" if base == "đ" else base


def written_otherwise(text: str, written: Iterable[str]) -> bool:
    """Whether ``text`` holds the letters of a phrase only with other diacritics on every
    syllable: "đề án đô thị" holds the letters of "ấn độ", "tiện ích" those of "tiền", but
    neither is the word. Letters written without diacritics, or not written at all (an
    abbreviation expanded), do not count against the phrase; a slip on one syllable of
    several ("bô nội vu") does not either."""
    original = normalise_tones(text).lower()
    folded = fold_chars(original)
    found = [
        (original[m.start() : m.end()], phrase)
        for phrase in written
        if fold(phrase)
        for m in re.finditer(rf"(?<![0-9a-z]){re.escape(fold(phrase))}(?![0-9a-z])", folded)
    ]
    return bool(found) and all(
        span != fold(span) and not set(span.split()) & set(phrase.split()) for span, phrase in found
    )


def words(folded: str) -> list[str]:
    """Tokens of folded text; numbers keep their separators so "2.900" stays one token."""
    return _WORD.findall(folded)


def number_token(value: float) -> str:
    """One index token per numeric value, so "2.900" and "2900" meet in FTS5."""
    if value == int(value):
        return f"n{int(value)}"
    return "n" + f"{value:.6g}".replace(".", "p")


def bigrams(tokens: list[str]) -> list[str]:
    """Adjacent syllable pairs as single tokens ("dien_tu"), for phrase-aware retrieval."""
    return [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]


# --- sentences -------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-ZÀ-ỸĐ0-9])")
_ABBREV_END = re.compile(r"(?:\b(?:TP|Tp|St|Mr|Dr|ThS|TS|PGS|GS|Th\.S|v\.v)|\.\.)\.$")


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences without breaking "2.900", "TP. HCM" or "v.v."."""
    parts = _SENTENCE_END.split(paragraph.strip())
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and _ABBREV_END.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


# --- numbers ---------------------------------------------------------------------------------

_SCALES = {
    "nghin": 1e3,
    "ngan": 1e3,
    "trieu": 1e6,
    "ty": 1e9,
    "ti": 1e9,
    "nghin ty": 1e12,
    "ngan ty": 1e12,
    "trieu ty": 1e15,
    "trieu ti": 1e15,
}

_NUMBER_WORDS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi mot": 11,
    "muoi hai": 12,
    "muoi lam": 15,
    "hai muoi": 20,
    "mot tram": 100,
}


NUMBER_WORDS: dict[str, int] = _NUMBER_WORDS
"""Folded number words ("hai", "mười lăm") with their values."""

ORDINALS = {"nhat": 1, "nhi": 2, **{k: v for k, v in _NUMBER_WORDS.items() if v <= 10}}
"""Folded ordinal and number words up to ten ("thứ nhất", "thứ nhì", "top năm")."""


def parse_number(raw: str) -> float | None:
    """Parse a Vietnamese-formatted number: "2.900" -> 2900, "86,5" -> 86.5, "0,6667".

    Dots group thousands when every group after the first has three digits; a comma is the
    decimal mark. A lone dot with other than three digits after it is read as a decimal point,
    as English-formatted sources write it, and so is a dot after a lone zero ("0.389": no
    thousands group follows a zero).
    """
    text = raw.strip().rstrip("%").strip()
    if not text or not re.fullmatch(r"\d+(?:[.,]\d+)*", text):
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3}(?:,\d{3})+\.\d+", text):
        # "1,234,567" or "1,234.5": English thousands commas.
        return float(text.replace(",", ""))
    integer, _, decimal = text.partition(",")
    if "," in decimal or "." in decimal:
        return None
    groups = integer.split(".")
    if len(groups) == 2 and groups[0] == "0" and not decimal:
        return float(f"0.{groups[1]}")
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        integer = "".join(groups)
    elif len(groups) == 2 and not decimal:
        return float(f"{groups[0]}.{groups[1]}")
    elif len(groups) > 1:
        return None
    return float(f"{integer}.{decimal}") if decimal else float(integer)


def parse_number_word(folded: str) -> int | None:
    """Small table for the number words that carry figures ("hai bậc", "mười")."""
    return _NUMBER_WORDS.get(folded.strip())


def scale_of(folded_word: str) -> float | None:
    return _SCALES.get(folded_word.strip())


def format_number(value: float, decimals: int | None = None) -> str:
    """Vietnamese display: 2900 -> "2.900", 86.5 -> "86,5", 0.6667 -> "0,6667"."""
    if decimals is None:
        decimals = 0 if value == int(value) else min(4, len(f"{value:.6g}".partition(".")[2]))
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_amount(value: float) -> str:
    """Large amounts in words people read: 8e12 -> "8.000 tỷ", 57e6 -> "57 triệu", 1,28e15 ->
    "1,28 triệu tỷ"."""
    for size, word in ((1e15, "triệu tỷ"), (1e9, "tỷ"), (1e6, "triệu")):
        if abs(value) >= size:
            return f"{format_number(round(value / size, 2))} {word}"
    return format_number(value)


# Who moved most, on folded text: "Bình Thuận tăng mạnh nhất", "tỉnh thăng cao nhất 34 bậc",
# "thăng hạng nhiều nhất"; "thụt sâu nhất", "giảm mạnh nhất". Articles and questions say it
# alike.
ROSE_MOST = re.compile(
    r"\b(?:tang|thang|thang hang|tang hang|cai thien|tien bo|nhay vot)(?: [a-z]+)?"
    r" (?:manh nhat|nhieu nhat|cao nhat|vuot bac nhat|an tuong nhat)\b"
)
FELL_MOST = re.compile(
    r"\b(?:giam|tut|thut|tut hang|thut hang|sut giam|giam hang)(?: [a-z]+)?"
    r" (?:manh nhat|nhieu nhat|sau nhat)\b"
)
