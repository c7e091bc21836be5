"""The period a figure refers to, as extraction stores it: a year ("2024"), a day
("2020-08-26"), or a span of years ("2021-2025"). One type, parsed once per distinct text
(cached), read everywhere a period is compared, sorted or shown by its year.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

_SPAN = re.compile(r"(\d{4})-(\d{4})")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass(frozen=True, slots=True)
class Period:
    text: str
    """As stored: "2024", "2020-08-26", "2021-2025", or "" when the fact has none."""
    low: str
    """The first year (the text's first four characters unless it is a span)."""
    high: str
    """The last year: the end of a span, else the same as ``low``."""
    span: bool
    years: tuple[int, ...]
    """Every year the text names."""
    year_range: tuple[int, int] | None
    """The lowest and highest year it names, if it names one."""
    year: int | None
    """The year it starts with, if it starts with one."""

    @staticmethod
    def of(text: str | None) -> Period:
        return _parse(text or "")

    def covers(self, years: Sequence[str]) -> bool:
        """Whether it holds one of ``years``; of two or more, whether it overlaps their range."""
        if not self.text:
            return False
        if len(years) >= 2:
            return min(years) <= self.high and self.low <= max(years)
        return any(self.low <= y <= self.high for y in years)

    @property
    def sort_key(self) -> str:
        """ "2019" < "2020-02-12" < "2020": a whole year sorts after its days, a span by its
        end."""
        if not self.text:
            return ""
        if self.span:
            return self.high + "-00"
        return self.text if len(self.text) > 4 else self.text + "-99"


@functools.lru_cache(maxsize=8192)
def _parse(text: str) -> Period:
    span = _SPAN.fullmatch(text)
    low, high = (span.group(1), span.group(2)) if span else (text[:4], text[:4])
    years = tuple(int(y) for y in _YEAR.findall(text))
    extent = (min(years), max(years)) if years else None
    first = int(text[:4]) if re.match(r"\d{4}", text) else None
    return Period(text, low, high, span is not None, years, extent, first)
